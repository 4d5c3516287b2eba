// Schema versions 1 to 3, applied in order by ensureSchema (schema.ts); tables in docs/storage-schema.md.
// Each entry moves the schema from version (index) to version (index + 1); append, never edit.
export const MIGRATIONS_1_3: readonly string[] = [
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
];
