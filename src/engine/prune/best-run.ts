import { lossOf, lossReaching } from './curves.js';
import type { Goal } from '../../space/types.js';
import type { Curve } from './types.js';

/**
 * Whether `own`, a trial's loss at `rung`, is at least as good as the best complete run's loss was
 * there (the best by its last value, the result a study reads by default). Such a start has been seen
 * to end best, so a rung should not stop it: where curves cross late (runs that learn slowly and end
 * lowest), asha's first rung stopped the run that would have ended best of the whole study in every
 * study looked at (docs/pruning.md, "The best run's standing").
 */
export function asGoodAsBestRun(curves: readonly Curve[], rung: number, own: number, goal: Goal): boolean {
  const bestAtRung = bestRunReaching(curves, rung, goal);
  return bestAtRung !== undefined && own <= bestAtRung;
}

/** The loss the best complete run (by its last value) had on reaching `rung`; undefined while none reached it. */
export function bestRunReaching(curves: readonly Curve[], rung: number, goal: Goal): number | undefined {
  let best = Infinity;
  let bestAtRung: number | undefined;
  for (const curve of curves) {
    if (curve.state !== 'complete' || curve.values.length === 0) continue;
    const final = lossOf(curve.values[curve.values.length - 1] as number, goal);
    if (!(final < best)) continue;
    const atRung = lossReaching(curve, rung, goal);
    if (atRung === undefined) continue;
    best = final;
    bestAtRung = atRung;
  }
  return bestAtRung;
}
