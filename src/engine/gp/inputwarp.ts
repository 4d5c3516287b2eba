// Input warping (Snoek et al. 2014; BoTorch's `Warp`, HEBO): each numeric input passes through the
// CDF of a Kumaraswamy distribution, 1 - (1 - u^a)^b, whose two shapes are fitted with the kernel's
// hyperparameters. A loss that changes fast near one end of a range and slowly elsewhere (a learning
// rate declared `uniform(1e-5, 0.1)`) becomes one the stationary kernel can follow (docs/gp.md, "Input warping").
import { minimizeLbfgs } from '../../util/lbfgs.js';
import type { Encoding, Input } from './encode.js';
import { negLogPosterior, pairDistances, thetaBounds, type GpData, type Prior, type Theta } from './fit.js';

/** Inputs stay this far inside [0, 1] before the warp, so its derivatives stay finite. */
const INSIDE = 1e-7;
/** log a and log b: a normal prior with BoTorch's variance (LogNormal(0, 0.75) on a and b), within [1/10, 10]. */
const SHAPE_VARIANCE = 0.75;
const SHAPE_BOUND = Math.log(10);

const clampInside = (u: number): number => Math.min(1 - INSIDE, Math.max(INSIDE, u));

/** The warped coordinate of u for shapes (a, b). */
export function kumaraswamy(u: number, a: number, b: number): number {
  return 1 - (1 - clampInside(u) ** a) ** b;
}

/** The u whose warped coordinate is z (z outside the warp's image goes to the nearest end). */
export function kumaraswamyInverse(z: number, a: number, b: number): number {
  const c = Math.min(1, Math.max(0, z));
  return (1 - (1 - c) ** (1 / b)) ** (1 / a);
}

/**
 * Fewer fitted trials than this: no warp. Two more parameters per input fitted on the first dozen
 * trials cost gramacy_lee@25 (tuning seeds 20..39: 0.209 against 0.00140 from 20 trials on).
 */
export const WARP_MIN_TRIALS = 20;

/**
 * How much more likely (in nats) the warped fit must make the losses before it is used: the Bayesian
 * information criterion's price of two more parameters per warped input, (2m / 2) log n. On hartmann6
 * the warp gains 1-3 nats at 12-47 trials (kept plain); on a learning rate declared `uniform` 11-56
 * nats from 19 trials on (warped).
 */
export function warpPenalty(inputs: number, n: number): number {
  return inputs * Math.log(Math.max(2, n));
}

/** The inputs the warp applies to: every numeric one of a space without conditions (a left-out input's fixed coordinate is not a value). */
export function warpableInputs(encoding: Encoding, trials = Infinity): number[] {
  if (encoding.tree !== undefined || trials < WARP_MIN_TRIALS) return [];
  return encoding.inputs.flatMap((input, k) => (input.kind === 'numeric' ? [k] : []));
}

/** `encoding` with input `inputs[j]` warped by shapes exp(shapes[2j]), exp(shapes[2j + 1]). */
export function warpEncoding(encoding: Encoding, inputs: readonly number[], shapes: readonly number[]): Encoding {
  const warped: Input[] = [...encoding.inputs];
  inputs.forEach((k, j) => {
    const input = encoding.inputs[k];
    if (input?.kind !== 'numeric') return;
    const a = Math.exp(shapes[2 * j] as number);
    const b = Math.exp(shapes[2 * j + 1] as number);
    warped[k] = { ...input, toUnit: (v) => kumaraswamy(input.toUnit(v), a, b), fromUnit: (z) => input.fromUnit(kumaraswamyInverse(z, a, b)) };
  });
  return { ...encoding, inputs: warped };
}

