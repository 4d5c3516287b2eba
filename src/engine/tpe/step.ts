import type { Space } from '../../space/types.js';
import type { TrialRecord } from '../../study/types.js';
import { createRng, deriveSeed } from '../../util/rng.js';
import { observe } from '../observations.js';
import type { OptimizerOptions } from '../types.js';
import { defaultStep } from './default.js';
import { hyperoptStep } from './hyperopt.js';
import { resolveTpe } from './settings.js';
import type { TpeTrace } from './trace.js';

/** One TPE proposal with everything the sampler computed on the way (the one implementation). */
export function tpeStep(space: Space, history: readonly TrialRecord[], trialId: number, options: OptimizerOptions): TpeTrace {
  const resolved = resolveTpe(options.tpe);
  const observations = observe(history, options.goal ?? space.goal);
  const seed = options.seed ?? 0;
  if (resolved.preset === 'hyperopt') {
    return hyperoptStep(space, observations, resolved.settings, createRng(deriveSeed(seed, 'hyperopt', trialId)));
  }
  return defaultStep(space, observations, trialId, resolved.settings, seed);
}
