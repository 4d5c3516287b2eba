// The command line a trial was started with, for `show`: the argv the runner builds from the study's
// stored command and the trial's parameters. Without it a user who wanted to run the best trial again
// by hand, or to see why every trial failed with argparse's `unrecognized arguments: true`, had to work
// out the placeholders, left-out words and switches themselves (a user audit).
import { join, resolve } from 'node:path';
import { settingsFromStored, type RunSettings } from '../loop/index.js';
import { buildInvocation, configCopyName } from '../runner/index.js';
import { floatLabels } from '../space/index.js';
import { studyStartFolder, type StudyState } from '../study/replay.js';
import type { Config } from '../space/types.js';
import { quoteCommand } from './shell-words.js';
import { DEFAULT_DIR, storedSpace } from './study-store.js';

export interface TrialCommand {
  argv: string[];
  /** Where it ran: its own folder (--cwd trial), the folder its worker ran it in, or the study's start folder; null when not known. */
  cwd: string | null;
  /** With --pass env, the parameters' variables, the only way they reach the program. */
  env: Record<string, string>;
}

/**
 * The argv of trial `id` with `params`, as the runner built it; null for a study without a command
 * (`create`, whose trials are asked and told) or one whose stored space no longer parses.
 */
export function trialCommandOf(state: StudyState, study: string, id: number, params: Config, dir: string | undefined, external: boolean, ranIn?: string): TrialCommand | null {
  if (external || state.meta.command.length === 0) return null;
  let space;
  try {
    space = storedSpace(state.meta);
  } catch {
    return null;
  }
  const settings = settingsFromStored(state.meta.options, space);
  // the folder as the run names it on this machine (docs/running.md, "A folder per trial")
  const trialDir = join(resolve(dir ?? DEFAULT_DIR), study, 'trials', String(id));
  const launch = {
    command: state.meta.command,
    params,
    labels: space.nodes.map((node) => node.label),
    floats: floatLabels(space),
    trialId: id,
    study,
    pass: settings.pass,
    trialDir,
    ...trialFilesIn(trialDir, settings),
  };
  const invocation = buildInvocation(launch);
  const env = settings.pass === 'env' ? Object.fromEntries(Object.entries(invocation.env).filter(([name]) => name.startsWith('HP_'))) : {};
  // the folder the worker that ran it recorded; a trial not started yet, or of an older journal, the study's
  return { argv: [invocation.file, ...invocation.args], cwd: settings.cwdMode === 'trial' ? trialDir : (ranIn ?? studyStartFolder(state)), env };
}

/** The files run writes a trial's parameters to in its folder (--pass json-file, --config-file), as run names them. */
export function trialFilesIn(trialDir: string, settings: Pick<RunSettings, 'pass' | 'configFile'>): { paramsFile?: string; configFile?: string } {
  return {
    ...(settings.pass === 'json-file' ? { paramsFile: join(trialDir, 'params.json') } : {}),
    ...(settings.configFile === null ? {} : { configFile: join(trialDir, configCopyName(settings.configFile)) }),
  };
}

/** The command as a line to paste into a shell, variables first (`HP_LR=0.01 python train.py`). */
export function commandLine(command: TrialCommand): string {
  return quoteCommand([...Object.entries(command.env).map(([name, value]) => `${name}=${value}`), ...command.argv]);
}
