import { propose, type OptimizerOptions } from '../../src/engine/index.js';
import type { Config, Space } from '../../src/space/types.js';
import type { TrialRecord } from '../../src/study/types.js';

/** The history of a study asked and told in turn through `propose`, every trial complete with f's value. */
export function sequentialHistory(space: Space, f: (params: Config) => number, options: OptimizerOptions, trials: number): TrialRecord[] {
  const history: TrialRecord[] = [];
  for (let id = 0; id < trials; id++) {
    const proposal = propose(space, history, id, options);
    if (proposal === null) throw new Error('no proposal');
    history.push({ id, params: proposal.params, state: 'complete', value: f(proposal.params) });
  }
  return history;
}
