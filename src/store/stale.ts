import type { Trial } from '../study/types.js';

/** The moment a running trial last showed life. */
export function lastSignOfLife(trial: Trial): number {
  return trial.heartbeatAt ?? trial.startedAt ?? trial.askedAt;
}

export function staleReason(trial: Trial, claimer: string): string {
  const since = new Date(lastSignOfLife(trial)).toISOString();
  return `no heartbeat from its worker (${trial.worker ?? 'unknown'}) since ${since}; taken over by ${claimer}`;
}
