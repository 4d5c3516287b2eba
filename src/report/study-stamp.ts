import type { StudyState } from '../study/replay.js';

/**
 * What a live page (`report --serve`) compares to tell that its study changed since it was drawn: the
 * trials, their states, and the values the running ones reported. Equal stamps, nothing to redraw.
 */
export function studyStamp(state: StudyState): string {
  let finished = 0;
  let values = 0;
  for (const trial of state.trials) {
    if (trial.state !== 'running' && trial.state !== 'queued') finished += 1;
    values += trial.intermediate.length;
  }
  return `${state.trials.length}.${finished}.${values}.${state.target}`;
}
