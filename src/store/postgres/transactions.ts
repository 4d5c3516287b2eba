import type pg from 'pg';
import { RuntimeFailure } from '../../errors.js';
import type { Trial } from '../../study/types.js';
import { staleReason, type StaleClaim } from '../stale.js';
import { queryFailure, type PostgresTarget } from './connection.js';
import { isConnectionLoss } from './reconnect.js';
import { rowToTrial, TRIAL_COLUMNS, type TrialRow } from './trial-rows.js';

/**
 * A pooled connection held across awaits. A connection lost while the client sits between queries
 * (the ask's lock is held while the engine proposes) is an 'error' event on the client, which would
 * end the process without a listener; here it is kept, the next query fails with the loss instead,
 * and the broken client is destroyed rather than returned to the pool.
 */
async function checkout(pool: pg.Pool, target: PostgresTarget): Promise<{ client: pg.PoolClient; release(): void }> {
  // a lost connection stays a raw error, so that the caller's reconnector can tell and try again
  const client = await pool.connect().catch((error: unknown) => Promise.reject(isConnectionLoss(error) ? error : queryFailure(target, error)));
  let lost: Error | undefined;
  const onError = (error: Error): void => {
    lost = error;
  };
  client.on('error', onError);
  return {
    client,
    release: () => {
      client.off('error', onError);
      client.release(lost);
    },
  };
}

/** Runs `work` in one transaction on one pooled connection; server errors become one clear line. */
export async function inTransaction<T>(pool: pg.Pool, target: PostgresTarget, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const { client, release } = await checkout(pool, target);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (error instanceof RuntimeFailure || isConnectionLoss(error)) throw error;
    throw queryFailure(target, error);
  } finally {
    release();
  }
}

/** Runs `work` on one pooled connection (which manages its own transaction); server errors become one clear line. */
export async function onConnection<T>(pool: pg.Pool, target: PostgresTarget, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const { client, release } = await checkout(pool, target);
  try {
    return await work(client);
  } catch (error) {
    if (error instanceof RuntimeFailure || isConnectionLoss(error)) throw error;
    throw queryFailure(target, error);
  } finally {
    release();
  }
}

/**
 * One running trial silent since before `now - olderThanMs` (given `gone`, only a worker's trial of
 * those workers), marked interrupted; SKIP LOCKED so two claimers never get the same one.
 */
export async function claimStaleTrial(client: pg.PoolClient, study: string, claim: StaleClaim): Promise<Trial | null> {
  const { olderThanMs, now, worker, gone } = claim;
  const found = await client.query<TrialRow>(
    `SELECT ${TRIAL_COLUMNS} FROM hypertune_trials
     WHERE study = $1 AND state = 'running'
       AND (NOT external AND coalesce(heartbeat_at, started_at, asked_at) < $2 OR external AND lease_until < $3)
       AND ($4::text[] IS NULL OR NOT external AND worker = ANY($4::text[]))
     ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [study, now - olderThanMs, now, gone === undefined ? null : [...gone]],
  );
  const row = found.rows[0];
  if (row === undefined) return null;
  const stale = rowToTrial(row);
  const error = staleReason(stale, worker, gone !== undefined);
  await client.query(
    `UPDATE hypertune_trials SET state = 'interrupted', finished_at = $3, error = $4 WHERE study = $1 AND id = $2 AND state = 'running'`,
    [study, stale.id, now, error],
  );
  return { ...stale, state: 'interrupted', finishedAt: now, error };
}
