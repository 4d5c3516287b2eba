// Results far worse than the model predicts without them (a run that blew up, a crash imputed at the
// worst loss next to good trials): a Gaussian likelihood explains them as noise, and a noisy fit no
// longer refines the best region. Found from the leave-one-out residuals (Rasmussen & Williams 5.12),
// judged against a robust scale of all of them (docs/gp.md, "Outliers").
import { choleskyInverse } from '../../util/linalg.js';
import type { GpFit } from '../types.js';
import type { Encoding } from './encode.js';
import type { FitTrial } from './failures.js';
import { fitBestWarp, type FittedGp } from './model.js';
import { buildPosterior, withTail, type Posterior } from './posterior.js';
import type { GpSettings } from './settings.js';

/** The MAD's factor to a normal standard deviation. */
const MAD_TO_SD = 1.4826;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Outliers are looked for only in a fit whose noise is at least this share of the variance: blown-up
 * runs inflate the fitted noise, while the problems where taking rows out lost (steep valleys, ripples)
 * fit with little noise (docs/gp.md, "Outliers").
 */
const NOISY_SHARE = 0.05;

/**
 * An outlier lies at least this far above its leave-one-out prediction, in standard deviations of all
 * the (standardized) results. At half a standard deviation the rule took the rims of Shekel's narrow
 * wells (0.50-0.85 above their prediction) for blown-up runs (0.86-1.9 on spiky_bowl4): docs/gp.md.
 */
const MIN_EXCESS = 1;

/**
 * Rows whose leave-one-out residual (result minus the prediction made without it) exceeds the median
 * residual by `threshold` robust standard deviations of the residuals (MAD), and by at least one
 * standard deviation of the results themselves (MIN_EXCESS): a nearly noise-free fit has residuals so
 * small that any would pass the first test alone. Upwards only: a result better than predicted is a
 * basin, not an outlier. At most `maxShare` of the rows, the largest first, and none of `keep`.
 */
export function outlierRows(post: Posterior, threshold: number, keep: ReadonlySet<number>, maxShare = 0.2): number[] {
  const n = post.data.n;
  if (n < 10) return [];
  const inverse = choleskyInverse(post.factor, n);
  const residuals = Array.from({ length: n }, (_, i) => (post.alpha[i] as number) / (inverse[i * n + i] as number));
  const centre = median(residuals);
  const scale = MAD_TO_SD * median(residuals.map((r) => Math.abs(r - centre)));
  const bar = Math.max(threshold * scale, MIN_EXCESS);
  return residuals
    .map((r, i) => ({ i, excess: r - centre }))
    .filter((row) => row.excess > bar && !keep.has(row.i))
    .sort((a, b) => b.excess - a.excess || a.i - b.i)
    .slice(0, Math.floor(maxShare * n))
    .map((row) => row.i)
    .sort((a, b) => a - b);
}

/** A fit and the rows it was made on; `leftOut`: the trials taken out as outliers (ids, ascending). */
export interface OutlierFreeFit {
  trials: readonly FitTrial[];
  fidelity: Float64Array | null;
  fitted: FittedGp;
  leftOut: number[];
  /** The posterior of `fitted`, when the search for outliers built it (the ask need not build it again). */
  post?: Posterior;
}

/** The fit, made again without the outliers' rows when a noisy fit holds some; the rows kept (and their fidelities). */
export function fitWithoutOutliers(encoding: Encoding, trials: readonly FitTrial[], fidelity: Float64Array | null, s: GpSettings, reuse?: GpFit): OutlierFreeFit {
  const fitted = fitBestWarp(encoding, trials, s, fidelity, reuse);
  const asIs = { trials, fidelity, fitted, leftOut: [] };
  // under pruning a row's result is also an early value of a curve: the residuals mix two questions
  if (s.outliers === null || fidelity !== null) return asIs;
  const post = buildPosterior(fitted.data, fitted.theta);
  // a fit that calls nearly nothing noise explains every result, steep walls included: nothing to take out
  if (post.noise / (post.signal + post.noise) < NOISY_SHARE) return { ...asIs, post };
  const best = fitted.y.indexOf(Math.min(...fitted.y));
  // Only a complete run's result can be one that blew up. A crash's row (imputed at the worst loss)
  // is what keeps the GP itself off a crash region next to the best runs; the failure model alone
  // does not (a test: a line whose best end crashes).
  const keep = new Set(trials.flatMap((o, i) => (o.state === 'complete' && i !== best ? [] : [i])));
  const drop = new Set(outlierRows(post, s.outliers, keep));
  if (drop.size === 0) return { ...asIs, post };
  const kept = trials.filter((_, i) => !drop.has(i));
  const leftOut = trials.filter((_, i) => drop.has(i)).map((o) => o.id);
  return { trials: kept, fidelity: null, fitted: fitBestWarp(encoding, kept, s, null, reuse), leftOut };
}

/** The posterior the acquisition reads: the fit's own, asked at a full run (the fidelity input held at 1) under pruning. */
export function fullRunPosterior(fit: OutlierFreeFit): Posterior {
  const plain = fit.post ?? buildPosterior(fit.fitted.data, fit.fitted.theta);
  return fit.fidelity === null ? plain : withTail(plain, [1]);
}
