import { UsageError } from '../errors.js';
import type { Space } from '../space/types.js';
import type { TrialRecord } from '../study/types.js';
import { chooseSampler } from './auto.js';
import { declaredRunSteps } from './gp/fidelity.js';
import { resolveGp } from './gp/settings.js';
import { gpStep } from './gp/step.js';
import { proposeGrid } from './grid.js';
import { proposeRandom } from './random.js';
import { tpeStep } from './tpe/step.js';
import type { Algo, OptimizerOptions, Proposal } from './types.js';

/**
 * The parameters for trial `trialId` given every trial so far (running ones are pending and steer
 * the search away). Pure and deterministic in (space, history, options.seed, trialId).
 * Null when a grid is exhausted.
 */
export function propose(space: Space, history: readonly TrialRecord[], trialId: number, options: OptimizerOptions = {}): Proposal | null {
  // from plain JavaScript, YAML text here gave "Cannot read properties of undefined" (a library user's audit)
  if (typeof space !== 'object' || space === null || !Array.isArray((space as Partial<Space>).nodes)) {
    throw new UsageError(`propose takes a parsed space (what parseSpace or loadSpace returns; createOptimizer also takes its YAML text), got ${typeof space === 'string' ? 'a string' : JSON.stringify(space)}`);
  }
  // plain JavaScript's { algo: 'hyperopt' } (createOptimizer's spelling) or a typo returned undefined,
  // not a proposal nor null (a library user's audit); history not an array threw a TypeError
  if (!Array.isArray(history)) throw new UsageError(`propose takes the trials so far as an array of { id, params, state, value } (got ${JSON.stringify(history)?.slice(0, 80) ?? String(history)})`);
  const algo = options.algo ?? 'auto';
  switch (algo) {
    case 'random':
      return proposeRandom(space, trialId, options.seed ?? 0);
    case 'grid':
      return proposeGrid(space, history);
    case 'gp':
    case 'tpe':
    case 'auto': {
      if (modelFor(space, history, options) === 'gp') return gpStep(space, history, trialId, options);
      const trace = tpeStep(space, history, trialId, options);
      return { params: trace.params, startup: trace.startup, sampler: trace.startup ? 'startup' : 'tpe' };
    }
    default: {
      const given: unknown = algo;
      const hint = given === 'hyperopt' ? " (hyperopt's TPE here is algo: 'tpe', tpe: { preset: 'hyperopt' })" : '';
      throw new UsageError(`propose: algo must be one of auto, gp, tpe, random, grid (got ${JSON.stringify(given)})${hint}`);
    }
  }
}

/**
 * Whether the next proposal reads a pruned trial as a step of a learning curve (the GP with its
 * fidelity input, docs/pruning.md) rather than as a bad result (the TPE; random search learns nothing):
 * the turn guard of the pruners is for the second kind (prune/turn-guard.ts).
 */
export function learnsFromCurves(space: Space, history: readonly TrialRecord[], options: OptimizerOptions = {}): boolean {
  return modelFor(space, history, options) === 'gp' && resolveGp(options.gp).pruned.startsWith('fidelity');
}

/** The algorithm that makes the next proposal: `auto` resolved to the GP or the TPE for this history. */
export function modelFor(space: Space, history: readonly TrialRecord[], options: OptimizerOptions = {}): Exclude<Algo, 'auto'> {
  const algo = options.algo ?? 'auto';
  return algo === 'auto' ? chooseSampler(space, history, options.auto, options.gp, declaredRunSteps(options.pruner)) : algo;
}
