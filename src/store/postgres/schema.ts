import type { PoolClient } from 'pg';
import { RuntimeFailure } from '../../errors.js';

// Each entry moves the schema from version (index) to version (index + 1); append, never edit.
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE hypertune_studies (
    name text PRIMARY KEY,
    meta jsonb NOT NULL,
    target integer NOT NULL,
    target_changed_at bigint,
    next_id integer NOT NULL DEFAULT 0,
    created_at bigint NOT NULL
  );
  CREATE TABLE hypertune_trials (
    study text NOT NULL REFERENCES hypertune_studies (name) ON DELETE CASCADE,
    id integer NOT NULL,
    params jsonb NOT NULL,
    startup boolean NOT NULL,
    state text NOT NULL CHECK (state IN ('running', 'complete', 'failed', 'interrupted')),
    value double precision,
    intermediate double precision[] NOT NULL DEFAULT '{}',
    exit_code integer,
    error text,
    worker text,
    retry_of integer,
    asked_at bigint NOT NULL,
    started_at bigint,
    heartbeat_at bigint,
    finished_at bigint,
    PRIMARY KEY (study, id)
  );
  CREATE UNIQUE INDEX hypertune_trials_one_retry ON hypertune_trials (study, retry_of) WHERE retry_of IS NOT NULL;
  CREATE INDEX hypertune_trials_running ON hypertune_trials (study, id) WHERE state = 'running';
  CREATE TABLE hypertune_outputs (
    seq bigserial PRIMARY KEY,
    study text NOT NULL,
    trial_id integer NOT NULL,
    stream text NOT NULL CHECK (stream IN ('stdout', 'stderr')),
    text text NOT NULL,
    FOREIGN KEY (study, trial_id) REFERENCES hypertune_trials (study, id) ON DELETE CASCADE
  );
  CREATE INDEX hypertune_outputs_trial ON hypertune_outputs (study, trial_id, stream, seq);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

// pg_advisory_xact_lock key: the ASCII of "hyprtune", so it is unlikely to clash with an application's.
const SCHEMA_LOCK = '7528171889008930405';

async function currentVersion(client: PoolClient): Promise<number> {
  const exists = await client.query<{ found: string | null }>(`SELECT to_regclass('hypertune_schema_version')::text AS found`);
  if (exists.rows[0]?.found == null) return 0;
  const result = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM hypertune_schema_version');
  return result.rows[0]?.version ?? 0;
}

function tooNew(version: number): RuntimeFailure {
  return new RuntimeFailure(
    `the database holds hypertune schema version ${version}, newer than this hypertune understands (${SCHEMA_VERSION}); upgrade hypertune`,
  );
}

/**
 * Create or migrate the tables on first use. Without DDL when already current (a worker's role
 * may lack CREATE); otherwise in one transaction under an advisory lock, so workers starting
 * together migrate once.
 */
export async function ensureSchema(client: PoolClient): Promise<void> {
  const seen = await currentVersion(client);
  if (seen === SCHEMA_VERSION) return;
  if (seen > SCHEMA_VERSION) throw tooNew(seen);
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(${SCHEMA_LOCK})`);
    await client.query('CREATE TABLE IF NOT EXISTS hypertune_schema_version (version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    const version = await currentVersion(client);
    if (version > SCHEMA_VERSION) throw tooNew(version);
    for (let next = version; next < SCHEMA_VERSION; next += 1) {
      await client.query(MIGRATIONS[next] ?? '');
      await client.query('INSERT INTO hypertune_schema_version (version) VALUES ($1)', [next + 1]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
