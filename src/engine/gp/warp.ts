// What the GP is fitted on: the losses of complete trials, warped and standardized. Heavy-tailed
// losses (Rosenbrock, a diverged run at 1e6) would otherwise flatten everything that matters.
import { normalCdf, normalQuantile } from '../../util/normal.js';

export type Warp = 'none' | 'log' | 'rank';

export interface Warped {
  /** Standardized targets (mean 0, sd 1), same order as the losses; lower is better. */
  y: Float64Array;
  /**
   * log |d y / d loss| summed over the trials: the GP's likelihood of `y` plus this is the likelihood
   * of the losses themselves, so two warps can be compared on the same footing (NaN for ranks).
   */
  logJacobian: number;
}

/** Warped, standardized targets, and the log Jacobian of the map. */
export function warpTargets(losses: readonly number[], warp: Warp): Warped {
  const raw = rawWarp(losses, warp);
  const standardized = standardize(raw.y);
  return { y: standardized.y, logJacobian: raw.logJacobian - losses.length * Math.log(standardized.sd) };
}

/**
 * The way back from a standardized target to a loss, for the losses `warpTargets` warped: `hypertune
 * explain` draws the GP in the metric's own units.
 */
export function unwarp(losses: readonly number[], warp: Warp): (y: number) => number {
  const raw = rawWarp(losses, warp);
  const { mean, sd } = standardize(raw.y);
  return (y) => raw.back(mean + sd * y);
}

/** The way there: a loss (one of these or a new one) as the standardized target the fit would give it. */
export function warpLoss(losses: readonly number[], warp: Warp): (loss: number) => number {
  const back = unwarp(losses, warp);
  // ranks map back flat beyond the best and worst trials: there the targets end
  const ends = warp === 'rank' ? warpTargets(losses, warp).y : [-60, 60];
  return (loss) => {
    // back is increasing: bisection finds the target it maps to this loss
    let lo = Math.min(...ends);
    let hi = Math.max(...ends);
    for (let i = 0; i < 60; i++) {
      const mid = 0.5 * (lo + hi);
      if (back(mid) < loss) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  };
}

interface RawWarp {
  y: Float64Array;
  logJacobian: number;
  /** The loss a warped (not yet standardized) value stands for. */
  back(value: number): number;
}

function rawWarp(losses: readonly number[], warp: Warp): RawWarp {
  const n = losses.length;
  if (warp === 'rank') {
    // Gaussian copula: each loss becomes the normal quantile of its rank (ties share the mean rank).
    const order = losses.map((_, i) => i).sort((a, b) => (losses[a] as number) - (losses[b] as number));
    const y = new Float64Array(n);
    let i = 0;
    while (i < n) {
      let j = i;
      while (j + 1 < n && losses[order[j + 1] as number] === losses[order[i] as number]) j++;
      const q = normalQuantile(((i + j) / 2 + 0.5) / n);
      for (let k = i; k <= j; k++) y[order[k] as number] = q;
      i = j + 1;
    }
    const sorted = order.map((k) => losses[k] as number);
    return { y, logJacobian: NaN, back: (value) => interpolate(sorted, normalCdf(value) * n - 0.5) };
  }
  if (warp === 'log') {
    // log of the gap to the best loss, with an offset of a tenth of the median gap so the best
    // trials are not infinitely far below the rest.
    let min = Infinity;
    for (const v of losses) min = Math.min(min, v);
    const gaps = losses.map((v) => v - min).sort((a, b) => a - b);
    const offset = Math.max(0.1 * (gaps[Math.floor(n / 2)] ?? 0), 1e-12 * Math.max(1, Math.abs(min)), 1e-300);
    let logJacobian = 0;
    for (const v of losses) logJacobian -= Math.log(v - min + offset);
    return { y: Float64Array.from(losses, (v) => Math.log(v - min + offset)), logJacobian, back: (value) => Math.exp(value) - offset + min };
  }
  return { y: Float64Array.from(losses), logJacobian: 0, back: (value) => value };
}

/** `sorted` read at a fractional index, clamped to its ends. */
function interpolate(sorted: readonly number[], at: number): number {
  const last = sorted.length - 1;
  const clamped = Math.min(last, Math.max(0, at));
  const below = Math.floor(clamped);
  const above = Math.min(last, below + 1);
  const t = clamped - below;
  return (1 - t) * (sorted[below] as number) + t * (sorted[above] as number);
}

function standardize(y: Float64Array): { y: Float64Array; mean: number; sd: number } {
  const n = y.length;
  let mean = 0;
  for (const v of y) mean += v / n;
  let sd = 0;
  for (const v of y) sd += (v - mean) ** 2 / n;
  sd = Math.sqrt(sd) || 1;
  return { y: y.map((v) => (v - mean) / sd), mean, sd };
}
