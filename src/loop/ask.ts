import { propose } from '../engine/index.js';
import type { Space } from '../space/types.js';
import { RetryTakenError, type Store } from '../store/types.js';
import { countByState } from '../study/replay.js';
import type { TrialRecord } from '../study/types.js';
import { reclaimDeadTrials } from './reclaim.js';
import type { RunSettings } from './settings.js';
import type { StudyView } from './study-view.js';
import type { TrialJob } from './trial-job.js';

export interface Ask {
  store: Store;
  study: string;
  space: Space;
  settings: RunSettings;
  worker: string;
  view: StudyView;
  /** Trials this process is running now. */
  own: ReadonlySet<number>;
  /** Shared study: take over other workers' trials whose heartbeat is older than this. */
  staleAfterMs: number | null;
  notice(text: string): void;
}

export type AskResult = TrialJob | 'covered' | 'wait' | 'exhausted';

/**
 * The next trial to run: an interrupted trial first (same parameters, `retryOf`), else the optimizer's
 * proposal. `covered`: the running trials already cover the target. `wait`: other workers' running
 * trials cover it, but one of them may still die and need taking over. `exhausted`: no grid point left.
 */
export async function askNextTrial(ask: Ask): Promise<AskResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await askOnce(ask);
    } catch (error) {
      // another worker re-runs that interrupted trial already: look again
      if (!(error instanceof RetryTakenError) || attempt >= 10) throw error;
    }
  }
}

async function askOnce(ask: Ask): Promise<AskResult> {
  const { store, study, settings, view } = ask;
  let state = await view.refresh();
  if (ask.staleAfterMs !== null) {
    const taken = await reclaimDeadTrials(store, study, view, state, ask.staleAfterMs, ask.own, ask.worker);
    if (taken.length > 0) {
      ask.notice(`taking over trial${taken.length > 1 ? 's' : ''} ${taken.join(', ')}: no heartbeat from ${taken.length > 1 ? 'their workers' : 'its worker'}`);
      state = view.snapshot();
    }
  }
  const counts = countByState(state);
  const finished = counts.complete + counts.failed;
  if (finished + counts.running >= state.target) {
    const othersRunning = state.trials.some((trial) => trial.state === 'running' && !ask.own.has(trial.id));
    return finished < state.target && othersRunning && ask.staleAfterMs !== null ? 'wait' : 'covered';
  }
  const at = Date.now();
  const retry = state.trials.find((trial) => trial.state === 'interrupted' && !state.retried.has(trial.id));
  if (retry !== undefined) {
    const trial = { params: retry.params, startup: retry.startup, worker: ask.worker, at, retryOf: retry.id };
    const id = await store.createTrial(study, trial);
    view.record({ type: 'trial_asked', id, ...trial });
    return (await withinTarget(ask, id)) ? { id, params: retry.params, retryOf: retry.id } : 'wait';
  }
  const history: TrialRecord[] = state.trials.map(({ id, params, state: trialState, value }) => ({ id, params, state: trialState, value }));
  const nextId = state.trials.reduce((max, trial) => Math.max(max, trial.id + 1), 0);
  const proposal = propose(ask.space, history, nextId, { algo: settings.algo, seed: settings.seed, goal: settings.goal });
  if (proposal === null) return 'exhausted';
  const trial = { params: proposal.params, startup: proposal.startup, worker: ask.worker, at, retryOf: null };
  const id = await store.createTrial(study, trial);
  view.record({ type: 'trial_asked', id, ...trial });
  return (await withinTarget(ask, id)) ? { id, params: proposal.params, retryOf: null } : 'wait';
}

/**
 * Workers check the target and create trials in two steps, so near the end two of them may both
 * create one. Ids decide: a trial with `target` live (running or finished) trials below its id is not
 * needed and is closed at once as interrupted; alone on a study this never happens.
 */
async function withinTarget(ask: Ask, id: number): Promise<boolean> {
  if (ask.staleAfterMs === null) return true;
  const state = await ask.view.refresh();
  const before = state.trials.filter((trial) => trial.id < id && trial.state !== 'interrupted').length;
  if (before < state.target) return true;
  const event = {
    type: 'trial_finished', id, state: 'interrupted', value: null, exitCode: null,
    error: 'not run: other workers had reached the target first', at: Date.now(),
  } as const;
  await ask.store.append(ask.study, event);
  ask.view.record(event);
  return false;
}
