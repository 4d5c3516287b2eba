import type pg from 'pg';
import type { StudyEvent, StudyMeta } from '../../study/events.js';
import { isTrialSampler } from '../../study/sampler.js';
import type { StopRule } from '../../study/stop-rule.js';
import type { Config, Trial, TrialState } from '../../study/types.js';
import { decodeJson, encodeJson } from '../event-codec.js';

export const TRIAL_COLUMNS = `id, params::text AS params, startup, sampler, state, value, intermediate, steps, exit_code, error, worker, retry_of, external,
  lease_until::float8 AS lease_until, asked_at::float8 AS asked_at, started_at::float8 AS started_at, heartbeat_at::float8 AS heartbeat_at, finished_at::float8 AS finished_at,
  extras::text AS extras, cwd`;

export interface TrialRow {
  id: number;
  params: string;
  startup: boolean;
  /** Null only for a trial written by another version without it (the migration to version 3 filled in older ones). */
  sampler: string | null;
  state: TrialState;
  value: number | null;
  intermediate: number[];
  /** Absent or short only for rows written by a version without steps: ordinals then. */
  steps?: number[] | null;
  exit_code: number | null;
  error: string | null;
  worker: string | null;
  retry_of: number | null;
  external: boolean;
  /** Absent for rows read by a query of a version before schema 9. */
  lease_until?: number | null;
  asked_at: number;
  started_at: number | null;
  heartbeat_at: number | null;
  finished_at: number | null;
  /** The extra metrics as JSON text (schema 12); null: none. */
  extras?: string | null;
  /** The folder its program ran in under `--cwd start` (schema 14); null: not recorded. */
  cwd?: string | null;
}

export interface StudyRow {
  meta: string;
  target: number;
  target_changed_at: number | null;
  time_budget_s: number | null;
  time_budget_changed_at: number | null;
  stop_at: number | null;
  stop_patience: number | null;
  stop_min_delta: number | null;
  stop_changed_at: number | null;
  start_folder: string | null;
  start_folder_changed_at: number | null;
  /** The study's extra metrics as last changed (schema 13), a JSON array; null: as created. */
  extra_metrics: string | null;
  extra_metrics_changed_at: number | null;
}

/** The study row's stop-rule columns as a rule (meaningful once `stop_changed_at` is set). */
export function stopRuleOfRow(row: Pick<StudyRow, 'stop_at' | 'stop_patience' | 'stop_min_delta'>): StopRule {
  return { at: row.stop_at, patience: row.stop_patience, minDelta: row.stop_min_delta ?? 0 };
}

export function rowToTrial(row: TrialRow): Trial {
  return {
    id: row.id,
    params: decodeJson(row.params) as Config,
    state: row.state,
    value: row.value,
    intermediate: row.intermediate,
    steps: row.intermediate.map((_, i) => row.steps?.[i] ?? i + 1),
    startup: row.startup,
    sampler: isTrialSampler(row.sampler) ? row.sampler : null,
    askedAt: row.asked_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    exitCode: row.exit_code,
    error: row.error,
    worker: row.worker,
    heartbeatAt: row.heartbeat_at,
    external: row.external === true,
    ...(row.lease_until === null || row.lease_until === undefined ? {} : { leaseUntil: row.lease_until }),
    ...(row.extras === null || row.extras === undefined ? {} : { extras: decodeJson(row.extras) as Record<string, number> }),
    ...(row.cwd === null || row.cwd === undefined ? {} : { cwd: row.cwd }),
  };
}

/**
 * The rows as events that replay to exactly the stored state. Heartbeats are kept as one column,
 * not one row each, so a trial yields at most: asked, started, one heartbeat, its values, finished.
 */
