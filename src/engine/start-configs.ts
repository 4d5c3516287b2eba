import { completeConfig } from '../space/sample.js';
import { missingLabels } from '../space/records.js';
import type { Config, Space } from '../space/types.js';
import type { TrialRecord } from '../study/types.js';
import { createRng, deriveSeed } from '../util/rng.js';
import { propose } from './propose.js';
import type { OptimizerOptions } from './types.js';

/**
 * A `start:` configuration as trial `id` runs it, as `run` claims a queued one (loop/queued.ts): what it
 * leaves out is the sampler's proposal for that id, and what that leaves out a draw of its own stream.
 */
export function completeStart(space: Space, history: readonly TrialRecord[], id: number, options: OptimizerOptions, given: Config): Config {
  const fill = missingLabels(space, given).length > 0 ? (propose(space, history, id, options)?.params ?? {}) : {};
  return completeConfig(space, given, fill, createRng(deriveSeed(options.seed ?? 0, 'enqueued', id)));
}
