// What the GP is fitted on: the losses of complete trials, warped and standardized. Heavy-tailed
// losses (Rosenbrock, a diverged run at 1e6) would otherwise flatten everything that matters.
import { normalQuantile } from '../../util/normal.js';

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
  const n = losses.length;
  let y: Float64Array;
  let logJacobian = 0;
  if (warp === 'rank') {
    // Gaussian copula: each loss becomes the normal quantile of its rank (ties share the mean rank).
    const order = losses.map((_, i) => i).sort((a, b) => (losses[a] as number) - (losses[b] as number));
    y = new Float64Array(n);
    let i = 0;
    while (i < n) {
      let j = i;
      while (j + 1 < n && losses[order[j + 1] as number] === losses[order[i] as number]) j++;
      const q = normalQuantile(((i + j) / 2 + 0.5) / n);
      for (let k = i; k <= j; k++) y[order[k] as number] = q;
      i = j + 1;
    }
    logJacobian = NaN;
  } else if (warp === 'log') {
    // log of the gap to the best loss, with an offset of a tenth of the median gap so the best
    // trials are not infinitely far below the rest.
    let min = Infinity;
    for (const v of losses) min = Math.min(min, v);
    const gaps = losses.map((v) => v - min).sort((a, b) => a - b);
    const offset = Math.max(0.1 * (gaps[Math.floor(n / 2)] ?? 0), 1e-12 * Math.max(1, Math.abs(min)), 1e-300);
    y = Float64Array.from(losses, (v) => Math.log(v - min + offset));
    for (const v of losses) logJacobian -= Math.log(v - min + offset);
  } else y = Float64Array.from(losses);
  const standardized = standardize(y);
  return { y: standardized.y, logJacobian: logJacobian - n * Math.log(standardized.sd) };
}

function standardize(y: Float64Array): { y: Float64Array; sd: number } {
  const n = y.length;
  let mean = 0;
  for (const v of y) mean += v / n;
  let sd = 0;
  for (const v of y) sd += (v - mean) ** 2 / n;
  sd = Math.sqrt(sd) || 1;
  return { y: y.map((v) => (v - mean) / sd), sd };
}
