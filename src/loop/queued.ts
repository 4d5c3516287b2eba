import { propose } from '../engine/index.js';
import { completeConfig } from '../space/sample.js';
import { missingLabels } from '../space/records.js';
import type { Config, Space } from '../space/types.js';
import type { TrialRecord } from '../study/types.js';
import { createRng, deriveSeed } from '../util/rng.js';
import { proposeOptionsOf, type RunSettings } from './settings.js';

/**
 * A queued configuration (`enqueue`, `start:`) as trial `id` runs it: the parameters it leaves out are
 * the sampler's proposal for that id, and what that leaves out is drawn from a stream of its own. The
 * run claims it so, and `--dry-run` shows it so.
 */
export function completeQueued(space: Space, history: readonly TrialRecord[], id: number, settings: RunSettings, given: Config): Config {
  const fill = missingLabels(space, given).length > 0 ? (propose(space, history, id, proposeOptionsOf(settings))?.params ?? {}) : {};
  return completeConfig(space, given, fill, createRng(deriveSeed(settings.seed, 'enqueued', id)));
}
