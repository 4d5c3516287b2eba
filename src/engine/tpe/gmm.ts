// hyperopt's truncated Gaussian mixtures (GMM1 / LGMM1): sampling and log densities, formulas only.
import { drawIndex, normalDraw, type Rng } from '../../util/rng.js';
import { logSumExp, normalCdf, normalLogPdf } from '../../util/normal.js';
import type { Mixture } from './parzen.js';

const EPS = 1e-12;

/** Where a mixture lives: bounds in model space (log space when `log`), optional step in value space. */
export interface MixtureSupport {
  low: number | null;
  high: number | null;
  q: number | null;
  log: boolean;
}

/** One draw in value space: rejection into [low, high) in model space, exp for log, then rounding to q. */
export function sampleMixture(mix: Mixture, support: MixtureSupport, rng: Rng): number {
  let draw = 0;
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const k = drawIndex(mix.weights, rng);
    draw = (mix.mus[k] ?? 0) + (mix.sigmas[k] ?? 1) * normalDraw(rng);
    const tooLow = support.low !== null && draw < support.low;
    const tooHigh = support.high !== null && draw >= support.high;
    if (!tooLow && !tooHigh) break;
  }
  let value = support.log ? Math.exp(draw) : draw;
  if (support.q !== null) value = Math.round(value / support.q) * support.q;
  return value;
}

function cdf(x: number, mu: number, sigma: number, log: boolean): number {
  if (log) {
    if (x <= 0) return 0;
    return normalCdf((Math.log(Math.max(x, EPS)) - mu) / Math.max(sigma, EPS));
  }
  return normalCdf((x - mu) / Math.max(sigma, EPS));
}

/** Total weight the mixture puts inside the bounds (model space), 1 when unbounded. */
export function acceptance(mix: Mixture, support: MixtureSupport): number {
  if (support.low === null && support.high === null) return 1;
  let p = 0;
  mix.weights.forEach((w, k) => {
    const mu = mix.mus[k] ?? 0;
    const sigma = mix.sigmas[k] ?? 1;
    const hi = support.high === null ? 1 : cdf(support.high, mu, sigma, false);
    const lo = support.low === null ? 0 : cdf(support.low, mu, sigma, false);
    p += w * (hi - lo);
  });
  return p;
}

/**
 * hyperopt's log density of a value (value space). Continuous: the truncated mixture density
 * (for log families, the lognormal density without truncation, as hyperopt does). Quantized:
 * the mixture's probability mass of the bin [x - q/2, x + q/2] clipped to the bounds.
 * `logAccept` (log of `acceptance`) is the same for every x: pass it when scoring many points.
 */
export function mixtureLogPdf(x: number, mix: Mixture, support: MixtureSupport, logAccept = Math.log(acceptance(mix, support))): number {
  const k = mix.weights.length;
  if (support.q === null) {
    if (!support.log) {
      const terms = mix.weights.map((w, i) => Math.log(w) + normalLogPdf(x, mix.mus[i] ?? 0, Math.max(mix.sigmas[i] ?? 1, EPS)) - logAccept);
      return logSumExp(terms);
    }
    const terms = mix.weights.map((w, i) => Math.log(w) + normalLogPdf(Math.log(x), mix.mus[i] ?? 0, Math.max(mix.sigmas[i] ?? 1, EPS)) - Math.log(x));
    return logSumExp(terms);
  }
  const half = support.q / 2;
  let upper = x + half;
  let lower = x - half;
  if (support.log) {
    if (support.high !== null) upper = Math.min(upper, Math.exp(support.high));
    if (support.low !== null) lower = Math.max(lower, Math.exp(support.low));
    lower = Math.max(0, lower);
  } else {
    if (support.high !== null) upper = Math.min(upper, support.high);
    if (support.low !== null) lower = Math.max(lower, support.low);
  }
  let mass = 0;
  for (let i = 0; i < k; i++) {
    const mu = mix.mus[i] ?? 0;
    const sigma = mix.sigmas[i] ?? 1;
    mass += (mix.weights[i] ?? 0) * (cdf(upper, mu, sigma, support.log) - cdf(lower, mu, sigma, support.log));
  }
  return Math.log(mass) - logAccept;
}
