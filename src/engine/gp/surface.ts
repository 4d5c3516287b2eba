// The GP's picture of a whole study, for what a report says of it: its prediction of a full run's loss
// anywhere in the space (parameter importance), and how noisy it reads the results, from the same fit
// an ask makes.
import type { Config, Space } from '../../space/types.js';
import type { TrialRecord } from '../../study/types.js';
import type { OptimizerOptions } from '../types.js';
import { differenceZ } from './difference.js';
import { encodeSpace, toPoint } from './encode.js';
import { gpTraining } from './model.js';
import { fitWithoutOutliers, fullRunPosterior } from './outliers.js';
import { predict } from './posterior.js';
import { resolveGp } from './settings.js';
import { unwarp, type Warp } from './warp.js';
import { choleskyInverse } from '../../util/linalg.js';
import { pearson, ranks } from '../prune/rank-gate.js';

export interface GpPicture {
  /** The mean of a full run's loss at each configuration, in the fit's warped, standardised units (for ranking). */
  predict(configs: readonly Config[]): number[];
  /**
   * The mean of a full run's loss at each configuration, in the loss's own units (lower is better:
   * the value, sign-flipped under `maximize`).
   */
  predictLoss(configs: readonly Config[]): number[];
  /**
   * `predictLoss` with the model's uncertainty about it: the posterior sd of the configuration's mean
   * loss (not of one run: the noise is apart), in the loss's units at that level. Many runs of a
   * configuration, or close neighbours, make it small; one run far from others leaves it wide.
   */
  predictLossSd(configs: readonly Config[]): Array<{ mean: number; sd: number }>;
  /**
   * The fit's noise as one standard deviation of the loss, in its own units, read at the best full
   * run's loss: how far one configuration's runs would scatter, if the results are noisy. A fit of a
   * noise-free objective also holds some (a well narrower than its length scales reads as noise).
   */
  noiseSd: number;
  /** How many posterior sds of their difference `a`'s mean loss lies below `b`'s: positive, the model rates `a` better (difference.ts). */
  separation(a: Config, b: Config): number;
  /**
   * Spearman's rank correlation of each fitted row's leave-one-out mean (Rasmussen & Williams 5.12)
   * with its target: how well the fit orders a trial it has not seen, which is all a ranking of the
   * picture's draws asks of it. Computed when asked (an n x n inverse).
   */
  looRank(): number;
  /** The output warp the fit took (the ask's choice under `auto`). */
  warp: Warp;
}

/**
 * The GP's picture of a study, fitted on `history` as the next ask would fit it (failed trials at the
 * worst loss, pruned ones at their fidelity; running trials play no part: the picture is of what has
 * been measured). Null while the GP has no model (too few finished trials, or a space of constants).
 */
export function gpPicture(space: Space, history: readonly TrialRecord[], options: OptimizerOptions = {}): GpPicture | null {
  const { inactiveAt, normalSpan } = resolveGp(options.gp);
  const spaceEncoding = encodeSpace(space, inactiveAt, normalSpan);
  const training = gpTraining(space, history, options, spaceEncoding);
  if (training.kind !== 'model') return null;
  const fit = fitWithoutOutliers(training.encoding, training.trials, training.fidelity, training.s, options.gpFit);
  const post = fullRunPosterior(fit);
  const predictions = (configs: readonly Config[]): Array<{ mean: number; variance: number }> => configs.map((config) => predict(post, toPoint(fit.fitted.encoding, config)));
  const means = (configs: readonly Config[]): number[] => predictions(configs).map((p) => p.mean);
  const back = unwarp(fit.trials.map((o) => o.loss), fit.fitted.fit.warp);
  // the best full run's target: under pruning an early value is no run's result
  const full = fit.fitted.y.filter((_, i) => fit.fidelity === null || fit.fidelity[i] === 1);
  const best = full.length > 0 ? Math.min(...full) : Math.min(...fit.fitted.y);
  const looRank = (): number => {
    const n = post.data.n;
    const inverse = choleskyInverse(post.factor, n);
    const loo = Array.from({ length: n }, (_, i) => (post.data.y[i] as number) - (post.alpha[i] as number) / (inverse[i * n + i] as number));
    return pearson(ranks(loo), ranks(Array.from(post.data.y))) ?? 0;
  };
  // a warp bends a spread: one sd either side of its level, halved (the noise read at the best run's level)
  const spread = (mean: number, sd: number): number => Math.abs(back(mean + sd) - back(mean - sd)) / 2;
  return {
    predict: means,
    predictLoss: (configs) => means(configs).map(back),
    predictLossSd: (configs) => predictions(configs).map((p) => ({ mean: back(p.mean), sd: spread(p.mean, Math.sqrt(p.variance)) })),
    noiseSd: spread(best, Math.sqrt(post.noise)),
    separation: (a, b) => differenceZ(post, toPoint(fit.fitted.encoding, a), toPoint(fit.fitted.encoding, b)),
    looRank,
    warp: fit.fitted.fit.warp,
  };
}

/** The picture's `predict`: the GP's mean (warped, standardised units) at each configuration; null while it has no model. */
export function gpSurface(space: Space, history: readonly TrialRecord[], options: OptimizerOptions = {}): ((configs: readonly Config[]) => number[]) | null {
  return gpPicture(space, history, options)?.predict ?? null;
}
