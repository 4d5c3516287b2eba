import type { StudyState } from './replay.js';
import type { Config } from './types.js';

/**
 * Every trial's parameters in the space's order (`labels`), as the journal keeps them. PostgreSQL's
 * jsonb orders an object's keys by length, so summary and show listed `bn lr wd act ...` (found by a
 * user audit). Labels the space does not name keep their place after the others.
 */
export function inSpaceOrder(state: StudyState, labels: readonly string[]): StudyState {
  return { ...state, trials: state.trials.map((trial) => ({ ...trial, params: inLabelOrder(trial.params, labels) })) };
}

/**
 * One configuration's parameters in the order of `labels`, the others after them as they were. A trial
 * run again from PostgreSQL (a re-run, a take-over) got its argv and its line in jsonb's order (a user
 * audit: `lr act layers` beside `lr layers act`), and so unlike what show gives as its command.
 */
export function inLabelOrder(params: Config, labels: readonly string[]): Config {
  const rank = new Map(labels.map((label, i) => [label, i]));
  const keys = Object.keys(params);
  const sorted = [...keys].sort((a, b) => (rank.get(a) ?? labels.length + keys.indexOf(a)) - (rank.get(b) ?? labels.length + keys.indexOf(b)));
  return Object.fromEntries(sorted.map((key) => [key, params[key]])) as Config;
}
