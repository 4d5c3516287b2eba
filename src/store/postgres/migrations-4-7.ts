// Schema versions 4 to 7 (after migrations-1-3.ts); a version 8 goes into a file of its own.
export const MIGRATIONS_4_7: readonly string[] = [
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
