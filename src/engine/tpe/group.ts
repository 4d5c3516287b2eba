// One TPE model over a group of parameters (joint when several, univariate when one).
import type { ParamValue } from '../../space/types.js';
import type { Rng } from '../../util/rng.js';
import type { Observation } from '../observations.js';
import type { ModelledParam } from './dims.js';
import { buildMixture, mixtureLogPdf } from './kernel.js';
import type { KernelMixture } from './kernel-types.js';
import { sampleMixture } from './kernel-sample.js';
import { kthSmallest } from '../../util/select.js';
import { lowDimScale, type DefaultSettings } from './settings.js';

export interface GroupCandidate {
  values: ParamValue[];
  score: number;
}

export interface GroupModel {
  params: readonly ModelledParam[];
  below: Observation[];
  above: Observation[];
  l: KernelMixture;
  g: KernelMixture;
  candidates: GroupCandidate[];
  /** Candidate indices, best score first. */
  ranking: number[];
}

/** The trials in which every parameter of the group was active. */
function relevantTrials(params: readonly ModelledParam[], observations: readonly Observation[]): Observation[] {
  const labels = params.map((p) => p.node.label);
  const out: Observation[] = [];
  for (const o of observations) {
    let all = true;
    for (const label of labels) if (!(label in o.params)) all = false;
    if (all) out.push(o);
  }
  return out;
}

/**
 * Split the trials where every parameter of the group was active: the best gamma fraction of the
 * ranked ones is "below"; the rest and failed trials are "above" (running ones too, with `pending.constantLiar`).
 * Ranked: complete trials by loss, then (with `pruned: 'rank'`, as Optuna) pruned ones by the step they
 * reached, latest first, then by their last loss; so when pruning stops most trials early, the good
 * group still learns which ones went furthest (docs/pruning.md).
 */
function splitTrials(relevant: readonly Observation[], s: DefaultSettings): { below: Observation[]; above: Observation[] } {
  const complete = relevant.filter((o) => o.state === 'complete');
  const pruned = s.pruned === 'rank' ? relevant.filter((o) => o.state === 'pruned') : [];
  const nBelow = Math.min(Math.ceil(s.gamma * (complete.length + pruned.length)), s.gammaCap);
  if (nBelow === 0) return { below: [], above: [...relevant] };
  let below: Observation[];
  if (nBelow <= complete.length) {
    // Only the few best are needed: select the threshold (no full sort), then take ties oldest first.
    const threshold = kthSmallest(Float64Array.from(complete, (o) => o.loss), nBelow - 1);
    below = complete.filter((o) => o.loss < threshold);
    for (const o of complete) if (below.length < nBelow && o.loss === threshold) below.push(o);
    below.sort((a, b) => a.loss - b.loss || a.id - b.id);
  } else {
    const ranked = [...pruned].sort((a, b) => b.step - a.step || a.loss - b.loss || a.id - b.id);
    below = [...complete.sort((a, b) => a.loss - b.loss || a.id - b.id), ...ranked.slice(0, nBelow - complete.length)];
  }
  const good = new Set(below.map((o) => o.id));
  return { below, above: relevant.filter((o) => !good.has(o.id)) };
}

/**
 * EI weights (Watanabe 2023): a good trial weighs by how much it beats the best bad one, here raised to
 * `weightPower` (4 by default: the benchmark's largest single gain, it makes l(x) follow the best trials).
 */
function belowWeights(below: readonly Observation[], above: readonly Observation[], s: DefaultSettings): number[] {
  let best = Infinity;
  for (const o of above) if (o.state === 'complete' && o.loss < best) best = o.loss;
  if (s.weights === 'uniform' || !Number.isFinite(best)) return below.map(() => 1);
  const weights = below.map((o) => (o.state === 'complete' ? Math.pow(Math.max(1e-12, best - o.loss), s.weightPower) : 0));
  // a pruned trial's last loss is from an earlier step, not comparable: it weighs as the least good complete one
  const least = Math.min(...weights.filter((w, i) => below[i]?.state === 'complete'), 1);
  return weights.map((w, i) => (below[i]?.state === 'complete' ? w : least));
}

/**
 * log P(not failed | x) from two Parzen estimators, complete vs failed trials (the constraint term of
 * Watanabe & Hutter's c-TPE, 2023): it keeps the search out of regions where trials fail. Zero without failures.
 */
export function feasibility(params: readonly ModelledParam[], relevant: readonly Observation[], s: DefaultSettings): (x: readonly number[]) => number {
  const failed = relevant.filter((o) => o.state === 'failed');
  if (failed.length === 0) return () => 0;
  return constraintTerm(params, relevant.filter((o) => o.state === 'complete' || o.state === 'pruned'), failed, s);
}

/** log P(ok | x) from two Parzen estimators, of the `ok` trials and of the `bad` ones. */
export function constraintTerm(params: readonly ModelledParam[], ok: readonly Observation[], failed: readonly Observation[], s: DefaultSettings): (x: readonly number[]) => number {
  const dims = params.map((p) => p.dim);
  const coords = (o: Observation): number[] => params.map((p) => p.coordinate(o.params));
  const okThin = thinEvenly(ok, MAX_ABOVE);
  const failThin = thinEvenly(failed, MAX_ABOVE);
  const okModel = buildMixture(dims, okThin.points.map(coords), okThin.weights, s.priorWeight, s.bandwidth);
  const failModel = buildMixture(dims, failThin.points.map(coords), failThin.weights, s.priorWeight, s.bandwidth);
  const logOk = Math.log(ok.length + s.priorWeight);
  const logFail = Math.log(failed.length + s.priorWeight);
  return (x) => {
    const a = logOk + mixtureLogPdf(okModel, x);
    const b = logFail + mixtureLogPdf(failModel, x);
    const max = Math.max(a, b);
    return a - (max + Math.log(Math.exp(a - max) + Math.exp(b - max)));
  };
}

