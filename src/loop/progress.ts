import type { Goal } from '../space/types.js';
import { countByState, type StudyState } from '../study/replay.js';
import type { Trial } from '../study/types.js';
import type { LoopProgress } from './listener.js';

export function progressOf(state: StudyState, goal: Goal, finishedThisRun: number): LoopProgress {
  const counts = countByState(state);
  const best = bestTrial(state, goal);
  return {
    finished: counts.complete + counts.failed,
    target: state.target,
    running: counts.running,
    failed: counts.failed,
    best: best === null || best.value === null ? null : { id: best.id, value: best.value },
    finishedThisRun,
  };
}

/** The best complete trial (ties: the earlier one). */
export function bestTrial(state: StudyState, goal: Goal): Trial | null {
  let best: Trial | null = null;
  for (const trial of state.trials) {
    if (trial.state !== 'complete' || trial.value === null || Number.isNaN(trial.value)) continue;
    if (best === null || best.value === null || (goal === 'minimize' ? trial.value < best.value : trial.value > best.value)) best = trial;
  }
  return best;
}

export function isNewBest(state: StudyState, id: number, goal: Goal): boolean {
  return bestTrial(state, goal)?.id === id;
}
