import { silentMs } from './running-trial.js';
import type { StudySummary } from './summary.js';

/**
 * How long a study that is running has left at its pace so far, in seconds: its trial time (wall-clock
 * while any trial ran, every worker's) per finished trial, times the trials still to finish, or its
 * time budget's rest if that ends sooner. Null while no trial has finished, when nothing bounds it, or
 * when nothing runs (a study stopped has no pace to go on at; nor one whose running trials' workers
 * are all silent: its tuner is likely gone). A watcher's figure (summary), as the run's ETA is its own.
 */
export function timeLeftS(summary: Pick<StudySummary, 'counts' | 'target' | 'trialTimeS' | 'timeBudgetS' | 'trials'>, now: number, gone: ReadonlySet<number> = new Set()): number | null {
  const { complete, failed, pruned } = summary.counts;
  const finished = complete + failed + pruned;
  const running = summary.trials.filter((trial) => trial.runningSince !== null);
  // `gone`: trials whose tuner is known dead (this machine's, its process gone): summary said so, then gave a pace (a user audit)
  const alive = running.some((trial) => silentMs(trial, now) === null && !gone.has(trial.id));
  if (!alive || finished === 0) return null;
  const budgetLeft = summary.timeBudgetS === null ? Infinity : Math.max(0, summary.timeBudgetS - summary.trialTimeS);
  const trialsLeft = summary.target === null ? Infinity : Math.max(0, summary.target - finished) * (summary.trialTimeS / finished);
  const left = Math.min(budgetLeft, trialsLeft);
  return Number.isFinite(left) ? left : null;
}
