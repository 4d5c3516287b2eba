// The GP posterior for fixed hyperparameters: mean and variance of the latent function at a point,
// with their gradients in the numeric inputs (the acquisition's local search follows them).
import { choleskyJittered, choleskySolve, solveLower, solveUpperT } from '../../util/linalg.js';
import { floorOf, glsMean, matern52, type GpData, type Theta } from './fit.js';

export interface Posterior {
  data: GpData;
  theta: Theta;
  /** 1 / length^2 per input. */
  inv2: Float64Array;
  signal: number;
  noise: number;
  factor: Float64Array;
  alpha: Float64Array;
  /** The prior mean (a constant; 0 unless the data ask for a GLS one). */
  priorMean: number;
  /**
   * Values of the last inputs, appended to every queried point: the multi-fidelity GP is asked at a
   * full run (fidelity 1) while the acquisition searches the space's own inputs (docs/gp.md).
   */
  tail: Float64Array;
}

export interface Prediction {
  mean: number;
  variance: number;
  /** Gradients in the inputs (zero for categorical inputs); filled only when asked for. */
  dMean: Float64Array | null;
  dVariance: Float64Array | null;
}

/** r^2 between row `i` of the data and point `x`, in length-scale units. */
function scaledDistance(post: Posterior, i: number, x: ArrayLike<number>): number {
  const { x: xs, d, categorical } = post.data;
  const own = d - post.tail.length;
  let r2 = 0;
  for (let k = 0; k < d; k++) {
    const delta = (k < own ? (x[k] as number) : (post.tail[k - own] as number)) - (xs[i * d + k] as number);
    r2 += (post.inv2[k] as number) * (categorical[k] === 1 ? (delta === 0 ? 0 : 1) : delta * delta);
  }
  return r2;
}

/** The prior covariance of point `x` with each data row: the kernel row `predict` weighs. */
export function kernelRow(post: Posterior, x: ArrayLike<number>): Float64Array {
  const row = new Float64Array(post.data.n);
  for (let i = 0; i < post.data.n; i++) row[i] = matern52(scaledDistance(post, i, x), post.signal).k;
  return row;
}

export function buildPosterior(data: GpData, theta: Theta): Posterior {
  const { n, d } = data;
  const inv2 = Float64Array.from({ length: d }, (_, k) => Math.exp(-2 * (theta[k] as number)));
  const signal = Math.exp(theta[d] as number);
  const noise = Math.exp(theta[d + 1] as number) + floorOf(data);
  const post: Posterior = { data, theta, inv2, signal, noise, factor: new Float64Array(0), alpha: new Float64Array(0), priorMean: 0, tail: new Float64Array(0) };
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    K[i * n + i] = signal + noise + (data.rowNoise?.[i] ?? 0);
    for (let j = 0; j < i; j++) {
      const k = matern52(scaledDistance(post, j, data.x.subarray(i * d, i * d + d)), signal).k;
      K[i * n + j] = k;
      K[j * n + i] = k;
    }
  }
  post.factor = choleskyJittered(K, n).factor;
  post.alpha = choleskySolve(post.factor, n, data.y);
  if (data.priorMean !== undefined) {
    const gls = glsMean(post.factor, n, post.alpha);
    post.priorMean = gls.mean;
    post.alpha = gls.alpha;
  }
  return post;
}

/** The same posterior, asked with its last inputs held at `tail` (points then carry only the others). */
export function withTail(post: Posterior, tail: readonly number[]): Posterior {
  return { ...post, tail: Float64Array.from(tail) };
}

/** Mean and variance of the latent (noise-free) function at x; gradients when `withGradient`. */
export function predict(post: Posterior, x: ArrayLike<number>, withGradient = false): Prediction {
  const { n, d, categorical, x: xs } = post.data;
  const kx = new Float64Array(n);
  const dk = withGradient ? new Float64Array(n) : null;
  let mean = post.priorMean;
  for (let i = 0; i < n; i++) {
    const m = matern52(scaledDistance(post, i, x), post.signal);
    kx[i] = m.k;
    if (dk !== null) dk[i] = m.dkdr2;
    mean += m.k * (post.alpha[i] as number);
  }
  const v = solveLower(post.factor, n, kx);
  let explained = 0;
  for (let i = 0; i < n; i++) explained += (v[i] as number) * (v[i] as number);
  const variance = Math.max(post.signal - explained, 1e-12 * post.signal);
  if (dk === null) return { mean, variance, dMean: null, dVariance: null };
  // d k_i / d x_k = dk/dr^2 * 2 (x_k - x_ik) / length_k^2; d var = -2 (K^-1 k)^T d k.
  const w = solveUpperT(post.factor, n, v);
  const own = d - post.tail.length;
  const dMean = new Float64Array(own);
  const dVariance = new Float64Array(own);
  for (let i = 0; i < n; i++) {
    const base = 2 * (dk[i] as number);
    const a = post.alpha[i] as number;
    const wi = w[i] as number;
    for (let k = 0; k < own; k++) {
      if (categorical[k] === 1) continue;
      const g = base * (post.inv2[k] as number) * ((x[k] as number) - (xs[i * d + k] as number));
      dMean[k] = (dMean[k] as number) + a * g;
      dVariance[k] = (dVariance[k] as number) - 2 * wi * g;
    }
  }
  return { mean, variance, dMean, dVariance };
}