/** g(x) is estimated from at most this many trials, so that one proposal costs the same at 1,000 trials as at 300. */
const MAX_ABOVE = 256;

/**
 * The trials g(x) is built from: all of them up to MAX_ABOVE; beyond, every pending trial and an even
 * spread over the history of the others, each standing for the ones skipped (weight scaled up).
 */
function thinAbove(above: readonly Observation[]): { points: Observation[]; weights: number[] } {
  if (above.length <= MAX_ABOVE) return { points: [...above], weights: above.map(() => 1) };
  const pending = above.filter((o) => o.state === 'running');
  const rest = thinEvenly(above.filter((o) => o.state !== 'running'), Math.max(1, MAX_ABOVE - pending.length));
  return { points: [...rest.points, ...pending], weights: [...rest.weights, ...pending.map(() => 1)] };
}

/**
 * Local penalty around pending points: log(1 - exp(-z^2 / 2)) summed over pending trials, z the distance
 * in units of `radius` times l(x)'s mean kernel width per dimension (a categorical mismatch counts 2 widths).
 */
function pendingPenalty(l: KernelMixture, pending: readonly (readonly number[])[], radius: number): (x: readonly number[]) => number {
  if (radius <= 0 || pending.length === 0) return () => 0;
  const n = l.size - 1;
  const widths = l.dims.map((dim, d) => {
    if (dim.kind === 'categorical') return 0;
    if (n === 0) return radius * dim.range;
    let w = 0;
    let total = 0;
    for (let k = 0; k < n; k++) {
      const wk = Math.exp(l.logWeights[k] as number);
      w += wk * (l.sigma[d]?.[k] as number);
      total += wk;
    }
    return (radius * w) / total;
  });
  return (x) => {
    let sum = 0;
    for (const p of pending) {
      let z2 = 0;
      l.dims.forEach((dim, d) => {
        const delta = (x[d] ?? 0) - (p[d] ?? 0);
        if (dim.kind === 'categorical') z2 += delta === 0 ? 0 : 4;
        else z2 += (delta / (widths[d] as number)) ** 2;
      });
      sum += Math.log(Math.max(1e-12, -Math.expm1(-0.5 * z2)));
    }
    return sum;
  };
}

/** At most `keep` trials spread evenly over the list (oldest to newest), each weighing for those skipped. */
function thinEvenly(list: readonly Observation[], keep: number): { points: Observation[]; weights: number[] } {
  if (list.length <= keep) return { points: [...list], weights: list.map(() => 1) };
  const step = list.length / keep;
  const points = Array.from({ length: keep }, (_, i) => list[Math.floor(i * step)] as Observation);
  return { points, weights: points.map(() => step) };
}

/** `spaceDims`: the space's modelled parameters, all branches counted (a conditional group is narrowed as its space is). */
export function buildGroup(params: readonly ModelledParam[], observations: readonly Observation[], s: DefaultSettings, rng: Rng, spaceDims: number): GroupModel {
  const all = relevantTrials(params, observations);
  const relevant = s.pending.constantLiar ? all : all.filter((o) => o.state !== 'running');
  const { below, above } = splitTrials(relevant, s);
  const dims = params.map((p) => p.dim);
  const coords = (o: Observation): number[] => params.map((p) => p.coordinate(o.params));
  const wBelow = belowWeights(below, above, s);
  const meanBelow = wBelow.length === 0 ? 1 : wBelow.reduce((a, b) => a + b, 0) / wBelow.length;
  const l = buildMixture(dims, below.map(coords), wBelow, s.priorWeight * meanBelow, { ...s.bandwidth, scale: lowDimScale(spaceDims, s) });
  const pending = all.filter((o) => o.state === 'running');
  const thinned = thinAbove(above);
  const g = buildMixture(dims, thinned.points.map(coords), thinned.weights, s.priorWeight, s.bandwidth);
  const feasible = feasibility(params, relevant, s);
  const penalty = pendingPenalty(l, pending.map(coords), s.pending.penaltyRadius);
  const scratch = new Float64Array(Math.max(l.size, g.size));
  const candidates = Array.from({ length: s.candidates }, () => {
    const draw = sampleMixture(l, rng);
    const values = params.map((p, d) => p.valueOf(draw[d] ?? 0));
    const x = params.map((p, d) => p.coordinateOf(values[d] ?? null));
    const score = mixtureLogPdf(l, x, scratch) - mixtureLogPdf(g, x, scratch) + feasible(x) + penalty(x);
    return { values, score: Number.isNaN(score) ? -Infinity : score };
  });
  const ranking = candidates.map((_, i) => i).sort((a, b) => (candidates[b]?.score ?? 0) - (candidates[a]?.score ?? 0) || a - b);
  return { params, below, above, l, g, candidates, ranking };
}

