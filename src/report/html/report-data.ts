import type { Goal, Objective, ParamNode, ParamValue, Space } from '../../space/types.js';
import { objectiveText } from '../../util/objective.js';
import { countByState, type StudyState } from '../../study/replay.js';
import type { TrialSampler, TrialState } from '../../study/types.js';
import type { ParamImportance } from '../importance.js';
import { trialDurationS } from '../summary.js';
import type { DensityTimeline } from './densities.js';
import type { GpTimeline } from './gp-timeline.js';
import { bestTrial } from '../../study/best.js';
import { pageCurve } from './page-curve.js';
import { stoppedAtStep, trialTarget } from '../../study/types.js';
import { isSilent, lastSignAt, studyTimeBudget, trialTimeMs } from '../../study/trial-time.js';
import { NO_STOP_RULE, stoppedEarly, studyStopRule, type StopRule } from '../../study/stop-rule.js';
import { formatDuration } from '../format.js';
import { extraMetricNames } from '../extra-metric-names.js';

/** What the page's script draws; embedded in the HTML as JSON, so only JSON-safe values. */
export interface ReportData {
  study: string;
  metric: string;
  /** The other metrics recorded (`extra_metrics:`), in the order first seen: the table's columns after the metric. */
  extraMetrics: string[];
  goal: Goal;
  /** What a trial's result is when not its last value (`the mean of its last 5 values`); null: the last value. */
  result: string | null;
  /** The study's stored algorithm; null for a journal written before it was stored. */
  algo: string | null;
  /** Null when only the time budget stops the study (`--time-budget` without `--trials`). */
  target: number | null;
  /** The study's trial time (study/trial-time.ts), and of its time budget when it has one: `2m41s`, `2m41s of 8h00m`. */
  trialTime: string;
  /** What stopped the study before its target (its stop rule); null while nothing has. */
  stoppedEarly: string | null;
  generatedAt: string;
  counts: Record<TrialState, number>;
  best: { id: number; value: number } | null;
  /** The model's word on a lucky best, shown under the best trial; null while there is none to give (luckyBest). */
  noise: ReportNoise | null;
  /** summary's lines under the best: "Configurations run more than once" (a line going on the one before starts with spaces), a best value at the end of its range (report/range-edges.ts), the pruning check (report/prune-check.ts); empty: none. */
  repeats: string[];
  edges: string[];
  params: ReportParam[];
  trials: ReportTrial[];
  importance: ParamImportance[];
  densities: DensityTimeline;
  /** Whether TPE proposes any of the study's trials: the density panels are shown only then. */
  usesTpe: boolean;
  /** The Gaussian process's model at the trials it proposed (no steps when it proposed none). */
  gp: GpTimeline;
}

/** summary's noise note (report/noise-reading.ts), from the same fit as the importance. */
export interface ReportNoise {
  /** The note's two sentences, word for word as summary prints them (noiseNote). */
  noise: string;
  lucky: string;
  /** How to tell them apart, from what ran already (noiseAdvice): its prose, then the command it ends with (null: none). */
  advice: string;
  rerun: string | null;
  /** The complete trial whose configuration the model rates best, with its prediction. */
  pick: { id: number; value: number; predicted: number };
}

export interface ReportParam {
  label: string;
  kind: 'numeric' | 'choice';
  log: boolean;
  /** Option values as text, for choice parameters. */
  options: string[];
  /** A numeric parameter's declared range, where it has one (normal families do not). */
  bounds?: [number, number];
  /** The parameter exists only when `parent` took the option shown (conditional). */
  condition: string | null;
}

/** A trial's state as the page draws it. */
export type ReportTrialState = TrialState;

export interface ReportTrial {
  id: number;
  state: ReportTrialState;
  /** null when the trial has no finite value (JSON cannot hold inf or nan). */
  value: number | null;
  /** The step where the pruner stopped a pruned trial (its value is its last one: a partial run); null for any other state. */
  stoppedAt: number | null;
  params: Record<string, ParamValue>;
  /** Seconds from start to finish; a running trial's so far, when the report was made. */
  durationS: number | null;
  startup: boolean;
  /** What proposed it; null when an old journal cannot tell. */
  sampler: TrialSampler | null;
  exitCode: number | null;
  error: string | null;
  /** The values the program reported, in order (step k is the k-th, from 1); null where not finite. */
  curve: Array<number | null>;
  /** The step of each value of `curve` when a long curve was thinned for the page (page-curve.ts); else null. */
  curveSteps: number[] | null;
  /** The other metrics it printed, each one's value with the result. */
  extras: Record<string, number>;
  /** A running trial whose worker has sent no heartbeat for SILENT_SLACK_MS: for how long, when the report was made (its tuner is most likely gone); else absent. */
  silentS?: number;
}

