// The GP's picture of a whole study, for what a report says of it (parameter importance): its
// prediction of a full run's loss anywhere in the space, from the same fit an ask makes.
import type { Config, Space } from '../../space/types.js';
import type { TrialRecord } from '../../study/types.js';
import type { OptimizerOptions } from '../types.js';
import { encodeSpace, toPoint } from './encode.js';
import { gpTraining } from './model.js';
import { fitWithoutOutliers, fullRunPosterior } from './outliers.js';
import { predict } from './posterior.js';
import { resolveGp } from './settings.js';

/**
 * The GP's mean of a full run's loss (lower is better, whatever the goal; in its warped, standardised
 * units) at each configuration, from a fit on `history` as the next ask would make it (failed trials
 * at the worst loss, pruned ones at their fidelity). Null while the GP has no model (too few finished
 * trials, or a space of constants).
 */
export function gpSurface(space: Space, history: readonly TrialRecord[], options: OptimizerOptions = {}): ((configs: readonly Config[]) => number[]) | null {
  const spaceEncoding = encodeSpace(space, resolveGp(options.gp).inactiveAt);
  const training = gpTraining(space, history, options, spaceEncoding);
  if (training.kind !== 'model') return null;
  // running trials play no part: the picture is of what has been measured
  const fit = fitWithoutOutliers(training.encoding, training.trials, training.fidelity, training.s, options.gpFit);
  const post = fullRunPosterior(fit);
  return (configs) => configs.map((config) => predict(post, toPoint(fit.fitted.encoding, config)).mean);
}
