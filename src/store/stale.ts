import { hostname } from 'node:os';
import type { Trial } from '../study/types.js';
import { isProcessAlive } from './journal/process-alive.js';

/** Store.claimStale's question: silent for `olderThanMs` by `now`; given `gone`, only those workers' trials. */
export interface StaleClaim {
  olderThanMs: number;
  now: number;
  worker: string;
  gone?: readonly string[] | undefined;
}

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

/**
 * Whether a worker (`host:pid`, as every tuner names itself) ran on this machine and its process is
 * gone: a tuner killed with -9, its session closed. False for another host's, and for a pid alive here.
 */
export function workerGoneHere(worker: string | null, host: string = hostname()): boolean {
  if (worker === null) return false;
  const at = worker.lastIndexOf(':');
  const pid = Number(worker.slice(at + 1));
  return at > 0 && worker.slice(0, at) === host && Number.isInteger(pid) && pid > 0 && !isProcessAlive(pid, null);
}

/** Why a trial was taken over: `gone`, its worker was found dead on the claimer's machine; else it went silent. */
export function staleReason(trial: Trial, claimer: string, gone = false): string {
  if (trial.external) return `not told within its lease (until ${new Date(trial.leaseUntil ?? trial.askedAt).toISOString()}); given again by ${claimer}`;
  if (gone) return `its worker (${trial.worker ?? 'unknown'}) is no longer running on this machine; taken over by ${claimer}`;
  const since = new Date(lastSignOfLife(trial)).toISOString();
  return `no heartbeat from its worker (${trial.worker ?? 'unknown'}) since ${since}; taken over by ${claimer}`;
}
