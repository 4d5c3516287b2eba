import type { Config } from '../space/types.js';
import type { TrialState } from '../study/types.js';
import { formatDuration, formatParams, formatValue } from './format.js';
import { paint } from './paint.js';
import { extraColumnName } from './extra-metric-names.js';

export interface ProgressSnapshot {
  finished: number;
  /** Null when only the time budget stops the study. */
  target: number | null;
  /** The study's trial time against its time budget, in seconds; null without a budget. */
  budget: { spentS: number; budgetS: number } | null;
  running: number;
  failed: number;
  best: { id: number; value: number } | null;
  metric: string;
  elapsedS: number;
  /** Trials finished by this run (not earlier runs), for the ETA. */
  finishedThisRun: number;
  /**
   * Trials finished since this run started by any worker of the study, for the ETA instead (default:
   * finishedThisRun): a worker of ten on one study counted its own pace against the study's rest.
   */
  finishedSinceStart?: number;
  /**
   * The mean duration of this run's finished trials, and the most trials seen running at once: while
   * fewer than that have finished, the pace is one trial's time over the trials at once (elapsed over
   * finished made the ETA of --parallel 4 four times too long until the first four had finished).
   */
  firstBatch?: { meanTrialS: number; slots: number };
  /** Seconds since the last of them finished (0: just now). */
  sinceFinishS?: number;
  /** No new trials start (Ctrl-C once): the running ones finish, and the target's ETA no longer applies. */
  stopping?: boolean;
}

/**
 * The live line on a terminal: `[12/50], 2 running, 1 failed, best loss 0.031 (trial 7), 1m04s, ETA 3m10s`.
 * `compact`, for a narrow terminal: no `0 failed`, and the budget as `11s/1h00m budget`, so that the ETA
 * at the end is not what the width cuts off.
 */
export function formatProgressLine(snapshot: ProgressSnapshot, color: boolean, compact = false): string {
  const parts = [
    snapshot.target === null ? `[${snapshot.finished}]` : `[${snapshot.finished}/${snapshot.target}]`,
    `${snapshot.running} running`,
    snapshot.failed > 0 ? paint(`${snapshot.failed} failed`, 'red', color) : compact ? null : '0 failed',
    snapshot.best === null
      ? `best ${snapshot.metric} -`
      : `best ${snapshot.metric} ${paint(formatValue(snapshot.best.value), 'bold', color)} (trial ${snapshot.best.id})`,
    `${formatDuration(snapshot.elapsedS)} elapsed`,
  ];
  if (snapshot.budget !== null) parts.push(`${formatDuration(snapshot.budget.spentS)}${compact ? '/' : ' of '}${formatDuration(snapshot.budget.budgetS)} budget`);
  const eta = snapshot.stopping === true ? null : estimateEtaS(snapshot);
  if (eta !== null) parts.push(`ETA ${formatDuration(eta)}`);
  if (snapshot.stopping === true) parts.push('stopping: no new trials');
  return parts.filter((part) => part !== null).join(', ');
}

/** Remaining trials at this run's pace so far, or the time budget's rest if that ends sooner; null until one trial finished. */
function estimateEtaS(snapshot: ProgressSnapshot): number | null {
  const budgetLeft = snapshot.budget === null ? Infinity : Math.max(0, snapshot.budget.budgetS - snapshot.budget.spentS);
  const finished = snapshot.finishedSinceStart ?? snapshot.finishedThisRun;
  if (finished <= 0 || snapshot.target === null) return Number.isFinite(budgetLeft) ? budgetLeft : null;
  const remaining = Math.max(0, snapshot.target - snapshot.finished);
  // the pace up to the last finish, counted down since: elapsed / finished grew with every second a
  // trial ran, and the ETA with it (a user audit: 9 s, 12 s, 15 s while one trial ran)
  const since = Math.min(snapshot.sinceFinishS ?? 0, snapshot.elapsedS);
  const batch = snapshot.firstBatch;
  const pace = batch !== undefined && batch.slots > finished ? batch.meanTrialS / batch.slots : (snapshot.elapsedS - since) / finished;
  return Math.min(budgetLeft, Math.max(0, pace * remaining - since));
}

export interface FinishedTrialView {
  id: number;
  state: Exclude<TrialState, 'running' | 'queued'>;
  value: number | null;
  params: Config;
  durationS: number;
  error: string | null;
  newBest: boolean;
  extras?: Record<string, number>;
}

const STATE_STYLE = { complete: 'green', failed: 'red', pruned: 'cyan', interrupted: 'yellow' } as const;

/** One line per finished trial, for terminals and logs alike. */
export function formatTrialLine(trial: FinishedTrialView, metric: string, color: boolean): string {
  const parts = [`trial ${trial.id}`, paint(trial.state, STATE_STYLE[trial.state], color)];
  // a pruned trial shows its last value: how bad it looked when it was stopped
  if (trial.state === 'complete' || (trial.state === 'pruned' && trial.value !== null)) parts.push(`${metric}=${formatValue(trial.value)}`);
  // the other metrics beside it (extra_metrics:), in the same form, so one line says how the trial did
  // one named as a parameter is extra.<name>, as in summary (a printed lr beside the tuned lr)
  // (a pruned trial's too, as they stood when it was stopped: show, the CSV and the JSON have them)
  if (trial.state === 'complete' || trial.state === 'pruned') parts.push(...Object.entries(trial.extras ?? {}).map(([name, value]) => `${extraColumnName(name, Object.keys(trial.params))}=${formatValue(value)}`));
  const params = formatParams(trial.params, LONGEST_VALUE);
  if (params !== '') parts.push(params);
  parts.push(`(${formatDuration(trial.durationS)})`);
  if (trial.newBest) parts.push(paint('best so far', 'bold', color));
  if (trial.state !== 'complete' && trial.error !== null) {
    parts.push(paint(`- ${trial.error.split('\n')[0] ?? ''}`, 'dim', color));
  }
  return parts.join('  ');
}

/** The longest value a trial's line shows whole. */
const LONGEST_VALUE = 80;
