import type { PoolClient } from 'pg';
import { RuntimeFailure } from '../../errors.js';
import { sqlState } from './connection.js';
import { MIGRATIONS_1_3 } from './migrations-1-3.js';
import { MIGRATIONS_4_7 } from './migrations-4-7.js';
import { MIGRATIONS_8 } from './migrations-8.js';

// Each entry moves the schema from version (index) to version (index + 1); append, never edit.
const MIGRATIONS: readonly string[] = [...MIGRATIONS_1_3, ...MIGRATIONS_4_7, ...MIGRATIONS_8];

export const SCHEMA_VERSION = MIGRATIONS.length;

// pg_advisory_xact_lock key: the ASCII of "hyprtune", so it is unlikely to clash with an application's.
const SCHEMA_LOCK = '7528171889008930405';

async function currentVersion(client: PoolClient): Promise<number> {
  // one round trip at every worker's start: the table is missing only in a database never used
  // before, where the query fails (undefined_table) instead of being asked about first
  try {
    const result = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM hypertune_schema_version');
    return result.rows[0]?.version ?? 0;
  } catch (error) {
    if (sqlState(error) === '42P01') return 0;
    throw error;
  }
}

/** A failure while creating (from version 0) or migrating the tables, which names the step (a permission denied there needs other advice than one on a read). */
export class SchemaChangeError extends Error {
  constructor(
    readonly from: number,
    readonly to: number,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

function tooNew(version: number): RuntimeFailure {
  return new RuntimeFailure(
    `the database holds hypertune schema version ${version}, newer than this hypertune understands (${SCHEMA_VERSION}); upgrade hypertune`,
  );
}

/** xid8 and pg_current_xact_id(), which the change tracking uses, came with PostgreSQL 13. */
async function requireServer13(client: PoolClient): Promise<void> {
  const result = await client.query<{ version: string }>(`SELECT current_setting('server_version_num') AS version`);
  const version = Number(result.rows[0]?.version ?? 0);
  if (version < 130000) {
    throw new RuntimeFailure(`hypertune needs PostgreSQL 13 or newer; this server is version ${Math.floor(version / 10000)}`);
  }
}

/**
 * Create or migrate the tables on first use (`upTo` a version below the current one is for tests
 * of the migrations). Without DDL when already current (a worker's role
 * may lack CREATE); otherwise in one transaction under an advisory lock, so workers starting
 * together migrate once.
 */
export async function ensureSchema(client: PoolClient, upTo = SCHEMA_VERSION): Promise<void> {
  const seen = await currentVersion(client);
  if (seen === upTo) return;
  if (seen > SCHEMA_VERSION) throw tooNew(seen);
  await requireServer13(client);
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(${SCHEMA_LOCK})`);
    await client.query('CREATE TABLE IF NOT EXISTS hypertune_schema_version (version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const version = await currentVersion(client);
    if (version > SCHEMA_VERSION) throw tooNew(version);
    for (let next = version; next < upTo; next += 1) {
      await client.query(MIGRATIONS[next] ?? '');
      await client.query('INSERT INTO hypertune_schema_version (version) VALUES ($1)', [next + 1]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error instanceof RuntimeFailure ? error : new SchemaChangeError(seen, upTo, error);
  }
}
