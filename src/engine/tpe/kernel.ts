// A mixture of product kernels over several parameters (the multivariate Parzen estimator).
// One kernel per observation plus a prior kernel (last); one code path for 1-D and joint models.
import { LOG_SQRT_2PI, normalMass } from '../../util/normal.js';
import type { Bandwidth, Dim, KernelMixture, NumericDim } from './kernel-types.js';

/** Index of the first element >= v in a sorted array. */
function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** hyperopt's neighbour rule with the domain's ends as outer neighbours, clipped to [floor, range]. */
function bandwidths(dim: NumericDim, values: Float64Array, bw: Bandwidth): Float64Array {
  const n = values.length;
  const sorted = values.slice().sort();
  const sigma = new Float64Array(n);
  const floor = dim.range * Math.max(bw.minBandwidth, Math.pow(n + 2, -bw.clipExponent));
  const { low, high, range } = dim;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    const pos = lowerBound(sorted, v);
    const left = pos > 0 ? (sorted[pos - 1] as number) : low;
    const right = pos < n - 1 ? (sorted[pos + 1] as number) : high;
    // Unbounded ends: use the inner gap only; a lone point gets the whole range.
    let width = left === -Infinity ? right - v : right === Infinity ? v - left : Math.max(v - left, right - v);
    if (width === Infinity) width = range;
    const clipped = width < floor ? floor : width > range ? range : width;
    sigma[i] = bw.scale === undefined ? clipped : Math.max(dim.range * bw.minBandwidth, clipped * bw.scale);
  }
  return sigma;
}

/** log of a kernel's mass inside [low, high]; exactly 0 when both ends are beyond 8 sigma. */
function logMassInside(dim: NumericDim, mu: number, sd: number): number {
  const a = (dim.low - mu) / sd;
  const b = (dim.high - mu) / sd;
  if (a < -8 && b > 8) return 0;
  return Math.log(Math.max(1e-300, normalMass(a, b)));
}

/**
 * Build l(x) or g(x) from points (one number per dimension: model coordinate or category index),
 * their weights, and the prior kernel's weight (same units as the point weights).
 */
export function buildMixture(dims: readonly Dim[], points: readonly (readonly number[])[], weights: readonly number[], priorWeight: number, bw: Bandwidth): KernelMixture {
  const n = points.length;
  const size = n + 1;
  let total = priorWeight;
  for (let k = 0; k < n; k++) total += weights[k] as number;
  const logWeights = new Float64Array(size);
  const cumulative = new Float64Array(size);
  let running = 0;
  for (let k = 0; k < size; k++) {
    const w = (k < n ? (weights[k] as number) : priorWeight) / total;
    logWeights[k] = Math.log(w);
    running += w;
    cumulative[k] = running;
  }
  const centre: Float64Array[] = [];
  const sigma: Float64Array[] = [];
  const logMass: Float64Array[] = [];
  const logNorm: Float64Array[] = [];
  const epsilon: number[] = [];
  for (let d = 0; d < dims.length; d++) {
    const dim = dims[d] as Dim;
    const c = new Float64Array(size);
    for (let k = 0; k < n; k++) c[k] = (points[k] as readonly number[])[d] as number;
    const s = new Float64Array(size);
    const m = new Float64Array(size);
    const z = new Float64Array(size);
    if (dim.kind === 'numeric') {
      s.set(bandwidths(dim, c.subarray(0, n), bw));
      c[n] = dim.priorMu;
      s[n] = dim.priorSigma;
      for (let k = 0; k < size; k++) {
        const sd = s[k] as number;
        const mass = logMassInside(dim, c[k] as number, sd);
        m[k] = mass;
        z[k] = -Math.log(sd) - LOG_SQRT_2PI - mass;
      }
      epsilon.push(0);
    } else {
      c[n] = -1;
      epsilon.push(1 / (n + 1));
    }
    centre.push(c);
    sigma.push(s);
    logMass.push(m);
    logNorm.push(z);
  }
  return { dims, size, logWeights, cumulative, centre, sigma, logMass, logNorm, epsilon };
}

/** A kernel's log density (or bin mass) in one dimension at model coordinate x. */
function kernelLogDensity(mix: KernelMixture, d: number, k: number, x: number): number {
  const dim = mix.dims[d] as Dim;
  if (dim.kind === 'categorical') {
    const c = mix.centre[d]?.[k] ?? -1;
    if (c < 0) return Math.log(dim.prior[x] ?? 0);
    const eps = mix.epsilon[d] ?? 0;
    return Math.log(((c === x ? 1 : 0) + eps) / (1 + dim.size * eps));
  }
  const mu = mix.centre[d]?.[k] ?? 0;
  const sd = mix.sigma[d]?.[k] ?? 1;
  const logMass = mix.logMass[d]?.[k] ?? 0;
  if (dim.step !== null) {
    const value = dim.log ? Math.exp(x) : x;
    const lo = dim.log ? Math.log(Math.max(1e-300, value - dim.step / 2)) : value - dim.step / 2;
    const hi = dim.log ? Math.log(value + dim.step / 2) : value + dim.step / 2;
    // A wide kernel is flat across one bin: density times width is exact enough and far cheaper.
    if (sd > 2 * (hi - lo)) {
      const z = (x - mu) / sd;
      return -0.5 * z * z - Math.log(sd) - LOG_SQRT_2PI + Math.log(hi - lo) - logMass;
    }
    return Math.log(Math.max(1e-300, normalMass((lo - mu) / sd, (hi - mu) / sd))) - logMass;
  }
  const z = (x - mu) / sd;
  return -0.5 * z * z + (mix.logNorm[d]?.[k] ?? 0);
}

/** log of the mixture's density at a point (all dimensions). */
export function mixtureLogPdf(mix: KernelMixture, x: readonly number[], scratch = new Float64Array(mix.size)): number {
  scratch.set(mix.logWeights);
  mix.dims.forEach((dim, d) => {
    const xd = x[d] ?? 0;
    const centre = mix.centre[d] as Float64Array;
    const sigma = mix.sigma[d] as Float64Array;
    const norm = mix.logNorm[d] as Float64Array;
    if (dim.kind === 'numeric' && dim.step === null) {
      // The hot loop: continuous dimensions, no per-kernel logarithms.
      for (let k = 0; k < mix.size; k++) {
        const z = (xd - (centre[k] as number)) / (sigma[k] as number);
        scratch[k] = (scratch[k] as number) - 0.5 * z * z + (norm[k] as number);
      }
    } else {
      for (let k = 0; k < mix.size; k++) scratch[k] = (scratch[k] as number) + kernelLogDensity(mix, d, k, xd);
    }
  });
  let max = -Infinity;
  for (let k = 0; k < mix.size; k++) if ((scratch[k] as number) > max) max = scratch[k] as number;
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let k = 0; k < mix.size; k++) sum += Math.exp((scratch[k] ?? -Infinity) - max);
  return max + Math.log(sum);
}

/** log density of one dimension's marginal (every kernel normalises per dimension, so the rest integrates out). */
export function marginalLogPdf(mix: KernelMixture, d: number, x: number): number {
  const terms = new Float64Array(mix.size);
  let max = -Infinity;
  for (let k = 0; k < mix.size; k++) {
    terms[k] = (mix.logWeights[k] ?? -Infinity) + kernelLogDensity(mix, d, k, x);
    if ((terms[k] ?? -Infinity) > max) max = terms[k] ?? -Infinity;
  }
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let k = 0; k < mix.size; k++) sum += Math.exp((terms[k] ?? -Infinity) - max);
  return max + Math.log(sum);
}