export function rowsToEvents(study: StudyRow, trials: readonly TrialRow[]): StudyEvent[] {
  const meta = decodeJson(study.meta) as StudyMeta;
  const events: StudyEvent[] = [{ type: 'study_created', meta }];
  if (study.target_changed_at !== null) events.push({ type: 'target_changed', target: study.target, at: study.target_changed_at });
  if (study.time_budget_changed_at !== null) events.push({ type: 'budget_changed', timeBudgetS: study.time_budget_s, at: study.time_budget_changed_at });
  if (study.stop_changed_at !== null) events.push({ type: 'stop_changed', stop: stopRuleOfRow(study), at: study.stop_changed_at });
  if (study.start_folder !== null && study.start_folder_changed_at !== null) events.push({ type: 'start_folder_changed', folder: study.start_folder, at: study.start_folder_changed_at });
  if (study.extra_metrics !== null && study.extra_metrics_changed_at !== null) events.push({ type: 'extras_changed', extraMetrics: decodeJson(study.extra_metrics) as string[], at: study.extra_metrics_changed_at });
  for (const row of trials) {
    const trial = rowToTrial(row);
    if (trial.state === 'queued') {
      events.push({ type: 'trial_enqueued', id: trial.id, params: trial.params, at: trial.askedAt });
      continue;
    }
    const worker = trial.worker ?? '';
    const sampler = trial.sampler === null ? {} : { sampler: trial.sampler };
    events.push({ type: 'trial_asked', id: trial.id, params: trial.params, startup: trial.startup, ...sampler, worker, at: trial.askedAt, retryOf: row.retry_of, ...(trial.external ? { external: true } : {}), ...(trial.leaseUntil === undefined ? {} : { leaseUntil: trial.leaseUntil }) });
    let lastSign = trial.askedAt;
    if (trial.startedAt !== null) {
      events.push({ type: 'trial_started', id: trial.id, worker, at: trial.startedAt, ...(trial.cwd === undefined ? {} : { cwd: trial.cwd }) });
      lastSign = trial.startedAt;
    }
    if (trial.heartbeatAt !== null && trial.heartbeatAt !== lastSign) {
      events.push({ type: 'trial_heartbeat', id: trial.id, worker, at: trial.heartbeatAt });
    }
    trial.intermediate.forEach((value, i) => {
      events.push({ type: 'trial_intermediate', id: trial.id, value, step: trial.steps[i] ?? i + 1, at: trial.heartbeatAt ?? lastSign });
    });
    if (trial.state !== 'running') {
      events.push({
        type: 'trial_finished',
        id: trial.id,
        state: trial.state,
        value: trial.value,
        exitCode: trial.exitCode,
        error: trial.error,
        at: trial.finishedAt ?? lastSign,
        ...(trial.extras === undefined ? {} : { extras: trial.extras }),
      });
    }
  }
  return events;
}

/** Store.readEvents: the study row and every trial, as the events that replay to them; none without the study. */
export async function readEventsOn(pool: pg.Pool, study: string): Promise<StudyEvent[]> {
  const studies = await pool.query<StudyRow>(
    `SELECT meta::text AS meta, target, target_changed_at::float8 AS target_changed_at, time_budget_s, time_budget_changed_at::float8 AS time_budget_changed_at,
       stop_at, stop_patience, stop_min_delta, stop_changed_at::float8 AS stop_changed_at, start_folder, start_folder_changed_at::float8 AS start_folder_changed_at,
       extra_metrics::text AS extra_metrics, extra_metrics_changed_at::float8 AS extra_metrics_changed_at
       FROM hypertune_studies WHERE name = $1`,
    [study],
  );
  const row = studies.rows[0];
  if (row === undefined) return [];
  const trials = await pool.query<TrialRow>(`SELECT ${TRIAL_COLUMNS} FROM hypertune_trials WHERE study = $1 ORDER BY id`, [study]);
  return rowsToEvents(row, trials.rows);
}

/** Store.createStudy: the study made, or the existing one's meta as it was stored; null if it vanished in between. */
export async function insertStudy(pool: pg.Pool, meta: StudyMeta): Promise<{ created: boolean; meta: StudyMeta } | null> {
  const inserted = await pool.query(
    `INSERT INTO hypertune_studies (name, meta, target, created_at) VALUES ($1, $2::jsonb, $3, $4) ON CONFLICT (name) DO NOTHING`,
    [meta.name, encodeJson(meta), meta.target, meta.createdAt],
  );
  if (inserted.rowCount === 1) return { created: true, meta };
  const existing = await pool.query<{ meta: string }>('SELECT meta::text AS meta FROM hypertune_studies WHERE name = $1', [meta.name]);
  const row = existing.rows[0];
  return row === undefined ? null : { created: false, meta: decodeJson(row.meta) as StudyMeta };
}

/** Sets columns of a study's row (names from this code, never from input); false when there is no such study. */
export async function updateStudyOn(pool: pg.Pool, study: string, columns: Record<string, number | string | null>): Promise<boolean> {
  const names = Object.keys(columns);
  const set = names.map((name, i) => `${name} = $${i + 2}`).join(', ');
  const result = await pool.query(`UPDATE hypertune_studies SET ${set} WHERE name = $1`, [study, ...names.map((name) => columns[name])]);
  return result.rowCount !== 0;
}

/** A trial's kept output of one stream, its chunks in order; '' when there is none. */
export async function readOutputOn(pool: pg.Pool, study: string, trialId: number, stream: string): Promise<string> {
  const result = await pool.query<{ text: string }>(
    `SELECT coalesce(string_agg(text, '' ORDER BY seq), '') AS text FROM hypertune_outputs WHERE study = $1 AND trial_id = $2 AND stream = $3`,
    [study, trialId, stream],
  );
  return result.rows[0]?.text ?? '';
}
