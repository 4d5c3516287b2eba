import type { ChoiceNode, Goal, NumericNode, ParamValue, Space } from '../space/types.js';
import type { TrialRecord } from '../study/types.js';

/**
 * PED-ANOVA (Watanabe et al., IJCAI 2023), global form: a parameter matters as much as the values
 * of the best trials are spread differently from the values of all trials. Per parameter, with
 * p_top and p_all its densities among the top trials and among all trials where it was active,
 * importance = share² · Σ (p_top − p_all)² / p_all (a Pearson divergence), share = n_top / n.
 * Closed form, no model fitting: O(n log n + n · GRID) per parameter.
 */
export interface ParamImportance {
  label: string;
  kind: 'numeric' | 'choice';
  /** Share of the total over the ranked parameters (they sum to 1); null when too few trials. */
  importance: number | null;
  /** The unnormalised PED-ANOVA value, comparable across studies of the same size. */
  raw: number | null;
  /** Complete trials where the parameter was active (the ones it was judged on). */
  active: number;
  /** Complete trials in the study. */
  total: number;
  /** How many of the active trials (or, on the model, of the draws) formed the top set. */
  top: number;
  /** What was ranked: the GP's predictions over draws from the space, or the complete trials. */
  basis: 'model' | 'trials';
  /** Why no importance was computed. */
  note: string | null;
}

export interface ImportanceOptions {
  /** Fraction of the active trials that counts as the top set (PED-ANOVA's γ'); default 0.1. */
  topQuantile?: number;
  /** The top set never has fewer trials than this; default 5. */
  minTop?: number;
  /** Draws from the space with the model's predicted value, lower better (importance-model.ts); absent: the trials. */
  surface?: ReadonlyArray<{ params: Readonly<Record<string, ParamValue>>; value: number }> | null;
}

export const IMPORTANCE_METHOD = 'PED-ANOVA';
const GRID = 50;

/** A configuration and its value, lower is better, as PED-ANOVA ranks them. */
interface Ranked {
  params: Readonly<Record<string, ParamValue>>;
  value: number;
}

/**
 * Rank the space's tunable parameters by importance, most important first (null ones last). With
 * `options.surface` (the GP's picture of the study: importance-model.ts), PED-ANOVA is taken on it
 * over draws from the space, so which trials the sampler chose to run does not decide; otherwise on
 * the complete trials themselves.
 */
export function computeImportance(
  space: Space,
  trials: readonly TrialRecord[],
  goal: Goal,
  options: ImportanceOptions = {},
): ParamImportance[] {
  const quantile = options.topQuantile ?? 0.1;
  const minTop = options.minTop ?? 5;
  const complete = trials.filter(
    (trial): trial is TrialRecord & { value: number } =>
      trial.state === 'complete' && trial.value !== null && Number.isFinite(trial.value),
  );
  const sign = goal === 'minimize' ? 1 : -1;
  const measured: Ranked[] = complete.map((trial) => ({ params: trial.params, value: sign * trial.value }));
  // a metric that never varied says nothing of any parameter (the model's picture of it is noise: a user audit)
  const flat = complete.length > 0 && complete.every((trial) => trial.value === complete[0]?.value);
  const drawn = flat ? null : (options.surface ?? null);
  // best first, once: each parameter's own set is a filter of it (a stable sort keeps trials in id order)
  const ranked = [...(drawn ?? measured)].sort((a, b) => a.value - b.value);
  const spread = (ranked[ranked.length - 1]?.value ?? 0) - (ranked[0]?.value ?? 0);
  const results: ParamImportance[] = [];
  for (const node of space.nodes) {
    if (node.kind === 'constant') continue;
    const activeTrials = complete.filter((trial) => node.label in trial.params).length;
    const base = { label: node.label, kind: node.kind, active: activeTrials, total: complete.length, basis: drawn === null ? ('trials' as const) : ('model' as const) };
    // the trials decide whether there is enough to say anything: ten for their own top set, five where
    // the model (fitted on all finished trials) is read
    const needed = drawn === null ? 2 * Math.max(minTop, Math.ceil(quantile * activeTrials)) : minTop;
    if (activeTrials < needed || flat) {
      const note = flat ? `${complete[0]?.value ?? ''} in every complete trial: nothing to rank by` : `needs ${needed} complete trials${node.condition === null ? '' : ' where active'}`;
      results.push({ ...base, importance: null, raw: null, top: 0, note });
      continue;
    }
    const active = ranked.filter((item) => node.label in item.params);
    const top = topCount(active, Math.max(minTop, Math.ceil(quantile * active.length)), drawn === null ? null : spread);
    const values = active.map((item) => item.params[node.label] ?? null);
    const points = node.kind === 'choice' ? choiceIndices(node, values) : unitPositions(node, values);
    const share = top / active.length;
    const divergence = node.kind === 'choice' ? categoricalDivergence(points, top, node.options.length) : kdeDivergence(points, top);
    results.push({ ...base, importance: null, raw: share * share * divergence, top, note: null });
  }
  const sum = results.reduce((total, result) => total + (result.raw ?? 0), 0);
  for (const result of results) {
    if (result.raw !== null) result.importance = sum > 0 ? result.raw / sum : 0;
  }
  return results.sort((a, b) => (b.importance ?? -1) - (a.importance ?? -1) || a.label.localeCompare(b.label));
}

