// A study's settings checked as a whole, once resolved from flags, space file and store: what no single
// flag's parser can see (two flags that contradict each other).
import { prunerProblem } from '../engine/index.js';
import { UsageError } from '../errors.js';
import type { CwdMode, RunSettings } from './settings.js';

/** GPU slots as the user reads them: one trial's group joined by `+` (`0+1,2+3`). */
export function gpuSlotsText(slots: readonly string[]): string {
  return slots.map((slot) => slot.replace(/,/g, '+')).join(',');
}

/** Whether each trial's metric file is its own: the path names the trial, or is relative to the trial's own folder. */
function ownFilePerTrial(file: string, cwdMode: CwdMode): boolean {
  return /\{(trial_dir|trial_id)\}/.test(file) || (cwdMode === 'trial' && !file.startsWith('/'));
}

export function checkSettings(settings: RunSettings): void {
  const problem = prunerProblem(settings.prune);
  if (problem !== null) throw new UsageError(problem);
  const twice = settings.extraMetrics.find((name, i) => name === settings.metric || settings.extraMetrics.indexOf(name) !== i);
  if (twice !== undefined) throw new UsageError(`--extra-metrics: ${twice} is ${twice === settings.metric ? "the study's metric already" : 'given twice'}; list each other metric to record once`);
  if ((settings.pass === 'config-file') !== (settings.configFile !== null)) {
    throw new UsageError(settings.configFile === null ? '--pass config-file writes the parameters into a copy of the file --config-file names: give --config-file' : `--config-file writes the parameters into each trial's copy of ${settings.configFile}: leave out --pass ${settings.pass}`);
  }
  const file = settings.metricFile ?? null;
  if (file !== null && settings.parallel > 1 && !ownFilePerTrial(file, settings.cwdMode)) {
    throw new UsageError(
      `with --parallel ${settings.parallel} every trial would write and read the same metric file ${file}: ` +
        `give each trial its own, e.g. --metric-file '{trial_dir}/${file.split('/').pop() ?? file}' (and the same path in the command), or --cwd trial with a relative path`,
    );
  }
  if (settings.gpus.length > 0 && settings.parallel > settings.gpus.length) {
    const grouped = settings.gpus.some((slot) => slot.includes(','));
    throw new UsageError(
      `--parallel ${settings.parallel} needs at least ${settings.parallel} GPU ${grouped ? 'groups' : 'ids'} in --gpus (got ${gpuSlotsText(settings.gpus)}); ` +
        (grouped ? 'give more ids, or fewer per trial' : 'list an id twice to share a GPU between two trials'),
    );
  }
}
