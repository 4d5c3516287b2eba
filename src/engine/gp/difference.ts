// How sure the GP is that one configuration's mean beats another's. Each mean alone has a posterior sd
// of its own, but near neighbours' means move together (one run of 427 next to a configuration run ten
// times: sds of 20 and 18 in a noise audit), so the sd of their difference is what tells them apart,
// and it needs the covariance between the two (Rasmussen & Williams, eq. 2.24).
import { matern52 } from './fit.js';
import { kernelRow, predict, type Posterior } from './posterior.js';
import { solveLower } from '../../util/linalg.js';

/** r^2 between two queried points (both at the posterior's tail, so only their own inputs differ), in length-scale units. */
function pointDistance(post: Posterior, a: ArrayLike<number>, b: ArrayLike<number>): number {
  const own = post.data.d - post.tail.length;
  let r2 = 0;
  for (let k = 0; k < own; k++) {
    const delta = (a[k] as number) - (b[k] as number);
    r2 += (post.inv2[k] as number) * (post.data.categorical[k] === 1 ? (delta === 0 ? 0 : 1) : delta * delta);
  }
  return r2;
}

/**
 * How many posterior sds of their difference `a`'s mean loss lies below `b`'s (in the fit's units:
 * the warp is monotone, so the order and the test are the loss's own). Positive: the model rates `a`
 * better; under 1 or so, the model cannot tell them apart. 0 for two points it holds as one.
 */
export function differenceZ(post: Posterior, a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = post.data.n;
  const va = solveLower(post.factor, n, kernelRow(post, a));
  const vb = solveLower(post.factor, n, kernelRow(post, b));
  let explained = 0;
  for (let i = 0; i < n; i++) explained += (va[i] as number) * (vb[i] as number);
  const cov = matern52(pointDistance(post, a, b), post.signal).k - explained;
  const pa = predict(post, a);
  const pb = predict(post, b);
  const variance = pa.variance + pb.variance - 2 * cov;
  const gap = pb.mean - pa.mean;
  // two points the model holds as one (rounding can leave a tiny negative variance): nothing between them
  if (variance <= 1e-12 * post.signal) return 0;
  return gap / Math.sqrt(variance);
}
