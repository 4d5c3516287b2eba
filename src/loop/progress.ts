import type { Goal } from '../space/types.js';
import { countByState, type StudyState } from '../study/replay.js';
import { bestTrial } from '../study/best.js';
import { trialTimeMs } from '../study/trial-time.js';
import { trialTarget } from '../study/types.js';
import type { FinishedTrial, LoopProgress } from './listener.js';
import type { TrialOutcome } from '../runner/index.js';
import type { TrialJob } from './trial-job.js';

/** `now`: the study's clock (Store.now), which the trials' times are on. */
export function progressOf(state: StudyState, goal: Goal, finishedThisRun: number, timeBudgetS: number | null, now: number): LoopProgress {
  const counts = countByState(state);
  const best = bestTrial(state, goal);
  return {
    finished: counts.complete + counts.failed + counts.pruned,
    target: trialTarget(state.target),
    budget: timeBudgetS === null ? null : budgetNow(state, timeBudgetS, now),
    running: counts.running,
    failed: counts.failed,
    best: best === null || best.value === null ? null : { id: best.id, value: best.value },
    finishedThisRun,
  };
}

/** The trial time against the budget now; while trials run it grows with the clock (the printer adds it between events). */
function budgetNow(state: StudyState, budgetS: number, now: number): LoopProgress['budget'] {
  // `at` is on this machine's clock, as the printer's that moves the figure on between events
  return { spentS: trialTimeMs(state.trials, now) / 1000, budgetS, at: Date.now(), running: state.trials.some((trial) => trial.state === 'running') };
}

export function isNewBest(state: StudyState, id: number, goal: Goal): boolean {
  return bestTrial(state, goal)?.id === id;
}

/** What the listener hears of a finished trial. */
export function finishedInfo(job: TrialJob, outcome: TrialOutcome, state: StudyState, goal: Goal): FinishedTrial {
  return {
    id: job.id,
    state: outcome.state,
    value: outcome.state === 'complete' || outcome.state === 'pruned' ? outcome.value : null,
    params: job.params,
    durationS: outcome.durationS,
    exitCode: outcome.exitCode,
    error: outcome.error,
    timedOut: outcome.timedOut,
    newBest: outcome.state === 'complete' && isNewBest(state, job.id, goal),
    ...(outcome.extras === undefined ? {} : { extras: outcome.extras }),
  };
}
