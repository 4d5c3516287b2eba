import { lossOf } from './curves.js';
import { medianOf } from './median.js';
import type { Goal } from '../../space/types.js';
import type { Curve } from './types.js';

/**
 * The default rung margin, in units of the curves' step-to-step noise (docs/pruning.md has the screen
 * behind it). 0 restores the plain rule: a trial goes on only at or under the cutoff.
 */
export const NOISE_MARGIN_Z = 0.5;

/**
 * Hyperband's: a bracket's rung has fewer peers than asha's, and at 0.5 hyperband ended worse than no
 * pruning on 5 % noise on two seed sets of four (60 seeds each); at 1 on none (docs/pruning.md).
 */
export const HYPERBAND_NOISE_MARGIN_Z = 1;

/** Fewer second differences than this and the estimate is too rough to act on: no margin. */
const MIN_TRIPLES = 8;

/**
 * The step-to-step noise of the curves, relative to the value: the second difference of three
 * consecutive values, (v[i+1] - 2 v[i] + v[i-1]) / |v[i]|, pooled over every trial, scaled from its
 * median absolute size to a standard deviation (x 1.4826 for a normal, / sqrt(6) because a second
 * difference adds up three noises, weights 1, -2, 1). Second differences cancel the curve's slope,
 * so a smooth descent does not count as noise; the median ignores the few steep bends and blow-ups.
 * Relative, because a loss's noise scales with it; 0 when fewer than MIN_TRIPLES triples exist.
 */
export function relativeStepNoise(curves: readonly Curve[], goal: Goal): number {
  const sizes: number[] = [];
  for (const curve of curves) {
    if (curve.state === 'interrupted') continue;
    const losses = curve.values.map((value) => lossOf(value, goal));
    for (let i = 1; i + 1 < losses.length; i++) {
      const [before, middle, after] = [losses[i - 1] as number, losses[i] as number, losses[i + 1] as number];
      if (!Number.isFinite(before + middle + after) || middle === 0) continue;
      sizes.push(Math.abs((after - 2 * middle + before) / middle));
    }
  }
  if (sizes.length < MIN_TRIPLES) return 0;
  return (1.4826 * medianOf(sizes)) / Math.sqrt(6);
}

/** How far past the cutoff (a loss) a trial may be and still go on: z noise units of the cutoff's size. */
export function rungMargin(cutoff: number, curves: readonly Curve[], goal: Goal, z: number): number {
  if (z <= 0 || !Number.isFinite(cutoff)) return 0;
  return z * relativeStepNoise(curves, goal) * Math.abs(cutoff);
}
