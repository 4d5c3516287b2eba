import type { Goal } from '../space/types.js';
import { bestTrial } from '../study/best.js';
import { countByState, type StudyState } from '../study/replay.js';
import { trialTarget, type Trial, type TrialState } from '../study/types.js';
import { csvField } from './summary-csv.js';
import { stoppedEarly, studyStopRule, type StopRule } from '../study/stop-rule.js';
import { isSilent, trialTimeMs } from '../study/trial-time.js';

/** One study as `hypertune studies` lists it: small, so a long listing never holds every trial at once. */
export interface StudyRow {
  name: string;
  metric: string;
  goal: Goal;
  /** Null when only the time budget stops the study (`--time-budget` without `--trials`). */
  target: number | null;
  /** Complete, failed and pruned: what counts toward the target. */
  finished: number;
  counts: Record<TrialState, number>;
  /** Running trials whose worker has sent no heartbeat for SILENT_SLACK_MS (killed with -9, its machine down). */
  silent: number;
  best: { id: number; value: number } | null;
  /** Wall-clock seconds while any of its trials ran (study/trial-time.ts). */
  trialTimeS: number;
  /** Epoch milliseconds. */
  createdAt: number;
  /** The latest asked, started, finished or heartbeat time of any trial; the creation time before any trial. */
  lastActivityAt: number;
  /** The user's command as one shell line, never shortened here. */
  command: string;
  /** Bytes the study takes on this machine's disk (for PostgreSQL: its local trial folders). */
  diskBytes: number;
  /** What stopped the study before its target (study/stop-rule.ts), or null. */
  stoppedEarly: string | null;
}

export interface StudyRowContext {
  /** From the study's stored settings (the CLI reads them; report/ cannot). */
  metric: string;
  goal: Goal;
  /** The command, quoted for the shell by the caller. */
  command: string;
  diskBytes: number;
  /** The study's stored stop rule (none for studies stored before stop rules existed). */
  stop: StopRule;
  /** Epoch ms that running trials count until (the caller's clock: report/ reads none). */
  now: number;
}

export function studyRow(state: StudyState, context: StudyRowContext): StudyRow {
  const counts = countByState(state);
  const best = bestTrial(state, context.goal);
  return {
    name: state.meta.name,
    metric: context.metric,
    goal: context.goal,
    target: trialTarget(state.target),
    finished: counts.complete + counts.failed + counts.pruned,
    counts,
    silent: state.trials.filter((trial) => isSilent(trial, context.now)).length,
    best: best === null || best.value === null ? null : { id: best.id, value: best.value },
    trialTimeS: trialTimeMs(state.trials, context.now) / 1000,
    createdAt: state.meta.createdAt,
    lastActivityAt: state.trials.reduce((latest, trial) => Math.max(latest, lastTime(trial)), state.meta.createdAt),
    command: context.command,
    diskBytes: context.diskBytes,
    stoppedEarly: stoppedEarly(state.trials, context.goal, studyStopRule(state, context.stop), context.metric),
  };
}

function lastTime(trial: Trial): number {
  return Math.max(trial.askedAt, trial.startedAt ?? 0, trial.finishedAt ?? 0, trial.heartbeatAt ?? 0);
}

/** Most recently active first; studies active at the same millisecond by name. */
export function sortStudyRows(rows: readonly StudyRow[]): StudyRow[] {
  return [...rows].sort((a, b) => b.lastActivityAt - a.lastActivityAt || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const COLUMNS = [
  'name',
  'goal',
  'metric',
  'finished',
  'target',
  'complete',
  'failed',
  'pruned',
  'running',
  'interrupted',
  'trial_time_s',
  'best_value',
  'best_trial',
  'created',
  'last_activity',
  'disk_bytes',
  'command',
  'stopped_early',
] as const;

type FlatRow = Record<(typeof COLUMNS)[number], string | number | null>;

function flatten(row: StudyRow): FlatRow {
  return {
    name: row.name,
    goal: row.goal,
    metric: row.metric,
    finished: row.finished,
    target: row.target,
    complete: row.counts.complete,
    failed: row.counts.failed,
    pruned: row.counts.pruned,
    running: row.counts.running,
    interrupted: row.counts.interrupted,
    trial_time_s: Number(row.trialTimeS.toFixed(3)),
    // JSON has no inf or nan
    best_value: row.best !== null && Number.isFinite(row.best.value) ? row.best.value : null,
    best_trial: row.best?.id ?? null,
    created: new Date(row.createdAt).toISOString(),
    last_activity: new Date(row.lastActivityAt).toISOString(),
    disk_bytes: row.diskBytes,
    command: row.command,
    stopped_early: row.stoppedEarly,
  };
}

/** An array of flat objects, in the rows' order; numbers stay numbers, times are ISO 8601 (UTC). */
export function formatStudiesJson(rows: readonly StudyRow[]): string {
  return `${JSON.stringify(rows.map(flatten), null, 2)}\n`;
}

/** The JSON fields as columns, a header line first (alone when there is no study). */
export function formatStudiesCsv(rows: readonly StudyRow[]): string {
  const lines = [COLUMNS.join(',')];
  for (const row of rows) {
    const flat = flatten(row);
    lines.push(COLUMNS.map((column) => csvField(flat[column] === null ? '' : String(flat[column]))).join(','));
  }
  return `${lines.join('\n')}\n`;
}
