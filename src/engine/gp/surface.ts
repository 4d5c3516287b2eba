// The GP's picture of a whole study, for what a report says of it: its prediction of a full run's loss
// anywhere in the space (parameter importance), and how noisy it reads the results, from the same fit
// an ask makes.
import type { Config, Space } from '../../space/types.js';
import type { TrialRecord } from '../../study/types.js';
import type { OptimizerOptions } from '../types.js';
import { encodeSpace, toPoint } from './encode.js';
import { gpTraining } from './model.js';
import { fitWithoutOutliers, fullRunPosterior } from './outliers.js';
import { predict } from './posterior.js';
import { resolveGp } from './settings.js';
import { unwarp } from './warp.js';

export interface GpPicture {
  /** The mean of a full run's loss at each configuration, in the fit's warped, standardised units (for ranking). */
  predict(configs: readonly Config[]): number[];
  /**
   * The mean of a full run's loss at each configuration, in the loss's own units (lower is better:
   * the value, sign-flipped under `maximize`).
   */
  predictLoss(configs: readonly Config[]): number[];
  /**
   * The fit's noise as one standard deviation of the loss, in its own units, read at the best full
   * run's loss: how far one configuration's runs would scatter, if the results are noisy. A fit of a
   * noise-free objective also holds some (a well narrower than its length scales reads as noise).
   */
  noiseSd: number;
}

/**
 * The GP's picture of a study, fitted on `history` as the next ask would fit it (failed trials at the
 * worst loss, pruned ones at their fidelity; running trials play no part: the picture is of what has
 * been measured). Null while the GP has no model (too few finished trials, or a space of constants).
 */
export function gpPicture(space: Space, history: readonly TrialRecord[], options: OptimizerOptions = {}): GpPicture | null {
  const spaceEncoding = encodeSpace(space, resolveGp(options.gp).inactiveAt);
  const training = gpTraining(space, history, options, spaceEncoding);
  if (training.kind !== 'model') return null;
  const fit = fitWithoutOutliers(training.encoding, training.trials, training.fidelity, training.s, options.gpFit);
  const post = fullRunPosterior(fit);
  const means = (configs: readonly Config[]): number[] => configs.map((config) => predict(post, toPoint(fit.fitted.encoding, config)).mean);
  const back = unwarp(fit.trials.map((o) => o.loss), fit.fitted.fit.warp);
  // the best full run's target: under pruning an early value is no run's result
  const full = fit.fitted.y.filter((_, i) => fit.fidelity === null || fit.fidelity[i] === 1);
  const best = full.length > 0 ? Math.min(...full) : Math.min(...fit.fitted.y);
  // a warp bends the noise: one sd either side of the best, halved
  const sd = Math.sqrt(post.noise);
  return { predict: means, predictLoss: (configs) => means(configs).map(back), noiseSd: Math.abs(back(best + sd) - back(best - sd)) / 2 };
}

/** The picture's `predict`: the GP's mean (warped, standardised units) at each configuration; null while it has no model. */
export function gpSurface(space: Space, history: readonly TrialRecord[], options: OptimizerOptions = {}): ((configs: readonly Config[]) => number[]) | null {
  return gpPicture(space, history, options)?.predict ?? null;
}
