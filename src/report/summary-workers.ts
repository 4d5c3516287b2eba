// Who ran a study's trials: several workers when they share a database, and whether they ran at once.
import type { Trial } from '../study/types.js';

export interface WorkerSummary {
  worker: string;
  /** Complete, failed and pruned trials it finished. */
  finished: number;
  running: number;
  /** When its first trial was asked and its last one last heard of (ms): whether workers ran at once. */
  from: number;
  to: number;
}

/** Each worker's trials, most finished first. */
export function summarizeWorkers(trials: readonly Trial[]): WorkerSummary[] {
  const byWorker = new Map<string, WorkerSummary>();
  for (const trial of trials) {
    if (trial.worker === null || trial.worker === '' || trial.state === 'interrupted' || trial.state === 'queued') continue;
    const entry = byWorker.get(trial.worker) ?? { worker: trial.worker, finished: 0, running: 0, from: Infinity, to: -Infinity };
    entry.from = Math.min(entry.from, trial.askedAt);
    entry.to = Math.max(entry.to, trial.finishedAt ?? trial.heartbeatAt ?? trial.startedAt ?? trial.askedAt);
    if (trial.state === 'running') entry.running += 1;
    else entry.finished += 1;
    byWorker.set(trial.worker, entry);
  }
  return [...byWorker.values()].sort((a, b) => b.finished - a.finished || a.worker.localeCompare(b.worker));
}
