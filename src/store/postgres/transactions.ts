import type pg from 'pg';
import { RuntimeFailure } from '../../errors.js';
import type { NewTrial } from '../../study/events.js';
import type { Trial } from '../../study/types.js';
import { encodeJson } from '../event-codec.js';
import { staleReason } from '../stale.js';
import { RetryTakenError, type SharedCreate } from '../types.js';
import { queryFailure, sqlState, type PostgresTarget } from './connection.js';
import { rowToTrial, TRIAL_COLUMNS, type TrialRow } from './trial-rows.js';

/** Runs `work` in one transaction on one pooled connection; server errors become one clear line. */
export async function inTransaction<T>(pool: pg.Pool, target: PostgresTarget, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect().catch((error: unknown) => Promise.reject(queryFailure(target, error)));
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (error instanceof RuntimeFailure) throw error;
    throw queryFailure(target, error);
  } finally {
    client.release();
  }
}

/**
 * The study row is locked FOR UPDATE first, so every creator of a trial of this study queues here;
 * each later statement of this READ COMMITTED transaction then sees every trial committed before the
 * lock was granted, which makes the target and id checks exact.
 */
export async function createSharedTrial(
  client: pg.PoolClient,
  study: string,
  trial: NewTrial,
  expectedId: number | null,
  missing: () => RuntimeFailure,
): Promise<SharedCreate> {
  const locked = await client.query<{ target: number; next_id: number }>('SELECT target, next_id FROM hypertune_studies WHERE name = $1 FOR UPDATE', [study]);
  const row = locked.rows[0];
  if (row === undefined) throw missing();
  if (expectedId !== null && row.next_id !== expectedId) return { refused: 'id-moved' };
  const live = await client.query<{ live: number }>(
    `SELECT count(*)::int AS live FROM hypertune_trials WHERE study = $1 AND state <> 'interrupted'`,
    [study],
  );
  if ((live.rows[0]?.live ?? 0) >= row.target) return { refused: 'target-reached' };
  if (trial.retryOf !== null) {
    const taken = await client.query('SELECT 1 FROM hypertune_trials WHERE study = $1 AND retry_of = $2', [study, trial.retryOf]);
    if ((taken.rowCount ?? 0) > 0) throw new RetryTakenError(study, trial.retryOf);
  }
  await client.query('UPDATE hypertune_studies SET next_id = next_id + 1 WHERE name = $1', [study]);
  await client.query(
    `INSERT INTO hypertune_trials (study, id, params, startup, state, worker, retry_of, asked_at, heartbeat_at)
     VALUES ($1, $2, $3::jsonb, $4, 'running', $5, $6, $7, $7)`,
    [study, row.next_id, encodeJson(trial.params), trial.startup, trial.worker, trial.retryOf, trial.at],
  ).catch((error: unknown) => {
    // the unique index on retry_of is the last word should the check above ever race
    if (sqlState(error) === '23505' && trial.retryOf !== null) throw new RetryTakenError(study, trial.retryOf);
    throw error;
  });
  return { id: row.next_id };
}

/** One running trial silent since before `now - olderThanMs`, marked interrupted; SKIP LOCKED so two claimers never get the same one. */
export async function claimStaleTrial(client: pg.PoolClient, study: string, olderThanMs: number, now: number, worker: string): Promise<Trial | null> {
  const found = await client.query<TrialRow>(
    `SELECT ${TRIAL_COLUMNS} FROM hypertune_trials
     WHERE study = $1 AND state = 'running' AND coalesce(heartbeat_at, started_at, asked_at) < $2
     ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [study, now - olderThanMs],
  );
  const row = found.rows[0];
  if (row === undefined) return null;
  const stale = rowToTrial(row);
  const error = staleReason(stale, worker);
  await client.query(
    `UPDATE hypertune_trials SET state = 'interrupted', finished_at = $3, error = $4 WHERE study = $1 AND id = $2 AND state = 'running'`,
    [study, stale.id, now, error],
  );
  return { ...stale, state: 'interrupted', finishedAt: now, error };
}
