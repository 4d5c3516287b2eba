import { UsageError } from '../errors.js';
import type { Space } from '../space/types.js';
import type { TrialRecord } from '../study/types.js';
import { nextTrialId } from './explain.js';
import { propose } from './propose.js';
import type { AskResult, Optimizer, OptimizerOptions, TellResult } from './types.js';

/**
 * The ask/tell API over `propose`. Rebuilt from a list of past trials it continues exactly as if it
 * had never stopped, because every proposal depends only on (space, trials, seed, id).
 */
export function createOptimizer(space: Space, options: OptimizerOptions = {}, history: readonly TrialRecord[] = []): Optimizer {
  const trials = new Map<number, TrialRecord>(history.map((t) => [t.id, { ...t, params: { ...t.params } }]));
  const list = (): TrialRecord[] => [...trials.values()].sort((a, b) => a.id - b.id);
  return {
    ask(): AskResult {
      const history = list();
      const id = nextTrialId(history);
      const proposal = propose(space, history, id, options);
      if (proposal === null) {
        throw new UsageError('grid search is exhausted: every grid point has been tried');
      }
      trials.set(id, { id, params: proposal.params, state: 'running', value: null });
      return { id, params: { ...proposal.params }, startup: proposal.startup, sampler: proposal.sampler };
    },
    tell(id: number, result: TellResult): void {
      const trial = trials.get(id);
      if (trial === undefined) throw new UsageError(`tell: no trial with id ${id}`);
      if (trial.state !== 'running') throw new UsageError(`tell: trial ${id} is already ${trial.state}`);
      if (typeof result === 'number') {
        if (Number.isFinite(result)) trials.set(id, { ...trial, state: 'complete', value: result });
        else trials.set(id, { ...trial, state: 'failed', value: null });
      } else trials.set(id, { ...trial, state: result.state, value: null });
    },
    trials: () => list().map((t) => ({ ...t, params: { ...t.params } })),
    exhausted: () => {
      if (options.algo !== 'grid') return false;
      const history = list();
      return propose(space, history, nextTrialId(history), options) === null;
    },
  };
}
