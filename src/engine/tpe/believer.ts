// Parallel asks: each running trial is given the value that a Gaussian process fitted on the finished
// trials predicts for it (the "Kriging believer" of Ginsbourger, Le Riche & Carraro, 2010), so the next
// ask acts as if the running trials had already reported what they most likely will. docs/tpe.md,
// "Parallel asks", has the benchmark that chose it over leaving running trials out.
import type { Space } from '../../space/types.js';
import type { Observation } from '../observations.js';
import { modelParam, type ModelledParam } from './dims.js';

/** The GP is fitted on at most this many of the newest complete trials (its cost grows as n^3). */
const MAX_FITTED = 128;
/** Observation noise, in units of the standardized loss: a little, so that near-duplicates do not break it. */
const NOISE = 1e-4;

interface Fitted {
  inputs: number[][];
  alpha: Float64Array;
  mean: number;
  scale: number;
}

/**
 * The observations with every running trial turned into a complete one whose loss is the GP's posterior
 * mean at its point. Inputs: the always-active parameters, numeric ones in model space divided by their
 * range, categorical ones at distance 1 when they differ; an RBF kernel of length `lengthScale * sqrt(d)`.
 * Unchanged when nothing runs, fewer than two trials are complete, or no parameter is always active.
 */
export function believePending(space: Space, observations: readonly Observation[], lengthScale: number): readonly Observation[] {
  if (lengthScale <= 0 || !observations.some((o) => o.state === 'running')) return observations;
  const params = space.nodes.flatMap((node) => (node.kind !== 'constant' && node.condition === null ? [modelParam(node)] : []));
  const complete = observations.filter((o) => o.state === 'complete').slice(-MAX_FITTED);
  if (params.length === 0 || complete.length < 2) return observations;
  const point = (o: Observation): number[] => params.map((p) => normalized(p, o));
  const categorical = params.map((p) => p.dim.kind === 'categorical');
  const length = lengthScale * Math.sqrt(params.length);
  const kernel = (a: readonly number[], b: readonly number[]): number => {
    let sum = 0;
    for (let d = 0; d < a.length; d++) {
      const gap = categorical[d] === true ? (a[d] === b[d] ? 0 : 1) : (a[d] ?? 0) - (b[d] ?? 0);
      sum += gap * gap;
    }
    return Math.exp((-0.5 * sum) / (length * length));
  };
  const fitted = fit(complete.map(point), complete.map((o) => o.loss), kernel);
  return observations.map((o) => {
    if (o.state !== 'running') return o;
    const x = point(o);
    let predicted = 0;
    fitted.inputs.forEach((input, i) => (predicted += kernel(input, x) * (fitted.alpha[i] as number)));
    return { ...o, state: 'complete', loss: fitted.mean + fitted.scale * predicted };
  });
}

function normalized(param: ModelledParam, o: Observation): number {
  const coordinate = param.coordinate(o.params);
  const dim = param.dim;
  if (dim.kind === 'categorical') return coordinate;
  const origin = Number.isFinite(dim.low) ? dim.low : dim.priorMu;
  return (coordinate - origin) / dim.range;
}

/** alpha = K^-1 y for the standardized losses, by Cholesky. */
function fit(inputs: number[][], losses: number[], kernel: (a: readonly number[], b: readonly number[]) => number): Fitted {
  const n = inputs.length;
  const mean = losses.reduce((a, b) => a + b, 0) / n;
  const scale = Math.sqrt(losses.reduce((a, b) => a + (b - mean) ** 2, 0) / n) || 1;
  const L = inputs.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const row = L[i] as Float64Array;
    for (let j = 0; j <= i; j++) {
      const other = L[j] as Float64Array;
      let sum = kernel(inputs[i] as number[], inputs[j] as number[]) + (i === j ? NOISE : 0);
      for (let k = 0; k < j; k++) sum -= (row[k] as number) * (other[k] as number);
      row[j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / (other[j] as number);
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = ((losses[i] as number) - mean) / scale;
    for (let k = 0; k < i; k++) sum -= (L[i]?.[k] as number) * (z[k] as number);
    z[i] = sum / (L[i]?.[i] as number);
  }
  const alpha = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = z[i] as number;
    for (let k = i + 1; k < n; k++) sum -= (L[k]?.[i] as number) * (alpha[k] as number);
    alpha[i] = sum / (L[i]?.[i] as number);
  }
  return { inputs, alpha, mean, scale };
}
