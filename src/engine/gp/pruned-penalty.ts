// Under pruning the GP's full-run mean next to a pruned trial can stay good (its stopped rows sit at a
// low fidelity and say little of a full run), while the pruner stops every run there at the same rung:
// an ask there repeats a trial and its stop (docs/pruning.md, "Asking again where the pruner stopped").
// A local penalty around each pruned trial, in the acquisition itself (so its search climbs to the
// best point outside those neighbourhoods rather than only re-ranking the points it found).

import type { Observation } from '../observations.js';

/** log(1 - exp(-r^2 / 2 rho^2)) around each pruned point, r in length scales; its gradient in the inputs. */
export interface PrunedPenalty {
  value(x: ArrayLike<number>): number;
  /** Adds the penalty's gradient in input `k` for each listed input to `grad` (same order as `inputs`). */
  addGradient(x: ArrayLike<number>, inputs: readonly number[], grad: Float64Array | number[]): void;
}

/** Squared distance between two points in length scales (`inv2`: 1 / length^2); a choice apart counts 1. */
export function lengthDistance2(x: ArrayLike<number>, p: ArrayLike<number>, inv2: ArrayLike<number>, categorical: ArrayLike<number>, inputs: number): number {
  let r2 = 0;
  for (let k = 0; k < inputs; k++) {
    const delta = (x[k] as number) - (p[k] as number);
    r2 += (inv2[k] as number) * (categorical[k] === 1 ? (delta === 0 ? 0 : 1) : delta * delta);
  }
  return r2;
}

/** The floor of 1 - exp(...): a candidate on a pruned point is penalised by log(1e-6), not -Infinity. */
const FLOOR = 1e-6;

/**
 * `points`: the pruned trials' points; `inv2`: each input's 1 / length^2; `categorical[k]`: 1 when input
 * k is a choice (any difference counts as 1); `radius`: rho, in length scales.
 */
export function prunedPenalty(points: readonly Float64Array[], inv2: ArrayLike<number>, categorical: ArrayLike<number>, radius: number): PrunedPenalty | null {
  if (points.length === 0 || radius <= 0) return null;
  const own = points[0]?.length ?? 0;
  const twoRho2 = 2 * radius * radius;
  const near = (x: ArrayLike<number>, p: Float64Array): number => Math.exp(-lengthDistance2(x, p, inv2, categorical, own) / twoRho2);
  return {
    value(x) {
      let total = 0;
      for (const p of points) total += Math.log(Math.max(FLOOR, 1 - near(x, p)));
      return total;
    },
    addGradient(x, inputs, grad) {
      for (const p of points) {
        const e = near(x, p);
        if (e < 1e-12) continue;
        // d/dx log(1 - e) = e / (1 - e) * inv2 * delta / rho^2
        const w = (e / Math.max(FLOOR, 1 - e)) * (2 / twoRho2);
        inputs.forEach((k, i) => {
          grad[i] = (grad[i] as number) + w * (inv2[k] as number) * ((x[k] as number) - (p[k] as number));
        });
      }
    },
  };
}

/**
 * The pruned trials that a second one confirmed: stopped at the same step with the same value (within
 * `tolerance` of the losses' spread) as another within `radius` length scales of it. The pruner stops a
 * run there the same way every time (a deterministic program); one stopped once may just have been
 * unlucky beside runs that went on, and its neighbourhood is still worth refining.
 */
export function confirmedPruned(
  pruned: ReadonlyArray<{ point: Float64Array; step: number; loss: number }>,
  inv2: ArrayLike<number>,
  categorical: ArrayLike<number>,
  radius: number,
  tolerance: number,
): Float64Array[] {
  const confirmed = new Set<number>();
  pruned.forEach((a, i) => {
    for (let j = i + 1; j < pruned.length; j++) {
      const b = pruned[j];
      if (b === undefined || b.step !== a.step || Math.abs(b.loss - a.loss) > tolerance) continue;
      if (lengthDistance2(a.point, b.point, inv2, categorical, a.point.length) < radius * radius) confirmed.add(i).add(j);
    }
  });
  return [...confirmed].map((i) => pruned[i]?.point ?? new Float64Array());
}

/** Two terms of the acquisition as one (either may be absent). */
export function bothTerms(a: PrunedPenalty | null, b: PrunedPenalty | null): PrunedPenalty | null {
  if (a === null || b === null) return a ?? b;
  return {
    value: (x) => a.value(x) + b.value(x),
    addGradient(x, inputs, grad) {
      a.addGradient(x, inputs, grad);
      b.addGradient(x, inputs, grad);
    },
  };
}

/** The spread of the finite complete and pruned losses (max - min), the scale a "same value" is judged on. */
export function lossSpread(observations: readonly Observation[]): number {
  const losses = observations.filter((o) => (o.state === 'complete' || o.state === 'pruned') && Number.isFinite(o.loss)).map((o) => o.loss);
  return losses.length < 2 ? 0 : Math.max(...losses) - Math.min(...losses);
}
