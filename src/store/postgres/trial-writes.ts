import type pg from 'pg';
import type { NewTrial } from '../../study/events.js';
import { encodeJson } from '../event-codec.js';
import type { Config } from '../../study/types.js';
import { RetryTakenError, type QueueClaim, type RecordedFinish, type SharedCreate } from '../types.js';
import { sqlState, type PostgresTarget } from './connection.js';
import { inTransaction } from './transactions.js';

/**
 * hypertune_create_trial (migrations-4-7.ts) with its checks; its codes: the new id, or -1 no study, -2 id
 * moved, -3 target reached, -4 re-run taken. An external trial (`hypertune ask`) is marked in the same
 * transaction, so no worker ever sees it unmarked and takes it over.
 */
export async function createCheckedTrial(client: pg.PoolClient | pg.Pool, study: string, trial: NewTrial, expectedId: number | null): Promise<number> {
  const result = await client.query<{ id: number }>('SELECT hypertune_create_trial($1, $2::jsonb, $3, $4, $5, $6, $7, $8) AS id', [
    study, encodeJson(trial.params), trial.startup, trial.sampler, trial.worker, trial.retryOf, trial.at, expectedId,
  ]);
  const id = result.rows[0]?.id ?? -1;
  if (id >= 0 && trial.external === true) await client.query('UPDATE hypertune_trials SET external = true, lease_until = $3 WHERE study = $1 AND id = $2', [study, id, trial.leaseUntil ?? null]);
  return id;
}

/**
 * The trial an earlier try of this very creation made, if it did and only its reply was lost: the same
 * worker, ask time and point (and re-run). Asked only on a retry after a lost connection.
 */
async function ownCreation(pool: pg.Pool, study: string, trial: NewTrial): Promise<number | null> {
  const result = await pool.query<{ id: number }>(
    `SELECT id FROM hypertune_trials WHERE study = $1 AND worker = $2 AND asked_at = $3 AND params = $4::jsonb
       AND retry_of IS NOT DISTINCT FROM $5::int ORDER BY id LIMIT 1`,
    [study, trial.worker, trial.at, encodeJson(trial.params), trial.retryOf],
  );
  return result.rows[0]?.id ?? null;
}

/**
 * One creation under the store's retry (`run`), when its reply may be lost with the connection: each
 * retry first looks for the trial the try before made (ownCreation) and answers with that (`made`)
 * instead of creating another. `create` says which trial it is about to create.
 */
export function creatingOnce<T>(
  pool: pg.Pool,
  study: string,
  run: (attempt: () => Promise<T>) => Promise<T>,
  create: (creating: (trial: NewTrial) => void) => Promise<T>,
  made: (id: number) => T,
): Promise<T> {
  let tried: NewTrial | null = null;
  return run(async () => {
    const earlier = tried === null ? null : await ownCreation(pool, study, tried);
    return earlier !== null ? made(earlier) : create((trial) => (tried = trial));
  });
}

/** createCheckedTrial's code as Store.createSharedTrial answers it (-4: the re-run is taken). */
export function sharedCreateOf(id: number, study: string, retryOf: number | null): SharedCreate | 'no-study' {
  if (id >= 0) return { id };
  if (id === -2) return { refused: 'id-moved' };
  if (id === -3) return { refused: 'target-reached' };
  if (id === -4 && retryOf !== null) throw new RetryTakenError(study, retryOf);
  return 'no-study';
}

/** Store.createTrial: the study row's lock serialises id allocation; one statement, one transaction. Null when the study does not exist. */
export async function insertAskedTrial(pool: pg.Pool, study: string, trial: NewTrial): Promise<number | null> {
  const result = await pool.query<{ id: number }>(
    `WITH allocated AS (
       UPDATE hypertune_studies SET next_id = next_id + 1 WHERE name = $1 RETURNING next_id - 1 AS id
     )
     INSERT INTO hypertune_trials (study, id, params, startup, sampler, state, worker, retry_of, asked_at, heartbeat_at, external, lease_until)
     SELECT $1, allocated.id, $2::jsonb, $3, $7, 'running', $4, $5, $6, $6, $8, $9 FROM allocated
     RETURNING id`,
    [study, encodeJson(trial.params), trial.startup, trial.worker, trial.retryOf, trial.at, trial.sampler, trial.external === true, trial.leaseUntil ?? null],
  );
  return result.rows[0]?.id ?? null;
}

/**
 * One trial per row, each with the next id of the study's counter, in the caller's transaction;
 * `columns` after (study, id) take `values` ($2...) from `argsOf(row)`. Null when the study does not exist.
 */