export interface ReportInput {
  space: Space;
  state: StudyState;
  /** The study's metric and goal as it runs (flags may override the space file's). */
  metric: string;
  goal: Goal;
  /** The study's objective; absent: last. */
  objective?: Objective;
  importance: ParamImportance[];
  /** The noise note, when the model reads the best trial as a lucky run; absent or null: none. */
  noise?: ReportNoise | null;
  /** The repeats' and the range edges' lines; absent: none. */
  repeats?: string[];
  edges?: string[];
  densities: DensityTimeline;
  usesTpe: boolean;
  gp: GpTimeline;
  /** When the report was made (the caller's clock; report/ reads none). */
  generatedAt: Date;
  /** The study's time budget in seconds; null or absent: none. */
  timeBudgetS?: number | null;
  /** The study's stop rule; absent: none. */
  stop?: StopRule;
}

export function buildReportData(input: ReportInput): ReportData {
  const { space, state } = input;
  const trials = state.trials.map((trial): ReportTrial => {
    const curve = pageCurve(trial.intermediate, undefined, trial.steps);
    return {
      id: trial.id,
      state: trial.state,
      value: trial.value !== null && Number.isFinite(trial.value) ? trial.value : null,
      stoppedAt: trial.state === 'pruned' ? stoppedAtStep(trial) : null,
      params: trial.params,
      // a running trial's time so far (to the report's reading), as summary's Running line gives it
      durationS: trial.state === 'running' ? Math.max(0, input.generatedAt.getTime() - (trial.startedAt ?? trial.askedAt)) / 1000 : trialDurationS(trial),
      startup: trial.startup,
      sampler: trial.sampler,
      exitCode: trial.exitCode,
      error: trial.error,
      curve: curve.values,
      curveSteps: curve.steps,
      ...(isSilent(trial, input.generatedAt.getTime()) ? { silentS: (input.generatedAt.getTime() - lastSignAt(trial)) / 1000 } : {}),
      extras: trial.extras ?? {},
    };
  });
  const bestOne = bestTrial(state, input.goal);
  const best: ReportData['best'] = bestOne === null || bestOne.value === null ? null : { id: bestOne.id, value: bestOne.value };
  return {
    study: state.meta.name,
    metric: input.metric,
    extraMetrics: extraMetricNames(state.meta.options, trials),
    goal: input.goal,
    result: input.objective === undefined || input.objective === 'last' ? null : objectiveText(input.objective),
    algo: typeof state.meta.options['algo'] === 'string' ? state.meta.options['algo'] : null,
    target: trialTarget(state.target),
    trialTime: formatDuration(trialTimeMs(state.trials, input.generatedAt.getTime()) / 1000) + budgetText(studyTimeBudget(state, input.timeBudgetS ?? null)),
    stoppedEarly: stoppedEarly(state.trials, input.goal, studyStopRule(state, input.stop ?? NO_STOP_RULE), input.metric),
    generatedAt: input.generatedAt.toISOString(),
    counts: countByState(state),
    best,
    noise: input.noise ?? null,
    repeats: input.repeats ?? [],
    edges: input.edges ?? [],
    params: space.nodes.filter((node) => node.kind !== 'constant').map((node) => describeParam(node, space)),
    trials,
    importance: input.importance,
    densities: input.densities,
    usesTpe: input.usesTpe,
    gp: input.gp,
  };
}

function describeParam(node: ParamNode, space: Space): ReportParam {
  const condition = node.condition === null ? null : conditionText(node.condition.parent, node.condition.option, space);
  if (node.kind === 'choice') {
    return { label: node.label, kind: 'choice', log: false, options: node.options.map((option) => optionText(option.value)), condition };
  }
  const bounds: { bounds?: [number, number] } = node.kind === 'numeric' && node.low !== null && node.high !== null ? { bounds: [node.low, node.high] } : {};
  return { label: node.label, kind: 'numeric', log: node.kind === 'numeric' && node.log, options: [], condition, ...bounds };
}

function conditionText(parent: string, option: number, space: Space): string {
  const node = space.nodes.find((candidate) => candidate.label === parent);
  const value = node?.kind === 'choice' ? node.options[option]?.value : option;
  return `${parent} = ${optionText(value ?? option)}`;
}

export function optionText(value: ParamValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function budgetText(budgetS: number | null): string {
  return budgetS === null ? '' : ` of ${formatDuration(budgetS)}`;
}
