// The GP's hyperparameters by maximum a posteriori: Matérn-5/2 with one length scale per input,
// a signal variance and a noise variance, all in log space, fitted with L-BFGS inside bounds.
import { choleskyInverse, choleskyJittered, choleskySolve, logDetFromCholesky } from '../../util/linalg.js';
import { minimizeLbfgs } from '../../util/lbfgs.js';
import { defaultPrior, priorTerm, type Prior } from './prior.js';

export { defaultPrior, type LengthPrior, type Prior } from './prior.js';

/** Training data: n points of d inputs (flat, row-major) and standardized targets. */
export interface GpData {
  x: Float64Array;
  y: Float64Array;
  n: number;
  d: number;
  /** 1 where the input is categorical: its distance is 0 or 1 (Hamming), not |a - b|. */
  categorical: Uint8Array;
  /** The noise variance's floor for these targets (`noiseFloor`); MIN_NOISE when absent. */
  minNoise?: number;
  /** Noise variance added to single rows on top of the fitted one (a failed trial's imputed loss). */
  rowNoise?: Float64Array;
  /**
   * `gls`: the prior mean is a constant by generalized least squares (ordinary kriging), profiled in
   * the likelihood and used by the posterior; absent: zero (the targets are standardized).
   */
  priorMean?: 'gls';
}

/**
 * The generalized least squares constant of targets `y` under the covariance whose Cholesky factor is
 * `factor` (ordinary kriging), and K^-1 (y - mean), given `alpha` = K^-1 y.
 */
export function glsMean(factor: Float64Array, n: number, alpha: Float64Array): { mean: number; alpha: Float64Array } {
  const w = choleskySolve(factor, n, new Float64Array(n).fill(1));
  let top = 0;
  let bottom = 0;
  for (let i = 0; i < n; i++) {
    top += alpha[i] as number;
    bottom += w[i] as number;
  }
  const mean = bottom > 0 ? top / bottom : 0;
  return { mean, alpha: alpha.map((a, i) => a - mean * (w[i] as number)) };
}

/** theta = [log length_1 .. log length_d, log signal variance, log noise variance]. */
export type Theta = Float64Array;

/** Noise variance never goes below this (standardized units), so near-duplicates keep K invertible. */
export const MIN_NOISE = 1e-6;

/**
 * The noise floor for standardized targets `y`: MIN_NOISE, lowered once the five best trials lie closer
 * together than it can resolve (a noise sd of a tenth of their spread), so the end of a search keeps
 * refining what the fit would otherwise call noise (docs/gp.md, "Noise floor"). Never below 1e-9.
 */
export function noiseFloor(y: ArrayLike<number>): number {
  const sorted = Float64Array.from(y).sort();
  if (sorted.length < 2) return MIN_NOISE;
  const spread = (sorted[Math.min(4, sorted.length - 1)] as number) - (sorted[0] as number);
  return Math.min(MIN_NOISE, Math.max(1e-9, (0.1 * spread) ** 2));
}

/** The floor added to the fitted noise variance of `data`: its own (`noiseFloor`), else MIN_NOISE. */
export function floorOf(data: GpData): number {
  return data.minNoise ?? MIN_NOISE;
}
const SQRT5 = Math.sqrt(5);
const LOG_2PI = Math.log(2 * Math.PI);

/** Per pair of points and input, the squared distance: (a - b)^2, or 0/1 for a categorical input. */
export function pairDistances(data: GpData): Float64Array {
  const { x, n, d, categorical } = data;
  const out = new Float64Array(((n * (n - 1)) / 2) * d);
  let at = 0;
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      for (let k = 0; k < d; k++) {
        const delta = (x[i * d + k] as number) - (x[j * d + k] as number);
        out[at++] = categorical[k] === 1 ? (delta === 0 ? 0 : 1) : delta * delta;
      }
    }
  }
  return out;
}

/** Matérn-5/2 as a function of r^2: the value and its derivative in r^2 (finite at r = 0). */
export function matern52(r2: number, signal: number): { k: number; dkdr2: number } {
  const r = Math.sqrt(r2);
  const e = Math.exp(-SQRT5 * r);
  return { k: signal * (1 + SQRT5 * r + (5 / 3) * r2) * e, dkdr2: -(5 / 6) * signal * (1 + SQRT5 * r) * e };
}

/**
 * Negative log posterior of theta (marginal likelihood plus prior) and its gradient. `withTerms`, when
 * given, sees W = K^-1 - alpha alpha^T, each pair's dk/dr^2 and the inverse squared lengths: what the
 * gradient in anything else that moves r^2 is made of (the input warp's shapes).
 */