/**
 * The size of the top set. On the model's draws, ties with its last member join it (within a hundredth
 * of the predictions' range): a plateau of equal best values (every draw of the winning option) is
 * all top, or the model's small ripples across it would decide which parameters look important (a
 * user audit: a parameter that did nothing took 0.2 beside the choice that decided everything).
 * `spread`: the range of all the draws' predictions (null: trials, no ties), not of those where the
 * parameter is active: across a branch whose parameter does nothing the predictions vary by ripples
 * only, and a hundredth of that range let them pick its top set (a do-nothing `alpha` of the linear
 * branch took 0.26, above the choice of the branch; a user audit).
 */
function topCount(sorted: readonly Ranked[], top: number, spread: number | null): number {
  const last = sorted[top - 1]?.value;
  if (spread === null || last === undefined) return top;
  const tolerance = 0.01 * spread;
  let count = top;
  while (count < sorted.length && (sorted[count]?.value ?? Infinity) <= last + tolerance) count += 1;
  return count;
}

/** Option index of each value (values that match no option are dropped as -1). */
function choiceIndices(node: ChoiceNode, values: readonly ParamValue[]): number[] {
  const keys = node.options.map((option) => JSON.stringify(option.value));
  return values.map((value) => keys.indexOf(JSON.stringify(value)));
}

/** Each value's position in [0, 1] across the parameter's range, in the space the engine models it (log for log families). */
function unitPositions(node: NumericNode, values: readonly ParamValue[]): number[] {
  const model = values.map((value) => (typeof value === 'number' ? (node.log ? Math.log(Math.max(value, 1e-300)) : value) : Number.NaN));
  let low = node.low !== null ? (node.log ? Math.log(node.low) : node.low) : Number.NaN;
  let high = node.high !== null ? (node.log ? Math.log(node.high) : node.high) : Number.NaN;
  const finite = model.filter(Number.isFinite);
  // unbounded families (normal, lognormal) are judged over the range the trials actually covered
  if (!Number.isFinite(low) || !Number.isFinite(high)) {
    low = Math.min(...finite);
    high = Math.max(...finite);
  }
  const width = high - low;
  return model.map((x) => (!Number.isFinite(x) ? -1 : width > 0 ? Math.min(1, Math.max(0, (x - low) / width)) : 0.5));
}

/** Pearson divergence of the top trials' option frequencies from all trials'; exact, no smoothing needed. */
function categoricalDivergence(indices: readonly number[], top: number, options: number): number {
  const topCounts = new Array<number>(options).fill(0);
  const allCounts = new Array<number>(options).fill(0);
  indices.forEach((index, rank) => {
    if (index < 0) return;
    allCounts[index] = (allCounts[index] ?? 0) + 1;
    if (rank < top) topCounts[index] = (topCounts[index] ?? 0) + 1;
  });
  return pearson(normalise(topCounts), normalise(allCounts));
}

/**
 * Both densities are Gaussian KDEs on one grid with the *same* bandwidth (Scott's rule on the top
 * set, the smaller and wider one): then n_top·p_top ≤ n·p_all everywhere, so the ratio is bounded
 * by n/n_top and an irrelevant parameter scores near zero instead of a bandwidth artefact.
 */
function kdeDivergence(positions: readonly number[], top: number): number {
  const all = positions.filter((x) => x >= 0);
  const best = positions.slice(0, top).filter((x) => x >= 0);
  if (best.length === 0) return 0;
  const bandwidth = Math.max(scott(best), 1 / GRID);
  return pearson(normalise(kde(best, bandwidth)), normalise(kde(all, bandwidth)));
}

function scott(points: readonly number[]): number {
  const mean = points.reduce((a, b) => a + b, 0) / points.length;
  const variance = points.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, points.length - 1);
  return 1.06 * Math.sqrt(variance) * points.length ** -0.2;
}

function kde(points: readonly number[], bandwidth: number): number[] {
  return Array.from({ length: GRID }, (_, i) => {
    const x = i / (GRID - 1);
    let density = 0;
    for (const point of points) density += Math.exp(-0.5 * ((x - point) / bandwidth) ** 2);
    return density;
  });
}

function normalise(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => (total > 0 ? w / total : 0));
}

function pearson(p: readonly number[], q: readonly number[]): number {
  let divergence = 0;
  p.forEach((pi, i) => {
    const qi = q[i] ?? 0;
    if (qi > 0) divergence += (pi - qi) ** 2 / qi;
  });
  return divergence;
}
