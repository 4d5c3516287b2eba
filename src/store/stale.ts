import type { Trial } from '../study/types.js';

/** The moment a running trial last showed life. */
export function lastSignOfLife(trial: Trial): number {
  // an asked trial's job sends no heartbeats: its lease is the promise of life it gave
  if (trial.external && trial.leaseUntil !== undefined) return trial.leaseUntil;
  return trial.heartbeatAt ?? trial.startedAt ?? trial.askedAt;
}

export function staleReason(trial: Trial, claimer: string): string {
  if (trial.external) return `not told within its lease (until ${new Date(lastSignOfLife(trial)).toISOString()}); given again by ${claimer}`;
  const since = new Date(lastSignOfLife(trial)).toISOString();
  return `no heartbeat from its worker (${trial.worker ?? 'unknown'}) since ${since}; taken over by ${claimer}`;
}