export function negLogPosterior(theta: Theta, data: GpData, dist: Float64Array, prior: Prior, grad: Float64Array, withTerms?: (W: Float64Array, dk: Float64Array, inv2: Float64Array) => void): number {
  const { n, d, y } = data;
  grad.fill(0);
  const inv2 = Float64Array.from({ length: d }, (_, k) => Math.exp(-2 * (theta[k] as number)));
  const signal = Math.exp(theta[d] as number);
  const floor = floorOf(data);
  const noise = Math.exp(theta[d + 1] as number) + floor;
  const K = new Float64Array(n * n);
  const dk = new Float64Array(dist.length / Math.max(1, d));
  let at = 0;
  for (let i = 0; i < n; i++) {
    K[i * n + i] = signal + noise + (data.rowNoise?.[i] ?? 0);
    for (let j = 0; j < i; j++) {
      let r2 = 0;
      for (let k = 0; k < d; k++) r2 += (inv2[k] as number) * (dist[(at * d) + k] as number);
      const m = matern52(r2, signal);
      K[i * n + j] = m.k;
      K[j * n + i] = m.k;
      dk[at++] = m.dkdr2;
    }
  }
  const { factor } = choleskyJittered(K, n);
  // the profile likelihood under a GLS constant mean: its residuals enter as y does under a zero mean
  const raw = choleskySolve(factor, n, y);
  const profiled = data.priorMean === 'gls' ? glsMean(factor, n, raw) : { mean: 0, alpha: raw };
  const alpha = profiled.alpha;
  let fit = 0;
  for (let i = 0; i < n; i++) fit += ((y[i] as number) - profiled.mean) * (alpha[i] as number);
  const nll = 0.5 * fit + 0.5 * logDetFromCholesky(factor, n) + 0.5 * n * LOG_2PI;
  // d nll / d theta = 1/2 tr(W dK/dtheta), W = K^-1 - alpha alpha^T
  const W = choleskyInverse(factor, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) W[i * n + j] = (W[i * n + j] as number) - (alpha[i] as number) * (alpha[j] as number);
  at = 0;
  let signalGrad = 0;
  for (let i = 0; i < n; i++) {
    signalGrad += 0.5 * (W[i * n + i] as number) * signal;
    for (let j = 0; j < i; j++) {
      const w = W[i * n + j] as number;
      signalGrad += w * (K[i * n + j] as number);
      const c = -2 * w * (dk[at] as number);
      for (let k = 0; k < d; k++) grad[k] = (grad[k] as number) + c * (inv2[k] as number) * (dist[at * d + k] as number);
      at++;
    }
  }
  withTerms?.(W, dk, inv2);
  let trace = 0;
  for (let i = 0; i < n; i++) trace += W[i * n + i] as number;
  grad[d] = signalGrad;
  grad[d + 1] = 0.5 * trace * (noise - floor);
  return nll + priorTerm(theta, data, prior, grad);
}

/** Bounds of theta: length scales 1e-3..1e3 of the unit cube, signal 1e-2..1e2, noise 1e-9..1. */
export function thetaBounds(d: number): { lower: Float64Array; upper: Float64Array } {
  const lower = new Float64Array(d + 2).fill(Math.log(1e-3));
  const upper = new Float64Array(d + 2).fill(Math.log(1e3));
  lower[d] = Math.log(1e-2);
  upper[d] = Math.log(1e2);
  lower[d + 1] = Math.log(1e-9);
  upper[d + 1] = 0;
  return { lower, upper };
}

/** The MAP theta from each start (best kept) and its negative log posterior; deterministic in the data and the starts. */
export function fitTheta(data: GpData, starts: readonly Theta[], prior: Prior = defaultPrior(data.d), maxIterations = 60): { theta: Theta; value: number } {
  const dist = pairDistances(data);
  const { lower, upper } = thetaBounds(data.d);
  let best: { x: Float64Array; f: number } | null = null;
  for (const start of starts) {
    const result = minimizeLbfgs((theta, grad) => negLogPosterior(theta, data, dist, prior, grad), start, { lower, upper, maxIterations, relativeTolerance: 1e-7, gradientTolerance: 1e-4 });
    if (best === null || result.f < best.f) best = result;
  }
  return best === null ? { theta: Float64Array.from(starts[0] ?? []), value: Infinity } : { theta: best.x, value: best.f };
}
