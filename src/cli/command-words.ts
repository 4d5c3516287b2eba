import { isAbsolute } from 'node:path';
import { UsageError } from '../errors.js';

/** The command is the words after `--`, all of them and only them (commander gathers every word that is not an option). */
export function checkCommandWords(argv: readonly string[], spaceFile: string, words: readonly string[]): void {
  const end = argv.indexOf('--');
  // `hypertune run -- python train.py`: the program was taken for the space file (a user audit)
  if (end !== -1 && end < argv.indexOf(spaceFile)) throw new UsageError(`give the space file before --: hypertune run space.yaml [options] -- ${[spaceFile, ...words].join(' ')} (or the space itself: hypertune run --param 'lr=loguniform(1e-5, 1e-1)' [options] -- ...)`);
  // without `--` every word after the space file that looks like a flag is taken as ours, so the
  // program's own (`--seed 3`, `--trials`) would silently change the study and never reach it
  if (words.length > 0 && end === -1) {
    throw new UsageError(`put -- before the command to tune: hypertune run ${spaceFile} [options] -- ${words.join(' ')} (without it, its own flags would be read as hypertune's)`);
  }
  // `--study my env -- python train.py`: a word before -- (a value with a space, unquoted) would start the command (a user audit)
  const stray = end === -1 ? [] : words.slice(0, Math.max(0, words.length - (argv.length - end - 1)));
  if (stray.length > 0) throw new UsageError(`${stray.map((word) => JSON.stringify(word)).join(' ')} before -- is no option: the command is what follows -- (a value with spaces is quoted: --study "my study")`);
}

/** Interpreters whose first argument is the script they run (`python3 train.py`). */
const INTERPRETER = /(^|\/)(python[\d.]*|node|Rscript|bash|sh|ruby|perl|julia|uv|deno|bun)$/;

/**
 * With --cwd trial a relative path is looked for in each trial's new, empty folder (a user audit): the
 * program's, or the script an interpreter is given (`python3 examples/train.py`, a re-audit), which every
 * trial would fail on.
 */
export function checkTrialFolderPaths(words: readonly string[]): void {
  const [program = ''] = words;
  const first = INTERPRETER.test(program) ? scriptWord(words.slice(1)) : undefined;
  const script = first !== undefined && /\.\w+$|\//.test(first) ? first : null;
  for (const path of [program, script]) {
    if (path === null || isAbsolute(path) || (path !== script && !path.includes('/'))) continue;
    throw new UsageError(`with --cwd trial each trial runs in its own new folder, where ${path} is not: give its absolute path ("$PWD/${path.replace(/^\.\//, '')}")`);
  }
}

/** An interpreter's option that takes the next word (`-X dev`, `-W error`, `-r ./setup.js`); one after which no script comes (`-m pkg`, `-c code`). */
const OPTION_VALUE = new Set(['-X', '-W', '-r', '--require', '--import', '--loader']);
const NO_SCRIPT = new Set(['-m', '-c', '-e', '-p', '--eval', '--print']);

/** The script an interpreter's words name, past its own options: `python3 -u train.py` slipped by the check (a hostile-program audit). */
function scriptWord(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i += 1) {
    const word = args[i] as string;
    if (NO_SCRIPT.has(word)) return undefined;
    if (!word.startsWith('-')) return word;
    if (OPTION_VALUE.has(word)) i += 1;
  }
  return undefined;
}
