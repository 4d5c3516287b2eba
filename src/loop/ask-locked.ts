import { nextTrialId, propose } from '../engine/index.js';
import type { NewTrial } from '../study/events.js';
import type { StudyState } from '../study/replay.js';
import { trialRecordOf } from '../study/types.js';
import type { Ask } from './ask.js';
import { silentTrial } from './reclaim.js';
import { proposeOptionsOf } from './settings.js';
import type { TrialJob } from './trial-job.js';

/**
 * A shared study's usual ask (issue 14), made while holding the store's ask lock: read what changed,
 * propose for the next id, create; workers take turns, so every proposal sees the whole history,
 * simultaneous asks get distinct points exactly as one process asking in turn would, and no proposal
 * is made twice. Before, each worker proposed on what it had read and the store refused the trial when
 * another had created one meanwhile: the asks per trial grew with the number of workers asking at once.
 * `elsewhere`: the study needs something else first (a dead worker's trial taken over, an interrupted
 * trial re-run, a queued configuration, the target covered), which askOnce's general path does.
 */
export async function askUnderLock(ask: Ask): Promise<TrialJob | 'exhausted' | 'elsewhere'> {
  const { store, settings, view } = ask;
  if (store.askUnderLock === undefined || (ask.staleAfterMs === null && ask.external !== true)) return 'elsewhere';
  const decision: { trial: NewTrial | null; exhausted: boolean } = { trial: null, exhausted: false };
  // a retry after a lost connection decides afresh, unless the store finds that the try before did
  // create its trial and lost only the reply: then no decide, and the trial decided last is the one made
  const created = await store.askUnderLock(ask.study, view.cursor(), (changes) => {
    decision.trial = null;
    decision.exhausted = false;
    const state = view.applyChanges(changes);
    if (!onlyProposalDue(ask, state)) return null;
    const proposal = propose(ask.space, state.trials.map(trialRecordOf), nextTrialId(state.trials), proposeOptionsOf(settings));
    if (proposal === null) {
      decision.exhausted = true;
      return null;
    }
    decision.trial = {
      params: proposal.params, startup: proposal.startup, sampler: proposal.sampler, worker: ask.worker, at: Date.now(), retryOf: null,
      ...(ask.external === true ? { external: true } : {}),
    };
    return decision.trial;
  });
  if (created === null) return decision.exhausted ? 'exhausted' : 'elsewhere';
  if ('refused' in created || decision.trial === null) return 'elsewhere';
  view.record({ type: 'trial_asked', id: created.id, ...decision.trial });
  return { id: created.id, params: decision.trial.params, retryOf: null };
}

/** Nothing but a new proposal is due: no trial to take over or re-run, none queued, the target not covered. */
function onlyProposalDue(ask: Ask, state: StudyState): boolean {
  // live as the store counts them (schema 7): every trial neither interrupted nor queued
  const live = state.trials.filter((trial) => trial.state !== 'interrupted' && trial.state !== 'queued').length;
  if (live >= state.target) return false;
  if (ask.staleAfterMs !== null && state.trials.some(silentTrial(ask.staleAfterMs, ask.own))) return false;
  return !state.trials.some((trial) => trial.state === 'queued' || (trial.state === 'interrupted' && !state.retried.has(trial.id)));
}
