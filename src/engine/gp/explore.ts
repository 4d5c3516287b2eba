// Where the model knows least: the exploration move of a search the GP thinks is over (docs/gp.md,
// "A converged search"). Its expected improvement is nil everywhere, so the next trial is worth more
// where the posterior is widest than one more refinement of the incumbent: a narrow well or a pair
// of options no trial has tried shows up there, and nowhere in the expected improvement.
import type { Rng } from '../../util/rng.js';
import { randomPoint, snapPoint, type Encoding } from './encode.js';
import { predict, type Posterior } from './posterior.js';

/**
 * Points of the space, widest posterior first (snapped to valid configurations), the variance weighed
 * by `logOk`, the log chance of not failing: where trials fail there is nothing to learn (a region of
 * crashes has the widest posterior, since failed trials are not in the fit).
 */
export function widestPoints(encoding: Encoding, post: Posterior, rng: Rng, samples: number, logOk: (point: Float64Array) => number): Float64Array[] {
  const scored: Array<{ point: Float64Array; score: number }> = [];
  for (let i = 0; i < samples; i++) {
    const point = snapPoint(encoding, randomPoint(encoding, rng));
    scored.push({ point, score: Math.log(predict(post, point).variance) + logOk(point) });
  }
  return scored.sort((a, b) => b.score - a.score).map((s) => s.point);
}
