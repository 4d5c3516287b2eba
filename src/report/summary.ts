import type { Config, Goal, Objective } from '../space/types.js';
import { summarizeWorkers, type WorkerSummary } from './summary-workers.js';
import { extraMetricNames } from './extra-metric-names.js';

export type { WorkerSummary };
import { countByState, type StudyState } from '../study/replay.js';
import { trialTarget, stoppedAtStep, type Trial, type TrialSampler, type TrialState } from '../study/types.js';
import { lastSignAt, ranSpan, studyTimeBudget, trialTimeMs } from '../study/trial-time.js';
import { NO_STOP_RULE, stoppedEarly, studyStopRule, type StopRule } from '../study/stop-rule.js';

export interface TrialSummary {
  id: number;
  state: TrialState;
  value: number | null;
  params: Config;
  intermediate: number[];
  /** The step of each intermediate value. */
  steps: number[];
  /** For a pruned trial, the step where the pruner stopped it (study/types.ts stoppedAtStep); null otherwise. */
  stoppedAt: number | null;
  durationS: number | null;
  exitCode: number | null;
  error: string | null;
  startup: boolean;
  /** What proposed it; null when an old journal cannot tell. */
  sampler: TrialSampler | null;
  /** When a running trial started (else was asked), epoch ms; null once finished. */
  runningSince: number | null;
  /** A worker's running trial: its last heartbeat (study/trial-time.ts lastSignAt), epoch ms; null otherwise (an asked one has none). */
  lastSignAt: number | null;
  worker: string | null;
  /** A running asked trial's lease end (`ask --lease`), epoch ms; null without one. */
  leaseUntil: number | null;
  /** The other metrics it printed (`extra_metrics:`), each one's value with the result; empty without. */
  extras: Record<string, number>;
  /** The trial it runs again with the same parameters (an interrupted one, or a crashed one under --retries); null: none. */
  retryOf: number | null;
}

/** Everything the table, JSON and CSV views show, computed once from a study's state. */
export interface StudySummary {
  study: string;
  metric: string;
  goal: Goal;
  /** Which reported value is a trial's result (`objective:`): last, min, max or last-K-avg. */
  objective: Objective;
  /** The study's stored algorithm (`auto`, `tpe`, `hyperopt`...); null for a journal written before it was stored. */
  algo: string | null;
  /** The study's stored seed, to repeat it; null when none was stored. */
  seed: number | null;
  /** Null when only the time budget stops the study (`--time-budget` without `--trials`). */
  target: number | null;
  counts: Record<TrialState, number>;
  best: { id: number; value: number; params: Config } | null;
  /** Every trial, in id order. */
  trials: TrialSummary[];
  /** Every parameter label seen, in the space's order first. */
  labels: string[];
  /** The other metrics recorded (`extra_metrics:`), the study's order, then others seen (extra-metric-names.ts); empty when none. */
  extraMetrics: string[];
  /** The labels whose values are floats. */
  floats: readonly string[];
  /** Best value so far after each complete trial, in id order. */
  bestSoFar: number[];
  /** Who ran the trials (host:pid), most trials first; several when workers share a database. */
  workers: WorkerSummary[];
  /** Wall-clock seconds while any trial ran (study/trial-time.ts), and the study's time budget (null: none). */
  trialTimeS: number;
  timeBudgetS: number | null;
  /** What stopped the study before its target (its stop rule, study/stop-rule.ts); null while nothing has. */
  stoppedEarly: string | null;
}

export interface SummaryContext {
  metric: string;
  goal: Goal;
  /** The study's objective; absent: last. */
  objective?: Objective;
  /** Parameter labels in the space's order (others seen in trials follow). */
  labels?: readonly string[];
  /** The labels whose values are floats (space floatLabels): JSON writes a whole one 1.0, as the program got it. */
  floats?: readonly string[];
  /** The study's stored time budget, in seconds; null or absent: none. */
  timeBudgetS?: number | null;
  /** The study's stored stop rule; absent: none. */
  stop?: StopRule;
  /** Epoch ms that running trials count until (default: now). */
  now?: number;
}

