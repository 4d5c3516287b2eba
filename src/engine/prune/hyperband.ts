import { createRng, deriveSeed } from '../../util/rng.js';
import { ashaDecision } from './asha.js';
import { maxStepsOf, stepsOrShare, FIRST_RUNG_PART } from './curves.js';
import { KEEP, type BracketShares, type PruneContext, type PruneDecision } from './types.js';

/**
 * Hyperband (Li et al. 2018) as Optuna's and Ray Tune's: several ASHA brackets, bracket b starting its
 * rungs at minSteps * eta^b, so bracket 0 prunes hardest and the last prunes never. A trial joins one
 * bracket for good, drawn from (seed, id), and competes only with the trials of its bracket. By
 * default the draw gives bracket b the classic Hyperband count times eta^-b (about 83 : 14 : 3 % of
 * the trials for 27 steps), not the classic count, whose brackets each spend about the same epochs:
 * the hardest bracket finding good runs cheaply was worth more than the hedge (docs/pruning.md). It
 * needs the full run's length: until `maxSteps` is set or a trial completes, no trial is pruned.
 */
export function hyperbandDecision(context: PruneContext): PruneDecision {
  const { settings, curves, seed } = context;
  const maxSteps = maxStepsOf(settings.maxSteps, curves);
  const minSteps = stepsOrShare(settings.minSteps, maxSteps, FIRST_RUNG_PART, 1);
  if (maxSteps === null || minSteps === null) return KEEP;
  const weights = bracketWeights(minSteps, settings.reductionFactor, maxSteps, settings.bracketShares);
  const bracket = bracketOf(seed, context.id, weights);
  // the rank gate as asha's, agreement over every bracket's trials: without it, a learning-rate schedule
  // (the best runs look bad until the step falls) cost hyperband 1.7-2.5x (docs/pruning.md, "Learning-rate schedules")
  return ashaDecision(context, bracket, (curve) => bracketOf(seed, curve.id, weights) === bracket, `hyperband bracket ${bracket}`);
}

/**
 * Bracket b (0 .. s, s = floor(log_eta(max / min))) has s - b rungs below the full run; classic
 * Hyperband starts (s + 1) / (s - b + 1) * eta^(s - b) trials in it, which gives every bracket about
 * the same epochs. `scaled` multiplies that by eta^-b, so the hardest bracket gets most trials and
 * epochs (docs/pruning.md).
 */
export function bracketWeights(minSteps: number, eta: number, maxSteps: number, shares: BracketShares): number[] {
  const s = Math.max(0, Math.floor(Math.log(maxSteps / minSteps) / Math.log(eta) + 1e-9));
  return Array.from({ length: s + 1 }, (_, b) => ((s + 1) / (s - b + 1)) * eta ** (s - b) * (shares === 'scaled' ? eta ** -b : 1));
}

/** The bracket of a trial: a fixed draw from (seed, id), so every worker and every resume agrees. */
export function bracketOf(seed: number, id: number, weights: readonly number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let u = createRng(deriveSeed(seed, 'hyperband', id)).next() * total;
  for (let b = 0; b < weights.length; b++) {
    u -= weights[b] as number;
    if (u < 0) return b;
  }
  return weights.length - 1;
}
