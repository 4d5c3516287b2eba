// Parallel asks: each running trial is given the value that a Gaussian process fitted on the finished
// trials predicts for it (the "Kriging believer" of Ginsbourger, Le Riche & Carraro, 2010), so the next
// ask acts as if the running trials had already reported what they most likely will. docs/tpe.md,
// "Parallel asks", has the benchmark that chose it over leaving running trials out.
import { choleskyJittered, choleskySolve } from '../../util/linalg.js';
import type { Observation } from '../observations.js';
import type { ModelledParam } from './dims.js';

/** The GP is fitted on at most this many of the newest complete trials: its cost grows as n^3 (0.7 ms at 128 on 2 cores). */
const MAX_FITTED = 128;
/** Observation noise, in units of the standardized loss: a little, so that near-duplicates do not break it. */
const NOISE = 1e-4;

/**
 * The observations with every running trial turned into a complete one whose loss is the GP's posterior
 * mean at its point. Inputs: `params`, the always-active parameters, numeric ones in model space divided by their
 * range, categorical ones at distance 1 when they differ; an RBF kernel of length `lengthScale * sqrt(d)`.
 * Unchanged when nothing runs, fewer than two trials are complete, or no parameter is always active.
 */
export function believePending(params: readonly ModelledParam[], observations: readonly Observation[], lengthScale: number): readonly Observation[] {
  if (lengthScale <= 0 || !observations.some((o) => o.state === 'running')) return observations;
  const complete = observations.filter((o) => o.state === 'complete').slice(-MAX_FITTED);
  if (params.length === 0 || complete.length < 2) return observations;
  const d = params.length;
  const categorical = Uint8Array.from(params, (p) => (p.dim.kind === 'categorical' ? 1 : 0));
  const inputs = new Float64Array(complete.length * d);
  complete.forEach((o, i) => params.forEach((p, k) => (inputs[i * d + k] = normalized(p, o))));
  const length = lengthScale * Math.sqrt(d);
  const kernel = rbf(categorical, -0.5 / (length * length));
  const losses = complete.map((o) => o.loss);
  const mean = losses.reduce((a, b) => a + b, 0) / losses.length;
  const scale = spread(losses, mean);
  const alpha = solveStandardized(inputs, losses.map((loss) => (loss - mean) / scale), kernel);
  return observations.map((o) => {
    if (o.state !== 'running') return o;
    const x = Float64Array.from(params, (p) => normalized(p, o));
    let predicted = 0;
    for (let i = 0; i < complete.length; i++) predicted += kernel(inputs, i * d, x, 0) * (alpha[i] as number);
    return { ...o, state: 'complete', loss: mean + scale * predicted };
  });
}

type Kernel = (a: Float64Array, aAt: number, b: Float64Array, bAt: number) => number;

/** exp(factor * squared distance); a choice's options are at distance 1 from each other. */
function rbf(categorical: Uint8Array, factor: number): Kernel {
  const d = categorical.length;
  return (a, aAt, b, bAt) => {
    let sum = 0;
    for (let k = 0; k < d; k++) {
      const u = a[aAt + k] as number;
      const v = b[bAt + k] as number;
      const gap = categorical[k] === 1 ? (u === v ? 0 : 1) : u - v;
      sum += gap * gap;
    }
    return Math.exp(factor * sum);
  };
}

function spread(values: readonly number[], mean: number): number {
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length) || 1;
}

function normalized(param: ModelledParam, o: Observation): number {
  const coordinate = param.coordinate(o.params);
  const dim = param.dim;
  if (dim.kind === 'categorical') return coordinate;
  const origin = Number.isFinite(dim.low) ? dim.low : dim.priorMu;
  return (coordinate - origin) / dim.range;
}

/** alpha = (K + noise I)^-1 y, by Cholesky on a flat n x n array. */
function solveStandardized(inputs: Float64Array, y: readonly number[], kernel: Kernel): Float64Array {
  const n = y.length;
  const d = inputs.length / n;
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) K[i * n + j] = kernel(inputs, i * d, inputs, j * d) + (i === j ? NOISE : 0);
  }
  return choleskySolve(choleskyJittered(K, n).factor, n, y);
}
