// The last lines of a run: how to go on with the study, as one resume that does go on. A study can
// end on several bounds at once (its target, its time budget, its stop rule); a resume that lifts only
// one of them runs nothing (found by a user audit: `--trials 12` after a patience that was met too).
import { gridSize } from '../engine/index.js';
import type { RunSettings, StudyRunResult } from '../loop/index.js';
import type { Space } from '../space/types.js';
import { stopRuleMet, stoppedEarly, studyStopRule } from '../study/stop-rule.js';
import { hasTrialTarget } from '../study/types.js';
import { countByState } from '../study/replay.js';

export interface GoOnContext {
  result: StudyRunResult;
  settings: RunSettings;
  space: Space;
  /** Finished trials (complete, failed, pruned). */
  finished: number;
  /** `--study NAME` and the store's flags. */
  where: string;
  spentS: number;
  budgetS: number | null;
}

export function goOnLines({ result, settings, space, finished, where, spentS, budgetS }: GoOnContext): string[] {
  const { state, reason } = result;
  const targetReached = hasTrialTarget(state.target) && finished >= state.target;
  // stopped (failures, a signal) with the target reached all the same: a plain resume would run nothing (a user audit)
  if (reason === 'exhausted' || (reason !== 'target' && reason !== 'budget' && reason !== 'stop-rule' && !((reason === 'failures' || reason === 'interrupted') && targetReached))) {
    return reason === 'exhausted' ? [] : ['Go on with:', `  hypertune resume ${where}`];
  }
  const rule = studyStopRule(state, settings.stop);
  const met = stopRuleMet(state.trials, settings.goal, rule);
  const lines: string[] = [];
  // the rule met by the same trials that reached the target or spent the budget: said, as it binds too
  if (met !== null && reason !== 'stop-rule') lines.push(`Its stop rule is met too: ${stoppedEarly(state.trials, settings.goal, rule, settings.metric) ?? 'the stop rule was met'}.`);
  const flags: string[] = [];
  let heading = met !== null ? 'Go on regardless with:' : 'Raise the budget with:';
  // configurations queued (enqueue) wait for a higher target: the one that runs them all, as resume's first line says it
  const queued = countByState(state).queued;
  if (targetReached && queued > 0) {
    heading = `${queued} queued configuration${queued === 1 ? ' waits' : 's wait'}; run ${queued === 1 ? 'it' : 'them'}${met !== null ? ' regardless' : ''} with:`;
    flags.push(`--trials ${finished + queued}`);
  } else if (targetReached) {
    if (settings.algo !== 'grid') flags.push(`--trials ${2 * finished}`);
    else {
      const size = gridSize(space);
      if (finished >= size) return lines;
      heading = `The grid has ${size} points; ${size - finished} not tried yet. Try them all with:`;
      flags.push(`--trials ${size}`);
    }
  }
  // the loop counts a running trial's time from its ask, the stored trial time from its program's start:
  // a study ended by its budget may show a little less than it spent (1.4 s of 1.5 s on a busy machine)
  if (budgetS !== null && (reason === 'budget' || spentS >= budgetS)) flags.push(`--time-budget ${budgetText(Math.max(spentS, budgetS) + budgetS)}`);
  if (met !== null) flags.push(met.rule === 'patience' ? `--patience ${met.since + (rule.patience ?? 0)}` : '--stop-at none');
  return flags.length === 0 ? lines : [...lines, heading, `  hypertune resume ${where} ${flags.join(' ')}`];
}

/** A budget to suggest, as `--time-budget` reads it: rounded up to whole hours, minutes or seconds. */
function budgetText(seconds: number): string {
  if (seconds >= 3 * 3600) return `${Math.ceil(seconds / 3600)}h`;
  if (seconds >= 3 * 60) return `${Math.ceil(seconds / 60)}m`;
  return `${Math.ceil(seconds)}s`;
}