export function summarizeStudy(state: StudyState, context: SummaryContext): StudySummary {
  const summarized = state.trials.map(summarizeTrial);
  const extraMetrics = extraMetricNames(state.meta.options, summarized);
  // each trial's extras in the columns' order: PostgreSQL's jsonb keeps its own order of keys (show listed accuracy before val/acc)
  const trials = summarized.map((trial) => ({ ...trial, extras: inOrder(trial.extras, extraMetrics) }));
  const complete = trials.filter(isRankable);
  let best: TrialSummary | null = null;
  const bestSoFar: number[] = [];
  for (const trial of complete) {
    if (best === null || isBetter(trial.value, best.value, context.goal)) best = trial;
    bestSoFar.push(best.value ?? Number.NaN);
  }
  return {
    study: state.meta.name,
    metric: context.metric,
    goal: context.goal,
    objective: context.objective ?? 'last',
    algo: typeof state.meta.options['algo'] === 'string' ? state.meta.options['algo'] : null,
    seed: typeof state.meta.options['seed'] === 'number' ? state.meta.options['seed'] : null,
    target: trialTarget(state.target),
    counts: countByState(state),
    best: best === null || best.value === null ? null : { id: best.id, value: best.value, params: best.params },
    trials,
    labels: collectLabels(trials, context.labels ?? []),
    extraMetrics,
    floats: context.floats ?? [],
    bestSoFar,
    workers: summarizeWorkers(state.trials),
    trialTimeS: trialTimeMs(state.trials, context.now ?? Date.now()) / 1000,
    timeBudgetS: studyTimeBudget(state, context.timeBudgetS ?? null),
    stoppedEarly: stoppedEarly(state.trials, context.goal, studyStopRule(state, context.stop ?? NO_STOP_RULE), context.metric),
  };
}

/** How many trials each sampler proposed (interrupted trials left out: their re-runs count), in a fixed order; `–` for unknown. */
export function samplerCounts(trials: readonly TrialSummary[]): Array<{ sampler: TrialSampler | '–'; count: number }> {
  const order: Array<TrialSampler | '–'> = ['startup', 'gp', 'tpe', 'random', 'grid', 'added', 'enqueued', '–'];
  const counts = new Map<TrialSampler | '–', number>();
  for (const trial of trials) {
    if (trial.state === 'interrupted' || trial.state === 'queued') continue;
    const key = trial.sampler ?? '–';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return order.flatMap((sampler) => (counts.has(sampler) ? [{ sampler, count: counts.get(sampler) ?? 0 }] : []));
}

/** Complete trials, best first (ties: lower id first); `top` limits how many. */
export function rankTrials(summary: StudySummary, top?: number): TrialSummary[] {
  const ranked = summary.trials
    .filter(isRankable)
    .sort((a, b) => compareValues(a.value, b.value, summary.goal) || a.id - b.id);
  return top === undefined ? ranked : ranked.slice(0, Math.max(0, top));
}

export function isBetter(candidate: number | null, incumbent: number | null, goal: Goal): boolean {
  if (candidate === null || Number.isNaN(candidate)) return false;
  if (incumbent === null || Number.isNaN(incumbent)) return true;
  return goal === 'minimize' ? candidate < incumbent : candidate > incumbent;
}

function compareValues(a: number | null, b: number | null, goal: Goal): number {
  const [x, y] = [a ?? Number.NaN, b ?? Number.NaN];
  return goal === 'minimize' ? x - y : y - x;
}

function isRankable(trial: TrialSummary): boolean {
  return trial.state === 'complete' && trial.value !== null && !Number.isNaN(trial.value);
}

/** Seconds from start (or ask, if it never started) to finish; null while it runs. */
export function trialDurationS(trial: Trial): number | null {
  if (trial.finishedAt === null) return null;
  const { start, end } = ranSpan(trial, trial.finishedAt);
  return Math.max(0, end - start) / 1000;
}

function summarizeTrial(trial: Trial): TrialSummary {
  return {
    id: trial.id,
    state: trial.state,
    value: trial.value,
    params: trial.params,
    intermediate: trial.intermediate,
    steps: trial.steps,
    stoppedAt: trial.state === 'pruned' ? stoppedAtStep(trial) : null,
    durationS: trialDurationS(trial),
    exitCode: trial.exitCode,
    error: trial.error,
    startup: trial.startup,
    sampler: trial.sampler,
    runningSince: trial.state === 'running' ? (trial.startedAt ?? trial.askedAt) : null,
    lastSignAt: trial.state === 'running' && !trial.external ? lastSignAt(trial) : null,
    worker: trial.worker,
    leaseUntil: trial.state === 'running' && trial.external ? (trial.leaseUntil ?? null) : null,
    extras: trial.extras ?? {},
    retryOf: trial.retryOf ?? null,
  };
}

/** Every label of the space, in its order, trial or not (an export's columns stay the same); labels only in trials (an older space) follow. */
function collectLabels(trials: readonly TrialSummary[], ordered: readonly string[]): string[] {
  const labels = [...ordered];
  for (const trial of trials) for (const label of Object.keys(trial.params)) if (!labels.includes(label)) labels.push(label);
  return labels;
}

function inOrder(extras: Record<string, number>, names: readonly string[]): Record<string, number> {
  return Object.fromEntries(names.filter((name) => extras[name] !== undefined).map((name) => [name, extras[name] as number]));
}
