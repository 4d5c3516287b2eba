import type { Trial } from '../study/types.js';

/** The moment a running trial last showed life. */
export function lastSignOfLife(trial: Trial): number {
  return trial.heartbeatAt ?? trial.startedAt ?? trial.askedAt;
}

/**
 * Whether a running trial has gone silent by `now`: a worker's, its heartbeat older than `olderThanMs`;
 * an asked one (`hypertune ask`, no heartbeats), past its lease, and never without one.
 */
export function pastSignOfLife(trial: Trial, olderThanMs: number, now: number): boolean {
  if (trial.external) return trial.leaseUntil !== undefined && trial.leaseUntil < now;
  return lastSignOfLife(trial) < now - olderThanMs;
}

export function staleReason(trial: Trial, claimer: string): string {
  if (trial.external) return `not told within its lease (until ${new Date(trial.leaseUntil ?? trial.askedAt).toISOString()}); given again by ${claimer}`;
  const since = new Date(lastSignOfLife(trial)).toISOString();
  return `no heartbeat from its worker (${trial.worker ?? 'unknown'}) since ${since}; taken over by ${claimer}`;
}
