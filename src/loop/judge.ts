import { decidePrune, learnsFromCurves, maxStepsOf, nearCopyOf, type Curve, type PruneDecision } from '../engine/index.js';
import type { Config, Space } from '../space/types.js';
import type { StudyState } from '../study/replay.js';
import { learnedHistory } from '../study/history.js';
import { proposeOptionsOf, type RunSettings } from './settings.js';
import type { StudyView } from './study-view.js';
import { selfStoppingNotice, selfStoppingRuns } from './self-stopping.js';
import { SELF_STOP_WAIT_MS } from '../runner/index.js';

/** Why the trial should stop, and whether the decision waits for the run's next value (self-stopping.ts). */
export interface Verdict {
  reason: string;
  untilValue: boolean;
}

/** The trial's verdict, or null; `reached()` is the step the program has reported by now. */
export type Judge = (id: number, reached: () => number) => Promise<Verdict | null>;

/**
 * The loop's pruner: judges a trial at its latest stored value against every trial's curve. On a
 * shared study the store is re-read first, so the decision sees the other workers' curves as they
 * stand now. The program may have printed on meanwhile: `reached` is read once the curves are in
 * hand, so a trial that got to the full run's last step is let finish. When a guard lets a trial go on
 * that the rule would stop (the turn guard), `notice` hears why, once per run. Undefined when no pruner is on.
 */
export function createJudge(view: StudyView, settings: RunSettings, shared: boolean, space: Space, notice: (text: string) => void = () => {}): Judge | undefined {
  if (settings.prune.name === 'none') return undefined;
  let told = false;
  let toldSelfStopping = false;
  return async (id, reached) => {
    const state = shared ? await view.refresh() : view.snapshot();
    const curves = curvesOf(state);
    const decision = judgeTrial(state, settings, space, id, reached(), curves);
    if (decision.held !== undefined && !told) {
      told = true;
      notice(`--prune ${settings.prune.name}: ${decision.held}`);
    }
    if (!decision.prune || decision.reason === null) return null;
    const selfStopping = selfStoppingRuns(curves, settings.prune.maxSteps);
    if (selfStopping !== null && !toldSelfStopping) {
      toldSelfStopping = true;
      notice(selfStoppingNotice(settings.prune.name, selfStopping, SELF_STOP_WAIT_MS / 1000));
    }
    return { reason: decision.reason, untilValue: selfStopping !== null };
  };
}

/** The study's pruner on trial `id` at step `reached`, against every trial's curve in `state` (a worker's trial or a job's `tell --step`). */
export function judgeTrial(state: StudyState, settings: RunSettings, space: Space, id: number, reached: number, curves: Curve[] = curvesOf(state)): PruneDecision {
  const curvesModelled = (): boolean => learnsFromCurves(space, learnedHistory(state.trials), proposeOptionsOf(settings, state.target));
  // built only when a rule would stop the trial and the copies rule asks (most judgements keep it)
  let params: Map<number, Config> | undefined;
  const nearCopy = nearCopyOf(space, (other) => (params ??= new Map(state.trials.map((trial) => [trial.id, trial.params]))).get(other));
  return decidePrune({ settings: settings.prune, goal: settings.goal, seed: settings.seed, curves, id, reached, curvesModelled, nearCopy });
}

/** The steps of a full run as the study knows it now (`max_steps`, else the longest complete trial); null while unknown. */
export function fullRunOf(view: StudyView, settings: RunSettings): () => number | null {
  return () => maxStepsOf(settings.prune.maxSteps, curvesOf(view.snapshot()));
}

export function curvesOf(state: StudyState): Curve[] {
  return state.trials.map((trial) => ({ id: trial.id, state: trial.state, steps: trial.steps, values: trial.intermediate }));
}
