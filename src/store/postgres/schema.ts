import type { PoolClient } from 'pg';
import { RuntimeFailure } from '../../errors.js';
import { sqlState } from './connection.js';

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
  // 2: workers re-read only the trials changed since their last read (each row carries the id of the
  // transaction that last wrote it), and create a trial in one round trip instead of seven, holding
  // the study row's lock for microseconds instead of several network turns.
  `
  ALTER TABLE hypertune_trials ADD COLUMN xact xid8;
  CREATE INDEX hypertune_trials_changes ON hypertune_trials (study, xact);
  CREATE FUNCTION hypertune_stamp_trial() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    NEW.xact := pg_current_xact_id();
    RETURN NEW;
  END $$;
  CREATE TRIGGER hypertune_trials_stamp BEFORE INSERT OR UPDATE ON hypertune_trials
    FOR EACH ROW EXECUTE FUNCTION hypertune_stamp_trial();
  CREATE FUNCTION hypertune_create_trial(
    p_study text, p_params jsonb, p_startup boolean, p_worker text, p_retry_of integer, p_at bigint, p_expected integer
  ) RETURNS integer LANGUAGE plpgsql AS $$
  DECLARE
    v_target integer;
    v_next integer;
    v_live integer;
  BEGIN
    -- every creator of a trial of this study queues on the study row; each statement below then sees
    -- every trial committed before the lock was granted, which makes the target and id checks exact
    SELECT target, next_id INTO v_target, v_next FROM hypertune_studies WHERE name = p_study FOR UPDATE;
    IF NOT FOUND THEN RETURN -1; END IF;
    IF p_expected IS NOT NULL AND v_next <> p_expected THEN RETURN -2; END IF;
    SELECT count(*) INTO v_live FROM hypertune_trials WHERE study = p_study AND state <> 'interrupted';
    IF v_live >= v_target THEN RETURN -3; END IF;
    IF p_retry_of IS NOT NULL AND EXISTS (SELECT 1 FROM hypertune_trials WHERE study = p_study AND retry_of = p_retry_of) THEN
      RETURN -4;
    END IF;
    UPDATE hypertune_studies SET next_id = next_id + 1 WHERE name = p_study;
    INSERT INTO hypertune_trials (study, id, params, startup, state, worker, retry_of, asked_at, heartbeat_at)
      VALUES (p_study, v_next, p_params, p_startup, 'running', p_worker, p_retry_of, p_at, p_at);
    RETURN v_next;
  END $$;
  `,
  // 3: each trial records which sampler proposed it (startup, gp, tpe, random, grid). Trials of older
  // versions get what they were: start-up ones `startup`, others the study's one algorithm (tpe unless
  // stored otherwise); hypertune_create_trial takes the sampler.
  `
  ALTER TABLE hypertune_trials ADD COLUMN sampler text;
  UPDATE hypertune_trials t SET sampler = CASE
      WHEN t.startup THEN 'startup'
      WHEN coalesce(s.meta->'options'->>'algo', 'tpe') IN ('tpe', 'random', 'grid') THEN coalesce(s.meta->'options'->>'algo', 'tpe')
    END
    FROM hypertune_studies s WHERE s.name = t.study;
  DROP FUNCTION hypertune_create_trial(text, jsonb, boolean, text, integer, bigint, integer);
  CREATE FUNCTION hypertune_create_trial(
    p_study text, p_params jsonb, p_startup boolean, p_sampler text, p_worker text, p_retry_of integer, p_at bigint, p_expected integer
  ) RETURNS integer LANGUAGE plpgsql AS $$
  DECLARE
    v_target integer;
    v_next integer;
    v_live integer;
  BEGIN
    -- as in version 2: every creator queues on the study row, so the target and id checks are exact
    SELECT target, next_id INTO v_target, v_next FROM hypertune_studies WHERE name = p_study FOR UPDATE;
    IF NOT FOUND THEN RETURN -1; END IF;
    IF p_expected IS NOT NULL AND v_next <> p_expected THEN RETURN -2; END IF;
    SELECT count(*) INTO v_live FROM hypertune_trials WHERE study = p_study AND state <> 'interrupted';
    IF v_live >= v_target THEN RETURN -3; END IF;
    IF p_retry_of IS NOT NULL AND EXISTS (SELECT 1 FROM hypertune_trials WHERE study = p_study AND retry_of = p_retry_of) THEN
      RETURN -4;
    END IF;
    UPDATE hypertune_studies SET next_id = next_id + 1 WHERE name = p_study;
    INSERT INTO hypertune_trials (study, id, params, startup, sampler, state, worker, retry_of, asked_at, heartbeat_at)
      VALUES (p_study, v_next, p_params, p_startup, p_sampler, 'running', p_worker, p_retry_of, p_at, p_at);
    RETURN v_next;
  END $$;
  `,
  // 4: trials may be `pruned` (stopped early by a pruner; counted toward the target as finished), and
  // each intermediate value keeps its step (older values get their ordinal, as they were read).
  `
  ALTER TABLE hypertune_trials DROP CONSTRAINT IF EXISTS hypertune_trials_state_check;
  ALTER TABLE hypertune_trials ADD CONSTRAINT hypertune_trials_state_check
    CHECK (state IN ('running', 'complete', 'failed', 'pruned', 'interrupted'));
  ALTER TABLE hypertune_trials ADD COLUMN steps double precision[] NOT NULL DEFAULT '{}';
  UPDATE hypertune_trials SET steps = ARRAY(SELECT generate_series(1, cardinality(intermediate))::float8)
    WHERE cardinality(intermediate) > 0;
  `,
  // 5: a trial asked from outside (`hypertune ask`) has no worker beating for it: it is never taken over
  `
  ALTER TABLE hypertune_trials ADD COLUMN external boolean NOT NULL DEFAULT false;
  `,
  // 6: configurations queued by hypertune enqueue are trials in state 'queued' until a worker claims
  // one; they do not count toward the target, so hypertune_create_trial leaves them out of its count
  `
  ALTER TABLE hypertune_trials DROP CONSTRAINT hypertune_trials_state_check;
  ALTER TABLE hypertune_trials ADD CONSTRAINT hypertune_trials_state_check
    CHECK (state IN ('running', 'complete', 'failed', 'pruned', 'interrupted', 'queued'));
  CREATE OR REPLACE FUNCTION hypertune_create_trial(
    p_study text, p_params jsonb, p_startup boolean, p_sampler text, p_worker text, p_retry_of integer, p_at bigint, p_expected integer
  ) RETURNS integer LANGUAGE plpgsql AS $$
  DECLARE
    v_target integer;
    v_next integer;
    v_live integer;
  BEGIN
    -- as in version 3, but queued trials are not live (pruned ones are: they count as finished)
    SELECT target, next_id INTO v_target, v_next FROM hypertune_studies WHERE name = p_study FOR UPDATE;
    IF NOT FOUND THEN RETURN -1; END IF;
    IF p_expected IS NOT NULL AND v_next <> p_expected THEN RETURN -2; END IF;
    SELECT count(*) INTO v_live FROM hypertune_trials WHERE study = p_study AND state NOT IN ('interrupted', 'queued');
    IF v_live >= v_target THEN RETURN -3; END IF;
    IF p_retry_of IS NOT NULL AND EXISTS (SELECT 1 FROM hypertune_trials WHERE study = p_study AND retry_of = p_retry_of) THEN
      RETURN -4;
    END IF;
    UPDATE hypertune_studies SET next_id = next_id + 1 WHERE name = p_study;
    INSERT INTO hypertune_trials (study, id, params, startup, sampler, state, worker, retry_of, asked_at, heartbeat_at)
      VALUES (p_study, v_next, p_params, p_startup, p_sampler, 'running', p_worker, p_retry_of, p_at, p_at);
    RETURN v_next;
  END $$;
  `,
  // 7: the target check reads a counter of live trials (neither interrupted nor queued) kept on the
  // study row, instead of counting a study's trials at every creation: O(1) at 100,000 trials. A
  // trigger keeps it; it writes the study row only when a trial becomes live or stops being live (an
  // insert, a take-over, a claim), never for heartbeats, results or finishes that stay live.
  // (A deleted study's trials are deleted by the cascade after it: the update then finds no row.)
  `
  ALTER TABLE hypertune_studies ADD COLUMN live integer NOT NULL DEFAULT 0;
  UPDATE hypertune_studies s SET live = (
    SELECT count(*) FROM hypertune_trials t WHERE t.study = s.name AND t.state NOT IN ('interrupted', 'queued'));
  -- a state change is one row per statement: counted row by row, and only when the state changes
  CREATE FUNCTION hypertune_count_live_change() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    v_delta integer := (NEW.state NOT IN ('interrupted', 'queued'))::integer - (OLD.state NOT IN ('interrupted', 'queued'))::integer;
  BEGIN
    IF v_delta <> 0 THEN UPDATE hypertune_studies SET live = live + v_delta WHERE name = NEW.study; END IF;
    RETURN NULL;
  END $$;
  CREATE TRIGGER hypertune_trials_live_change AFTER UPDATE OF state ON hypertune_trials
    FOR EACH ROW EXECUTE FUNCTION hypertune_count_live_change();
  -- inserts and deletes may come by the thousand in one statement (a study dropped with its trials):
  -- one update per study and statement, as updating one row thousands of times in a transaction is slow
  CREATE FUNCTION hypertune_count_live_rows() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      UPDATE hypertune_studies s SET live = s.live + d.n
        FROM (SELECT study, count(*)::integer AS n FROM hypertune_new_trials WHERE state NOT IN ('interrupted', 'queued') GROUP BY study) d
        WHERE s.name = d.study;
    ELSE
      UPDATE hypertune_studies s SET live = s.live - d.n
        FROM (SELECT study, count(*)::integer AS n FROM hypertune_old_trials WHERE state NOT IN ('interrupted', 'queued') GROUP BY study) d
        WHERE s.name = d.study;
    END IF;
    RETURN NULL;
  END $$;
  CREATE TRIGGER hypertune_trials_live_insert AFTER INSERT ON hypertune_trials
    REFERENCING NEW TABLE AS hypertune_new_trials FOR EACH STATEMENT EXECUTE FUNCTION hypertune_count_live_rows();
  CREATE TRIGGER hypertune_trials_live_delete AFTER DELETE ON hypertune_trials
    REFERENCING OLD TABLE AS hypertune_old_trials FOR EACH STATEMENT EXECUTE FUNCTION hypertune_count_live_rows();
  CREATE OR REPLACE FUNCTION hypertune_create_trial(
    p_study text, p_params jsonb, p_startup boolean, p_sampler text, p_worker text, p_retry_of integer, p_at bigint, p_expected integer
  ) RETURNS integer LANGUAGE plpgsql AS $$
  DECLARE
    v_target integer;
    v_next integer;
    v_live integer;
  BEGIN
    -- as in version 6, with the live count read from the study row this lock holds still
    SELECT target, next_id, live INTO v_target, v_next, v_live FROM hypertune_studies WHERE name = p_study FOR UPDATE;
    IF NOT FOUND THEN RETURN -1; END IF;
    IF p_expected IS NOT NULL AND v_next <> p_expected THEN RETURN -2; END IF;
    IF v_live >= v_target THEN RETURN -3; END IF;
    IF p_retry_of IS NOT NULL AND EXISTS (SELECT 1 FROM hypertune_trials WHERE study = p_study AND retry_of = p_retry_of) THEN
      RETURN -4;
    END IF;
    UPDATE hypertune_studies SET next_id = next_id + 1 WHERE name = p_study;
    INSERT INTO hypertune_trials (study, id, params, startup, sampler, state, worker, retry_of, asked_at, heartbeat_at)
      VALUES (p_study, v_next, p_params, p_startup, p_sampler, 'running', p_worker, p_retry_of, p_at, p_at);
    RETURN v_next;
  END $$;
  `,
];

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
    throw error;
  }
}
