import type { Space } from '../space/types.js';
import type { RunFlags } from './run-flags.js';

type Bounds = Pick<RunFlags, 'trials' | 'timeBudget' | 'atBudget' | 'stopAt' | 'patience' | 'minDelta'>;

/**
 * `trials:`, `time_budget:`, `at_budget:` and `stop:` the space file gives now but did not when the
 * study was made: the user edited them to go on, as `--trials`, `--time-budget`, `--at-budget` and the
 * stop flags would (at_budget: was left as made; a user audit). A flag still wins.
 */
export function editedBounds(made: Space, now: Space, flags: RunFlags): Bounds {
  const bounds: Bounds = {};
  if (flags.trials === undefined && now.trials !== null && now.trials !== made.trials) bounds.trials = now.trials;
  if (flags.timeBudget === undefined && now.timeBudgetS !== null && now.timeBudgetS !== made.timeBudgetS) bounds.timeBudget = now.timeBudgetS;
  if (flags.atBudget === undefined && now.atBudget !== null && now.atBudget !== made.atBudget) bounds.atBudget = now.atBudget;
  const stopGiven = flags.stopAt !== undefined || flags.patience !== undefined || flags.minDelta !== undefined;
  if (!stopGiven && JSON.stringify(now.stop) !== JSON.stringify(made.stop)) {
    // a rule taken out of the file is cleared, as `--stop-at none` and `--patience 0` clear one
    bounds.stopAt = now.stop.at ?? 'none';
    bounds.patience = now.stop.patience ?? 0;
    if (now.stop.minDelta !== undefined) bounds.minDelta = now.stop.minDelta;
  }
  return bounds;
}
