import type { SpaceAlgo } from '../space/types.js';
import type { OptimizerOptions } from './types.js';

/**
 * `options` proposing with `algo` as a study names it: `hyperopt` (`run --algo hyperopt`, `algo:
 * hyperopt`) is the TPE's hyperopt preset, the one name the samplers do not take as it is.
 */
export function withAlgo(options: OptimizerOptions, algo: SpaceAlgo): OptimizerOptions {
  return algo === 'hyperopt' ? { ...options, algo: 'tpe', tpe: { ...options.tpe, preset: 'hyperopt' } } : { ...options, algo };
}
