import type { StudyState } from './replay.js';
import type { Config } from './types.js';

/**
 * Every trial's parameters in the space's order (`labels`), as the journal keeps them. PostgreSQL's
 * jsonb orders an object's keys by length, so summary and show listed `bn lr wd act ...` (found by a
 * user audit). Labels the space does not name keep their place after the others.
 */
export function inSpaceOrder(state: StudyState, labels: readonly string[]): StudyState {
  const rank = new Map(labels.map((label, i) => [label, i]));
  const ordered = (params: Config): Config => {
    const keys = Object.keys(params);
    const sorted = [...keys].sort((a, b) => (rank.get(a) ?? labels.length + keys.indexOf(a)) - (rank.get(b) ?? labels.length + keys.indexOf(b)));
    return Object.fromEntries(sorted.map((key) => [key, params[key]])) as Config;
  };
  return { ...state, trials: state.trials.map((trial) => ({ ...trial, params: ordered(trial.params) })) };
}
