import { completeStart } from '../engine/index.js';
import type { Config, Space } from '../space/types.js';
import type { TrialRecord } from '../study/types.js';
import { proposeOptionsOf, type RunSettings } from './settings.js';

/**
 * A queued configuration (`enqueue`, `start:`) as trial `id` runs it: the parameters it leaves out are
 * the sampler's proposal for that id (in a study of `target` trials), and what that leaves out is drawn from a stream of its own. The
 * run claims it so, and `--dry-run` shows it so (engine/start-configs.ts, as the library's asks do).
 */
export function completeQueued(space: Space, history: readonly TrialRecord[], id: number, settings: RunSettings, target: number, given: Config): Config {
  return completeStart(space, history, id, proposeOptionsOf(settings, target), given);
}