async function insertEach<T>(client: pg.PoolClient, study: string, rows: readonly T[], columns: string, values: string, argsOf: (row: T) => unknown[]): Promise<number[] | null> {
  const ids: number[] = [];
  for (const row of rows) {
    const result = await client.query<{ id: number }>(
      `WITH allocated AS (
         UPDATE hypertune_studies SET next_id = next_id + 1 WHERE name = $1 RETURNING next_id - 1 AS id
       )
       INSERT INTO hypertune_trials (study, id, ${columns})
       SELECT $1, allocated.id, ${values} FROM allocated
       RETURNING id`,
      [study, ...argsOf(row)],
    );
    const inserted = result.rows[0];
    if (inserted === undefined) return null;
    ids.push(inserted.id);
  }
  return ids;
}

/** Trials that ran elsewhere (`add`), inserted finished; null when the study does not exist. */
export function insertRecordedTrials(client: pg.PoolClient, study: string, records: ReadonlyArray<{ trial: NewTrial; finish: RecordedFinish }>): Promise<number[] | null> {
  return insertEach(client, study, records, 'params, startup, sampler, state, value, error, worker, asked_at, finished_at, extras', '$2::jsonb, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb', ({ trial, finish }) => [
    encodeJson(trial.params),
    trial.startup,
    trial.sampler,
    finish.state,
    finish.value,
    finish.error,
    trial.worker,
    trial.at,
    finish.at,
    finish.extras === undefined ? null : encodeJson(finish.extras),
  ]);
}

/** Queued trials (`enqueue`, `start:`), in order; null when the study does not exist. */
export function insertQueued(client: pg.PoolClient, study: string, configs: readonly Config[], at: number): Promise<number[] | null> {
  return insertEach(client, study, configs, "params, startup, sampler, state, asked_at", "$2::jsonb, false, 'enqueued', 'queued', $3", (params) => [encodeJson(params), at]);
}

/** A queued trial taken to run: the study row's lock orders it with every other creator, so the target check is exact. */
export async function claimQueuedTrial(client: pg.PoolClient, study: string, id: number, claim: QueueClaim): Promise<'claimed' | 'taken' | 'target-reached'> {
  // the live count is kept on the study row (schema 7), read under the same lock
  const locked = await client.query<{ target: number; live: number }>('SELECT target, live FROM hypertune_studies WHERE name = $1 FOR UPDATE', [study]);
  const target = locked.rows[0]?.target ?? 0;
  const row = await client.query<{ state: string; worker: string | null; asked_at: string }>('SELECT state, worker, asked_at FROM hypertune_trials WHERE study = $1 AND id = $2', [study, id]);
  const found = row.rows[0];
  // retried after a lost connection, this claim may find its own earlier try's, committed with the reply lost
  if (found?.state === 'running' && found.worker === claim.worker && Number(found.asked_at) === claim.at) return 'claimed';
  if (found?.state !== 'queued') return 'taken';
  if ((locked.rows[0]?.live ?? 0) >= target) return 'target-reached';
  const updated = await client.query(
    `UPDATE hypertune_trials SET state = 'running', params = $3::jsonb, worker = $4, asked_at = $5, heartbeat_at = $5, external = $6, lease_until = $7
     WHERE study = $1 AND id = $2 AND state = 'queued'`,
    [study, id, encodeJson(claim.params), claim.worker, claim.at, claim.external === true, claim.leaseUntil ?? null],
  );
  return updated.rowCount === 1 ? 'claimed' : 'taken';
}

/**
 * A shared study's new trial, its checks made in the server in one round trip (hypertune_create_trial,
 * migrations-4-7.ts); the id, or the function's negative code for a refusal.
 */
export async function createSharedOn(
  pool: pg.Pool,
  target: PostgresTarget,
  withServer: <T>(attempt: () => Promise<T>) => Promise<T>,
  study: string,
  trial: NewTrial,
  expectedId: number | null,
): Promise<number> {
  try {
    // a worker's ask stays one round trip; only an external one needs a transaction to mark it
    const create = (): Promise<number> =>
      trial.external === true ? inTransaction(pool, target, (client) => createCheckedTrial(client, study, trial, expectedId)) : createCheckedTrial(pool, study, trial, expectedId);
    return await creatingOnce(pool, study, withServer, (creating) => (creating(trial), create()), (earlier) => earlier);
  } catch (error) {
    // the unique index on retry_of is the last word should the function's own check ever race
    if (sqlState(error) === '23505' && trial.retryOf !== null) throw new RetryTakenError(study, trial.retryOf);
    throw error;
  }
}
