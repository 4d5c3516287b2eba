import type { StudyState } from './replay.js';
import { trialRecordOf, type Trial, type TrialRecord } from './types.js';

/** A trial as far as its re-runs go: its id, state, and the trial it runs again (absent or null: none). */
type ReRunnable = Pick<Trial, 'id' | 'state'> & { retryOf?: number | null };

/**
 * A trial as the samplers learn from it: trialRecordOf's reading, except that a failed trial run again
 * with the same parameters (`--retries`: its program crashed) is read as interrupted, which they
 * skip. The re-run's result stands for the configuration, and a passing crash (the kernel's
 * out-of-memory killer, a file system away for a moment) does not mark its region as failing.
 * `rerun`: the ids some trial re-runs (reRunIds).
 */
export function learnedRecordOf(trial: Trial, rerun: ReadonlySet<number>): TrialRecord {
  return trialRecordOf(trial.state === 'failed' && rerun.has(trial.id) ? { ...trial, state: 'interrupted' } : trial);
}

/** The ids of trials that a trial asked before `before` (an id; default: any) runs again. */
export function reRunIds(trials: readonly ReRunnable[], before = Infinity): Set<number> {
  const ids = new Set<number>();
  for (const trial of trials) if (trial.id < before && typeof trial.retryOf === 'number') ids.add(trial.retryOf);
  return ids;
}

/** How many failed trials a later trial ran again (`--retries`: crashes, not the configurations' answers). */
export function crashesRunAgain(trials: readonly ReRunnable[]): number {
  const rerun = reRunIds(trials);
  return trials.filter((trial) => trial.state === 'failed' && rerun.has(trial.id)).length;
}

/** An interrupted trial that no trial runs again yet: the next ask runs it first. */
export function awaitsRerun(state: Pick<StudyState, 'retried'>, trial: Pick<Trial, 'id' | 'state'>): boolean {
  return trial.state === 'interrupted' && !state.retried.has(trial.id);
}

/** Every trial of a study as the samplers learn from it now (learnedRecordOf). */
export function learnedHistory(trials: readonly Trial[]): TrialRecord[] {
  const rerun = reRunIds(trials);
  return trials.map((trial) => learnedRecordOf(trial, rerun));
}
