import { appendFileSync } from 'node:fs';
import type pg from 'pg';

/**
 * What one store did on the server, for `npm run bench -- scale`: statements sent (each is one round
 * trip: node-postgres waits for every reply before sending the next), trial creations asked and those
 * that succeeded (asks per created trial shows how often a proposal was thrown away), and the time the
 * study's ask lock was held (its inverse bounds the trials per second one study can take).
 */
export interface StoreStats {
  roundTrips: number;
  createCalls: number;
  created: number;
  /** Asks that created a trial under the study's lock, and how long this process held it for them in all (ms). */
  locked: number;
  lockHeldMs: number;
}

export const newStoreStats = (): StoreStats => ({ roundTrips: 0, createCalls: 0, created: 0, locked: 0, lockHeldMs: 0 });

/** Counts every statement of every connection the pool opens (pool.query goes through client.query too). */
export function countRoundTrips(pool: pg.Pool, stats: StoreStats): void {
  pool.on('connect', (client) => {
    const send = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      stats.roundTrips += 1;
      return send(...args);
    };
  });
}

/**
 * HYPERTUNE_STATS_FILE set: on close, append one JSON line with the counts and this process's own CPU
 * time (user + system, ms; trial programs are child processes and not included), so that a benchmark
 * can add up its worker processes. Off unless asked for.
 */
export function writeStoreStats(stats: StoreStats): void {
  const file = process.env['HYPERTUNE_STATS_FILE'];
  if (file === undefined || file === '') return;
  const cpu = process.cpuUsage();
  appendFileSync(file, `${JSON.stringify({ pid: process.pid, ...stats, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
}
