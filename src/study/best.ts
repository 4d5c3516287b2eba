import type { Goal } from '../space/types.js';
import type { StudyState } from './replay.js';
import type { Trial } from './types.js';

/** The best complete trial (ties: the earlier one); NaN values never win. */
export function bestTrial(state: StudyState, goal: Goal): Trial | null {
  let best: Trial | null = null;
  for (const trial of state.trials) {
    if (trial.state !== 'complete' || trial.value === null || Number.isNaN(trial.value)) continue;
    if (best === null || best.value === null || (goal === 'minimize' ? trial.value < best.value : trial.value > best.value)) best = trial;
  }
  return best;
}
