import { UsageError } from '../errors.js';
import { resolveSettings, type RunSettings } from '../loop/index.js';
import { gridProblem } from '../space/index.js';
import type { Space } from '../space/types.js';
import { unusedPruneFlag } from './prune-options.js';
import { randomSeed } from './random-seed.js';
import { overridesOf, type RunFlags } from './run-flags.js';

/**
 * The settings a study takes from its space file and `run`'s or `create`'s flags, refused before the
 * study is made where they cannot work: a grid over a parameter it cannot enumerate, a pruner setting
 * for a pruner that is not on.
 */
export function studySettingsOf(space: Space, flags: RunFlags): RunSettings {
  const overrides = overridesOf(flags);
  // a Hydra application takes its parameters as overrides, key=value
  if (space.origin?.format === 'hydra') overrides.pass ??= 'args';
  const settings = resolveSettings(space, overrides, randomSeed);
  if (settings.algo === 'grid') {
    const problem = gridProblem(space);
    if (problem !== null) throw problem;
  }
  const unused = unusedPruneFlag(flags, settings.prune.name);
  if (unused !== null) throw new UsageError(unused);
  return settings;
}
