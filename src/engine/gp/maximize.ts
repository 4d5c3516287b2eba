// Maximising log EI over a mixed space: random and near-incumbent raw points, the best few refined
// by L-BFGS in the numeric inputs, then a discrete pass over choices and integer neighbours.
import { minimizeLbfgs } from '../../util/lbfgs.js';
import { intBelow, normalDraw, type Rng } from '../../util/rng.js';
import { logExpectedImprovement } from './acquisition.js';
import { activeInputs, canonical, randomPoint, snapPoint, type Encoding } from './encode.js';
import type { Posterior } from './posterior.js';
import type { PrunedPenalty } from './pruned-penalty.js';

export interface SearchContext {
  encoding: Encoding;
  post: Posterior;
  /** The incumbent (lowest standardized target). */
  best: number;
  rng: Rng;
  /** Points near which to look closer (the best trials so far). */
  incumbents: readonly Float64Array[];
  rawSamples: number;
  restarts: number;
  /** Local searches started at the best trials themselves (as Optuna's GPSampler starts one at the best). */
  incumbentStarts: number;
  /** Added to log EI when ranking final candidates (the failure model's log P(feasible)). */
  extra(point: Float64Array): number;
  /** Added to log EI throughout the search, its gradient too (pruned-penalty.ts). */
  penalty?: PrunedPenalty | null;
  /**
   * Every trial's point, any state (absent: none known, every option is tried). The kernel counts any
   * two different options as 1 apart, so the options of a choice that no trial holds score alike and
   * the discrete pass tries the first of them for all: with 2,000 options an ask took 30 s.
   */
  known?: readonly Float64Array[];
}

export interface Candidate {
  point: Float64Array;
  score: number;
}

function perturbed(ctx: SearchContext, centre: Float64Array): Float64Array {
  const d = centre.length;
  const active = activeInputs(ctx.encoding, centre);
  const point = Float64Array.from(ctx.encoding.inputs, (input, k) => {
    if (input.kind === 'categorical') return ctx.rng.next() < 1 / d ? intBelow(ctx.rng, input.size) : (centre[k] as number);
    const length = Math.exp(ctx.post.theta[k] as number);
    // an input the centre's branch leaves out starts anywhere, in case a choice above turns it on
    const from = active[k] ? (centre[k] as number) : ctx.rng.next();
    const u = from + 0.25 * Math.min(1, length) * normalDraw(ctx.rng);
    return Math.min(1, Math.max(0, u));
  });
  return canonical(ctx.encoding, point);
}

const acquisition = (ctx: SearchContext, x: ArrayLike<number>): number => logExpectedImprovement(ctx.post, x, ctx.best).value + (ctx.penalty?.value(x) ?? 0);

/** L-BFGS on the numeric inputs with the categorical ones held (and the inputs they leave out). */
function refine(ctx: SearchContext, start: Float64Array): Float64Array {
  const active = activeInputs(ctx.encoding, start);
  const numeric = ctx.encoding.inputs.flatMap((input, k) => (input.kind === 'numeric' && active[k] ? [k] : []));
  if (numeric.length === 0) return start;
  const full = start.slice();
  const result = minimizeLbfgs(
    (z, grad) => {
      numeric.forEach((k, i) => (full[k] = z[i] as number));
      const a = logExpectedImprovement(ctx.post, full, ctx.best, true);
      numeric.forEach((k, i) => (grad[i] = -(a.gradient?.[k] ?? 0)));
      const penalty = ctx.penalty;
      if (penalty === null || penalty === undefined) return -a.value;
      const up = numeric.map(() => 0);
      penalty.addGradient(full, numeric, up);
      up.forEach((g, i) => (grad[i] = (grad[i] as number) - g));
      return -(a.value + penalty.value(full));
    },
    numeric.map((k) => start[k] as number),
    { lower: numeric.map(() => 0), upper: numeric.map(() => 1), maxIterations: 30, gradientTolerance: 1e-5 },
  );
  const out = start.slice();
  numeric.forEach((k, i) => (out[k] = result.x[i] as number));
  return out;
}

