import { decidePrune, type Curve } from '../engine/index.js';
import type { StudyState } from '../study/replay.js';
import type { RunSettings } from './settings.js';
import type { StudyView } from './study-view.js';

/**
 * The loop's pruner: judges a trial at its latest stored value against every trial's curve. On a
 * shared study the store is re-read first, so the decision sees the other workers' curves as they
 * stand now. Undefined when no pruner is on.
 */
export function createJudge(view: StudyView, settings: RunSettings, shared: boolean): ((id: number) => Promise<string | null>) | undefined {
  if (settings.prune.name === 'none') return undefined;
  return async (id) => {
    const state = shared ? await view.refresh() : view.snapshot();
    const decision = decidePrune({ settings: settings.prune, goal: settings.goal, seed: settings.seed, curves: curvesOf(state), id });
    return decision.prune ? decision.reason : null;
  };
}

export function curvesOf(state: StudyState): Curve[] {
  return state.trials.map((trial) => ({ id: trial.id, state: trial.state, steps: trial.steps, values: trial.intermediate }));
}
