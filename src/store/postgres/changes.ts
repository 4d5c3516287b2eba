import type pg from 'pg';
import type { StudyChanges } from '../types.js';
import { rowToTrial, stopRuleOfRow, TRIAL_COLUMNS, type StudyRow, type TrialRow } from './trial-rows.js';

// the study row's columns beside each trial's; bigint times come back as text
export type ChangeRow = TrialRow &
  Pick<StudyRow, 'target' | 'time_budget_s' | 'stop_at' | 'stop_patience' | 'stop_min_delta'> & { time_budget_changed_at: string | null; stop_changed_at: string | null; horizon: string; study_created_at: string };

// one statement, so one snapshot: every write not visible to it is by a transaction at or after
// the snapshot's xmin, which the next call's `xact >= cursor` is sure to include once committed
export const CHANGES_SQL = `SELECT s.created_at::text AS study_created_at, s.target, s.time_budget_s, s.time_budget_changed_at, s.stop_at, s.stop_patience, s.stop_min_delta, s.stop_changed_at, pg_snapshot_xmin(pg_current_snapshot())::text AS horizon, t.*
  FROM hypertune_studies s
  LEFT JOIN LATERAL (
    SELECT ${TRIAL_COLUMNS} FROM hypertune_trials
    WHERE study = s.name AND ($2::xid8 IS NULL OR xact >= $2::xid8) ORDER BY id
  ) t ON true
  WHERE s.name = $1`;

/** Store.readChanges from the rows of CHANGES_SQL; null when the study does not exist. */
export function changesFromRows(rows: readonly ChangeRow[]): StudyChanges | null {
  const first = rows[0];
  if (first === undefined) return null;
  const trials = rows.filter((row) => row.id !== null).map((row) => ({ trial: rowToTrial(row), retryOf: row.retry_of }));
  const budget = first.time_budget_changed_at === null ? {} : { timeBudgetS: first.time_budget_s };
  const stop = first.stop_changed_at === null ? {} : { stopRule: stopRuleOfRow(first) };
  return { createdAt: Number(first.study_created_at), target: first.target, ...budget, ...stop, cursor: first.horizon, trials };
}

export async function readChangesOn(pool: pg.Pool, study: string, cursor: string | null): Promise<StudyChanges | null> {
  return changesFromRows((await pool.query<ChangeRow>(CHANGES_SQL, [study, cursor])).rows);
}
