import { UsageError } from '../../errors.js';
import type { Space } from '../../space/types.js';
import type { TrialRecord } from '../../study/types.js';
import type { OptimizerOptions, Proposal } from '../types.js';

/** INTERIM (this commit only): the Gaussian-process sampler lands in the next commits. */
export function gpStep(_space: Space, _history: readonly TrialRecord[], _trialId: number, _options: OptimizerOptions): Proposal {
  throw new UsageError('--algo gp is not built yet');
}
