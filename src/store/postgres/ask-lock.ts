import type pg from 'pg';
import type { NewTrial } from '../../study/events.js';
import { encodeJson } from '../event-codec.js';
import type { SharedCreate, StudyChanges } from '../types.js';
import { CHANGES_SQL, changesFromRows, type ChangeRow } from './changes.js';
import type { StoreStats } from './store-stats.js';

/**
 * Store.askUnderLock on one connection. The study row's lock is the one every creator of a trial
 * takes (hypertune_create_trial, claims, enqueue, add), so while it is held the changes read are the
 * whole study and the trial created gets the id its proposal was made for: no refusal, no retry.
 *
 * The lock is held from the moment it is granted to the commit, so the statements in that span are
 * sent as two multi-statement strings (values as escaped literals; the simple protocol allows no
 * parameters there): lock and read in one round trip, create and commit in the next. On a busy
 * machine each round trip waits for both processes to be scheduled, and every other worker waits
 * behind it. Each statement of a string takes its own snapshot (READ COMMITTED), so the read sees
 * every commit made before the lock was granted.
 */
export async function askWithLock(
  client: pg.PoolClient,
  study: string,
  cursor: string | null,
  stats: Pick<StoreStats, 'locked' | 'lockHeldMs'>,
  decide: (changes: StudyChanges) => NewTrial | null,
): Promise<SharedCreate | null | 'no-study'> {
  const lit = (value: string | number | boolean | null): string =>
    value === null ? 'NULL' : typeof value === 'string' ? client.escapeLiteral(value) : String(value);
  try {
    // $2 first: the study's literal may itself contain `$2`
    const read = CHANGES_SQL.replaceAll('$2', () => lit(cursor)).replace('$1', () => lit(study));
    const results = await multi(client, `BEGIN; SELECT 1 FROM hypertune_studies WHERE name = ${lit(study)} FOR UPDATE; ${read}`);
    // from the reply that says the lock is held to the one that says it is released (the commit's)
    const granted = performance.now();
    const changes = changesFromRows((results[2]?.rows ?? []) as ChangeRow[]);
    if (changes === null) return await rollback(client, 'no-study');
    const trial = decide(changes);
    if (trial === null) return await rollback(client, null);
    const args = [study, encodeJson(trial.params), trial.startup, trial.sampler, trial.worker, trial.retryOf, trial.at].map(lit);
    const external = trial.external === true;
    const created = await multi(client, `SELECT hypertune_create_trial(${args.join(', ')}, NULL) AS id${external ? '' : '; COMMIT'}`);
    const id = (created[0]?.rows[0] as { id: number } | undefined)?.id ?? -1;
    if (id < 0) await client.query('ROLLBACK');
    // an external trial (`hypertune ask`) is marked in the same transaction: no worker ever sees it unmarked
    else if (external) {
      const lease = trial.leaseUntil === undefined ? 'NULL' : lit(trial.leaseUntil);
      await client.query(`UPDATE hypertune_trials SET external = true, lease_until = ${lease} WHERE study = ${lit(study)} AND id = ${id}; COMMIT`);
    }
    stats.locked += 1;
    stats.lockHeldMs += performance.now() - granted;
    // the target was checked on what was just read under the lock: only a bug could refuse it
    if (id >= 0) return { id };
    return id === -1 ? 'no-study' : { refused: id === -3 ? 'target-reached' : 'id-moved' };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function multi(client: pg.PoolClient, text: string): Promise<pg.QueryResult[]> {
  const result = (await client.query(text)) as pg.QueryResult | pg.QueryResult[];
  return Array.isArray(result) ? result : [result];
}

async function rollback<T>(client: pg.PoolClient, value: T): Promise<T> {
  await client.query('ROLLBACK');
  return value;
}