/**
 * Per input, the options the discrete pass tries: every option (null) when no trial is known or when
 * an option opens parameters of its own (then options differ by their branch too); otherwise the
 * options some trial holds and the first that none holds. Proposals are the same as with every option
 * tried: the pass keeps a strictly better score only, so an option scoring as an earlier one never won.
 */
function optionsToTry(ctx: SearchContext): (readonly number[] | null)[] {
  const known = ctx.known;
  const parents = new Set((ctx.encoding.tree?.nodes ?? []).flatMap((node) => (node.condition === null ? [] : [node.condition.parent])));
  return ctx.encoding.inputs.map((input, k) => {
    if (known === undefined || input.kind !== 'categorical' || parents.has(input.node.label)) return null;
    const held = new Set(known.map((p) => p[k] as number));
    const options: number[] = [];
    let unheldTried = false;
    for (let o = 0; o < input.size; o++) {
      if (held.has(o)) options.push(o);
      else if (!unheldTried) {
        options.push(o);
        unheldTried = true;
      }
    }
    return options;
  });
}

/** Snap, then try the options of each choice (optionsToTry) and the grid neighbours of each discrete input. */
function discretePass(ctx: SearchContext, start: Float64Array, choices: readonly (readonly number[] | null)[]): Candidate {
  let point = snapPoint(ctx.encoding, start);
  let score = acquisition(ctx, point);
  for (let pass = 0; pass < 2; pass++) {
    let improved = false;
    // the inputs the current point's branch uses (a choice tried below may change it)
    let active = activeInputs(ctx.encoding, point);
    ctx.encoding.inputs.forEach((input, k) => {
      if (!active[k]) return;
      const tries: number[] = [];
      if (input.kind === 'categorical') tries.push(...(choices[k] ?? Array.from({ length: input.size }, (_, o) => o)));
      else if (input.discrete) {
        const value = input.fromUnit(point[k] as number);
        const q = input.node.q ?? 1;
        tries.push(input.toUnit(value - q), input.toUnit(value + q));
      }
      for (const t of tries) {
        if (t === point[k]) continue;
        const next = point.slice();
        next[k] = t;
        const snapped = snapPoint(ctx.encoding, next);
        const s = acquisition(ctx, snapped);
        if (s > score) {
          point = snapped;
          score = s;
          improved = true;
          if (input.kind === 'categorical') active = activeInputs(ctx.encoding, point);
        }
      }
    });
    if (!improved) break;
  }
  return { point, score };
}

/** Candidates, best first by log EI plus `extra`, each a snapped point (a valid configuration). */
export function maximizeAcquisition(ctx: SearchContext): Candidate[] {
  const raw: Candidate[] = [];
  for (let i = 0; i < ctx.rawSamples; i++) raw.push({ point: randomPoint(ctx.encoding, ctx.rng), score: 0 });
  const perIncumbent = Math.ceil(ctx.rawSamples / 8 / Math.max(1, ctx.incumbents.length));
  for (const centre of ctx.incumbents) for (let i = 0; i < perIncumbent; i++) raw.push({ point: perturbed(ctx, centre), score: 0 });
  // perturbations clamped at a bound coincide: keep one of each point, so that the restarts and the
  // fallbacks below are distinct (on Gramacy-Lee all 24 were its lower bound, where a trial had run)
  const seen = new Set<string>();
  const distinct = raw.filter((c) => {
    const key = c.point.join(',');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  for (const c of distinct) c.score = acquisition(ctx, c.point);
  distinct.sort((a, b) => b.score - a.score);
  const finals: Candidate[] = [];
  const choices = optionsToTry(ctx);
  distinct.slice(0, ctx.restarts).forEach((c) => finals.push(discretePass(ctx, refine(ctx, c.point), choices)));
  ctx.incumbents.slice(0, ctx.incumbentStarts).forEach((centre) => finals.push(discretePass(ctx, refine(ctx, centre), choices)));
  // a few unrefined raw points as fallbacks when the refined ones repeat earlier trials
  distinct.slice(ctx.restarts, ctx.restarts + 16).forEach((c) => finals.push(discretePass(ctx, c.point, choices)));
  for (const c of finals) c.score += ctx.extra(c.point);
  return finals.sort((a, b) => b.score - a.score);
}
