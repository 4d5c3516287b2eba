// `--algo auto`: which sampler proposes the next trial (docs/gp.md, "auto").
import type { Space } from '../space/types.js';
import type { TrialRecord } from '../study/types.js';
import type { AutoOptions } from './types.js';

/** INTERIM (this commit only): the GP lands in the next commits; until then auto means TPE. */
export function chooseSampler(_space: Space, _history: readonly TrialRecord[], _options: AutoOptions = {}): 'gp' | 'tpe' {
  return 'tpe';
}
