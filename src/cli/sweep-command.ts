import type { KatibOrigin, SpaceOrigin, SweepOrigin } from '../space/types.js';
import { INLINE_SPACE } from './inline-space.js';
import { quoteArg } from './shell-words.js';

/** The W&B `command:` macros that are a `--pass` mode here, and the words each leaves in the command. */
const PASSED_AS: Record<string, { pass: string; words: string[] }> = {
  '${args_no_hyphens}': { pass: 'args', words: [] },
  '${args_no_boolean_flags}': { pass: 'switches', words: [] },
  '${args_json_file}': { pass: 'json-file', words: ['{params_file}'] },
};

/**
 * The `hypertune run` line that runs a W&B sweep's program as W&B's agent would: its `command:` words
 * (default `${env} ${interpreter} ${program} ${args}`) with the macros made hypertune's. `${args}` is
 * hypertune's default (`--lr=0.01`); `${args_no_hyphens}` is `--pass args` (`lr=0.01`),
 * `${args_no_boolean_flags}` is `--pass switches`, `${args_json_file}` is `{params_file}` with `--pass
 * json-file`. Null when the sweep names no program and no command.
 */
export function sweepRunLine(spaceFile: string, origin: SweepOrigin): string | null {
  const program = origin.program;
  const template = origin.command ?? (program === null ? null : ['${env}', '${interpreter}', '${program}', '${args}']);
  if (template === null) return null;
  const pass: string[] = [];
  const words = template.flatMap((word): string[] => {
    if (word === '${env}' || word === '${args}') return [];
    // W&B's agent runs a .py program with python, anything else as it is
    if (word === '${interpreter}') return program !== null && !program.endsWith('.py') ? [] : ['python'];
    if (word === '${program}') return program === null ? [] : [program.endsWith('.py') || program.includes('/') ? program : `./${program}`];
    const macro = PASSED_AS[word];
    if (macro !== undefined) {
      pass.push('--pass', macro.pass);
      return macro.words;
    }
    // ${envvar:NAME} anywhere in a word: the shell's "$NAME" (W&B's agent reads the variable the same way)
    if (/\$\{envvar:\w+\}/.test(word) && !/["\\`]/.test(word)) return [`"${word.replace(/\$(?!\{envvar:)/g, '\\$').replace(/\$\{envvar:(\w+)\}/g, '$${$1}')}"`];
    return [quoteArg(word)];
  });
  return `hypertune run ${quoteArg(spaceFile)} ${[...pass, '--', ...words].join(' ')}`;
}

/** `run` without a command: an example, or the line that runs the program another tool's file names. */
export function noCommandMessage(spaceFile: string, origin: SpaceOrigin | undefined): string {
  const line = origin === undefined ? null : originRunLine(spaceFile, origin);
  if (line !== null && origin?.format === 'wandb') return `no command to tune: a sweep's program: is run by W&B's agent, not by hypertune; give the command after \`--\`: ${line}`;
  if (line !== null) return `no command to tune: give it after \`--\`; the experiment's trial container runs ${line} (its paths are the image's)`;
  if (origin?.format === 'hydra') {
    return `no command to tune: give the application's command after \`--\`: hypertune run ${quoteArg(spaceFile)} -- python src/train.py (without -m or hparams_search=: each trial is one run, its parameters passed as Hydra overrides)`;
  }
  return `no command to tune: give it after \`--\`, e.g. \`hypertune run ${spaceFile === INLINE_SPACE ? "--param 'lr=loguniform(1e-5, 1e-1)'" : 'space.yaml'} -- python train.py\``;
}

/** The `hypertune run` line of the program another tool's file names (a W&B sweep's, a Katib trial container's); null where it names none. */
export function originRunLine(spaceFile: string, origin: SpaceOrigin): string | null {
  return origin.format === 'wandb' ? sweepRunLine(spaceFile, origin) : origin.format === 'katib' ? katibRunLine(spaceFile, origin) : null;
}

/** The `hypertune run` line of a Katib trial template's command, its parameters as `{label}` placeholders. */
export function katibRunLine(spaceFile: string, origin: KatibOrigin): string | null {
  return origin.command === null ? null : `hypertune run ${quoteArg(spaceFile)} -- ${origin.command.map(quoteArg).join(' ')}`;
}
