import { signalField } from './format.js';
import { timeLeftS } from './time-left.js';
import { floatJson } from '../util/float-json.js';
import { meanOf } from './noise-advice.js';
import type { NoiseReading, RatedTrial } from './noise-reading.js';
import type { StudySummary, TrialSummary } from './summary.js';
import { repeatedConfigs } from './repeats.js';
import type { RangeEdge } from './range-edges.js';
import { pruneCheckJson, summaryPruneCheck } from './prune-check.js';

/**
 * The summary as JSON, in exactly the documented shape scripts rely on:
 * { study, metric, goal, objective, algo, seed, target, trial_time_s, time_budget_s, time_left_s, stopped_early, counts, best: {id, value, params} | null, repeats: [{trials, complete, failed, pruned, mean, sd, median, params}], trials: [...] }.
 * Non-finite numbers become null (JSON has no inf or nan). `noise` (summary --model): after `best`,
 * {sd, best_predicted, model_best: {id, value, predicted, runs, mean}, rival?: {id, value, predicted, runs, mean,
 * separation}}, null without a model; and after `repeats`, `range_edges`: [{param, value, side, range, options,
 * inward, predicted, inward_predicted, z}]; `model` left undefined, neither key. `prune_check` (before
 * `trials`): where the trial that ended best stood at the steps where trials were stopped
 * (prune-check.ts), {best_trial, steps_looked, bad_steps: [{step, rank, reached, stopped}], safe_from}, or null.
 */
export function formatSummaryJson(summary: StudySummary, trials: readonly TrialSummary[] = summary.trials, now = Date.now(), model?: { noise: NoiseReading | null; edges: readonly RangeEdge[] }, gone?: ReadonlySet<number>): string {
  const left = timeLeftS(summary, now, gone);
  const document = {
    study: summary.study,
    metric: summary.metric,
    goal: summary.goal,
    objective: summary.objective,
    algo: summary.algo,
    seed: summary.seed,
    // the trials the study runs to (null: its time budget alone ends it); a script tells done from stalled by it
    target: summary.target,
    trial_time_s: Number(summary.trialTimeS.toFixed(3)),
    time_budget_s: summary.timeBudgetS,
    // while it runs: about how long it has left at its pace so far (time-left.ts); null otherwise
    time_left_s: left === null ? null : Number(left.toFixed(1)),
    stopped_early: summary.stoppedEarly,
    counts: {
      complete: summary.counts.complete,
      failed: summary.counts.failed,
      pruned: summary.counts.pruned,
      running: summary.counts.running,
      interrupted: summary.counts.interrupted,
      queued: summary.counts.queued,
    },
    best: summary.best === null ? null : { id: summary.best.id, value: finite(summary.best.value), params: summary.best.params },
    ...(model === undefined ? {} : { noise: noiseJson(model.noise) }),
    // configurations run more than once, best mean first: one run of a noisy metric is one draw
    repeats: repeatedConfigs(summary.trials, summary.goal).map((r) => ({ trials: r.ids, complete: r.complete, failed: r.failed, pruned: r.pruned, mean: finite(r.mean), sd: finite(r.sd), median: finite(r.median), params: r.params })),
    // parameters whose best value sits at a bound that holds the search back (summary's note; range-edges.ts)
    ...(model === undefined ? {} : { range_edges: model.edges.map(edgeJson) }),
    // whether the pruner stopped trials at steps where the trial that ended best stood badly (prune-check.ts)
    prune_check: pruneCheckJson(summaryPruneCheck(summary)),
    trials: trials.map((trial) => ({
      id: trial.id,
      state: trial.state,
      value: finite(trial.value),
      params: trial.params,
      intermediate: trial.intermediate.map(finite),
      steps: trial.steps,
      stopped_at_step: trial.stoppedAt,
      duration_s: trial.durationS === null ? null : Number(trial.durationS.toFixed(3)),
      exit_code: trial.exitCode,
      ...signalField(trial.error),
      error: trial.error,
      sampler: trial.sampler,
      ...(summary.extraMetrics.length === 0 ? {} : { extras: trial.extras }),
      ...(trial.runningSince === null ? {} : { running_s: Number(((now - trial.runningSince) / 1000).toFixed(3)), worker: trial.worker }),
      // how long its worker has been silent: a dead tuner's trial runs on in running_s until it is taken over
      ...(trial.lastSignAt === null ? {} : { heartbeat_age_s: Number((Math.max(0, now - trial.lastSignAt) / 1000).toFixed(3)) }),
      ...(trial.leaseUntil === null ? {} : { lease_until: new Date(trial.leaseUntil).toISOString() }),
      ...(trial.retryOf === null ? {} : { retry_of: trial.retryOf }),
    })),
  };
  return `${floatJson(document, underParams(summary.floats), 2)}\n`;
}

/** The model's reading as data: every figure, whether or not the table's note is due (noise-reading.ts, luckyBest). */
function noiseJson(reading: NoiseReading | null): object | null {
  if (reading === null) return null;
  // runs and their mean: a configuration run ten times is named by its first trial, whose value is one draw
  const rated = ({ id, value, predicted, runs }: RatedTrial): object => ({ id, value, predicted, runs: runs.length, mean: meanOf(runs) });
  const { rival } = reading;
  return { sd: reading.noiseSd, spread: reading.spread, best_predicted: reading.best.predicted, model_best: rated(reading.pick), ...(rival === undefined ? {} : { rival: { ...rated(rival), separation: rival.separation } }) };
}

/** A parameter whose best value sits at a bound that holds the search back (range-edges.ts). */
function edgeJson(edge: RangeEdge): object {
  return { param: edge.label, value: edge.value, side: edge.side, range: edge.range, options: edge.options, inward: edge.inward, predicted: edge.predicted, inward_predicted: edge.inwardPredicted, z: Number(edge.z.toFixed(2)) };
}

function finite(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

/** A float parameter's value wherever a `params` object holds it (best, each trial): 1.0, as `ask` and the program have it. */
export function underParams(floats: readonly string[]): (path: readonly string[]) => boolean {
  return (path) => path.length >= 2 && path[path.length - 2] === 'params' && floats.includes(path[path.length - 1] ?? '');
}
