import { targetRunningQueued, type StudyState } from '../study/replay.js';
import { hasTrialTarget } from '../study/types.js';
import { quoteArg } from './shell-words.js';

/**
 * The resume that runs every queued configuration of a study (`ask` for a study without a command): with the target raised when the trials
 * still to run would not reach them (the lucky-best note said "resume runs them" of re-runs queued in a
 * finished study, where a plain resume ran nothing: a noise audit).
 */
export function resumeRunningQueued(state: StudyState, study: string, locationFlags: readonly string[]): string {
  // a study made by `create` has no command: `ask` hands its queued configurations out
  if (state.meta.command.length === 0) return ['hypertune ask', `--study ${quoteArg(study)}`, ...locationFlags].join(' ') + ' (and tell)';
  const target = targetRunningQueued(state);
  const raise = hasTrialTarget(state.target) && target > state.target ? [`--trials ${target}`] : [];
  return ['hypertune resume', `--study ${quoteArg(study)}`, ...locationFlags, ...raise].join(' ');
}
