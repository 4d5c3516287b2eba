import { stoppedEarly, studyStopRule } from '../study/stop-rule.js';
import type { StudyState } from '../study/replay.js';
import { timeBudgetSpent } from '../study/trial-time.js';
import type { RunSettings } from './settings.js';

/** `stop-rule`: the study's `--stop-at` or `--patience` was met (study/stop-rule.ts). */
export type StopReason = 'target' | 'budget' | 'stop-rule' | 'exhausted' | 'interrupted' | 'failures' | 'start-failure';

export interface StudyRunResult {
  reason: StopReason;
  /** Why the study stopped early (the last error, the command that could not start, or the stop rule met). */
  error: string | null;
  state: StudyState;
  /** Interrupted trials this run found left over by a dead tuner and re-ran or will re-run. */
  reclaimed: number[];
}

export type NoMoreTrials = { reason: 'budget' } | { reason: 'stop-rule'; text: string };

/** Why no further trial may start now (the time budget is spent, or the study's stop rule is met); null: trials go on. */
export function noMoreTrials(state: StudyState, settings: Pick<RunSettings, 'goal' | 'metric' | 'stop'>, budgetS: number | null, now: number): NoMoreTrials | null {
  if (timeBudgetSpent(state.trials, budgetS, now)) return { reason: 'budget' };
  // the rule as last changed, by this run's flags or by a resume on another machine
  const text = stoppedEarly(state.trials, settings.goal, studyStopRule(state, settings.stop), settings.metric);
  return text === null ? null : { reason: 'stop-rule', text };
}