/** The data's inputs warped, and per point and warped input the derivatives in log a and log b. */
function warpData(data: GpData, inputs: readonly number[], shapes: Float64Array): { x: Float64Array; da: Float64Array; db: Float64Array } {
  const { n, d } = data;
  const m = inputs.length;
  const x = Float64Array.from(data.x);
  const da = new Float64Array(n * m);
  const db = new Float64Array(n * m);
  inputs.forEach((k, j) => {
    const a = Math.exp(shapes[2 * j] as number);
    const b = Math.exp(shapes[2 * j + 1] as number);
    for (let i = 0; i < n; i++) {
      const u = clampInside(data.x[i * d + k] as number);
      const p = u ** a;
      const q = 1 - p;
      const qb = q ** b;
      x[i * d + k] = 1 - qb;
      da[i * m + j] = a * b * (qb / q) * p * Math.log(u);
      db[i * m + j] = -b * qb * Math.log(q);
    }
  });
  return { x, da, db };
}

/** Negative log posterior of [theta, log a_1, log b_1, ...] and its gradient: the kernel's, through the warped inputs, plus the shapes' prior. */
export function warpedObjective(full: Float64Array, data: GpData, inputs: readonly number[], prior: Prior, grad: Float64Array): number {
  const { n, d } = data;
  const m = inputs.length;
  const base = full.subarray(0, d + 2);
  const shapes = full.subarray(d + 2);
  const warped = warpData(data, inputs, shapes);
  const view: GpData = { ...data, x: warped.x };
  const baseGrad = new Float64Array(d + 2);
  grad.fill(0);
  const value = negLogPosterior(base, view, pairDistances(view), prior, baseGrad, (W, dk, inv2) => {
    let at = 0;
    for (let i = 1; i < n; i++) {
      for (let l = 0; l < i; l++) {
        const c = 2 * (W[i * n + l] as number) * (dk[at++] as number);
        // a plain loop: this runs for every pair of trials at every evaluation of the fit
        for (let j = 0; j < m; j++) {
          const k = inputs[j] as number;
          const f = c * (inv2[k] as number) * ((warped.x[i * d + k] as number) - (warped.x[l * d + k] as number));
          grad[d + 2 + 2 * j] = (grad[d + 2 + 2 * j] as number) + f * ((warped.da[i * m + j] as number) - (warped.da[l * m + j] as number));
          grad[d + 3 + 2 * j] = (grad[d + 3 + 2 * j] as number) + f * ((warped.db[i * m + j] as number) - (warped.db[l * m + j] as number));
        }
      }
    }
  });
  grad.set(baseGrad, 0);
  let penalty = 0;
  for (let t = 0; t < 2 * m; t++) {
    const s = shapes[t] as number;
    penalty += (0.5 * s * s) / SHAPE_VARIANCE;
    grad[d + 2 + t] = (grad[d + 2 + t] as number) + s / SHAPE_VARIANCE;
  }
  return value + penalty;
}

/** The MAP theta and warp shapes from each start (shapes starting at the identity, a = b = 1), the best kept. */
export function fitThetaWarped(data: GpData, inputs: readonly number[], starts: readonly Theta[], prior: Prior, maxIterations = 60, startShapes?: readonly number[]): { theta: Theta; shapes: number[]; value: number } {
  const m = inputs.length;
  const { lower, upper } = thetaBounds(data.d);
  const fullLower = Float64Array.from([...lower, ...new Array<number>(2 * m).fill(-SHAPE_BOUND)]);
  const fullUpper = Float64Array.from([...upper, ...new Array<number>(2 * m).fill(SHAPE_BOUND)]);
  let best: { x: Float64Array; f: number } | null = null;
  for (const start of starts) {
    const full = Float64Array.from([...start, ...(startShapes ?? new Array<number>(2 * m).fill(0))]);
    const result = minimizeLbfgs((t, g) => warpedObjective(t, data, inputs, prior, g), full, { lower: fullLower, upper: fullUpper, maxIterations, relativeTolerance: 1e-7, gradientTolerance: 1e-4 });
    if (best === null || result.f < best.f) best = result;
  }
  if (best === null) throw new Error('gp: no start for the input warp');
  return { theta: best.x.slice(0, data.d + 2), shapes: Array.from(best.x.subarray(data.d + 2)), value: best.f };
}
