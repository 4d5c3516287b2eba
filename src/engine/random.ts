import { sampleConfig } from '../space/sample.js';
import type { Space } from '../space/types.js';
import { createRng, deriveSeed } from '../util/rng.js';
import type { Proposal } from './types.js';

/** Random search: one draw from the prior, seeded by (seed, trial id) so that it never depends on the history. */
export function proposeRandom(space: Space, trialId: number, seed: number): Proposal {
  return { params: sampleConfig(space, createRng(deriveSeed(seed, 'random', trialId))), startup: false, sampler: 'random' };
}
