// What the expected improvement improves on. The best full run's target, as the acquisition has always
// taken it; optionally (gp.incumbent 'mean'), in a fit that calls a share of its variance noise, the
// lowest posterior mean at the full runs: a lucky run of a noisy metric (a heavy-tailed draw far below
// what its configuration gives) otherwise sets a bar no prediction reaches, so the expected improvement
// is nil everywhere and the search explores at random (docs/gp.md, "A noise-aware incumbent").
import { predict, type Posterior } from './posterior.js';

/** A fit that calls at least this share of its variance noise reads its incumbent off the mean (outliers.ts's gate). */
const NOISY_SHARE = 0.05;

/**
 * The incumbent target: `rows` are the full runs' rows, best value first (empty: none, Infinity);
 * `post` the posterior of the measured rows.
 */
export function incumbentTarget(post: Posterior, rows: readonly number[], how: 'value' | 'mean'): number {
  const first = rows[0];
  if (first === undefined) return Infinity;
  const { x, y, d } = post.data;
  if (how === 'value' || post.noise / (post.signal + post.noise) < NOISY_SHARE) return y[first] as number;
  let best = Infinity;
  for (const i of rows) best = Math.min(best, predict(post, x.subarray(i * d, i * d + d)).mean);
  return best;
}
