import { modelFor, nextTrialId, propose, type OptimizerOptions, type Proposal } from '../engine/index.js';
import type { Space } from '../space/types.js';
import type { NewTrial } from '../study/events.js';
import type { StudyState } from '../study/replay.js';
import type { TrialRecord } from '../study/types.js';
import { awaitsRerun, learnedHistory } from '../study/history.js';
import type { Ask } from './ask.js';
import { externalMark, silentTrial, takeOverAfterMs } from './reclaim.js';
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
  if (store.askUnderLock === undefined || (ask.staleAfterMs === null && ask.external !== true) || ask.retries?.pending() === true) return 'elsewhere';
  const decision: { trial: NewTrial | null; exhausted: boolean; earlyUsed: boolean } = { trial: null, exhausted: false, earlyUsed: false };
  const options = proposeOptionsOf(settings, view.snapshot().target);
  const early = await proposeBeforeLock(ask, options);
  // a retry after a lost connection decides afresh, unless the store finds that the try before did
  // create its trial and lost only the reply: then no decide, and the trial decided last is the one made
  const created = await store.askUnderLock(ask.study, view.cursor(), (changes) => {
    decision.trial = null;
    decision.exhausted = false;
    const state = view.applyChanges(changes);
    if (!onlyProposalDue(ask, state)) return null;
    const proposal = proposalUnderLock(ask.space, learnedHistory(state.trials), nextTrialId(state.trials), options, early);
    decision.earlyUsed = early?.proposal != null && (proposal === early.proposal || (proposal?.fit !== undefined && proposal.fit === early.proposal.fit));
    if (proposal === null) {
      decision.exhausted = true;
      return null;
    }
    const at = ask.store.now();
    decision.trial = { params: proposal.params, startup: proposal.startup, sampler: proposal.sampler, worker: ask.worker, at, retryOf: null, ...externalMark(ask, at) };
    return decision.trial;
  });
  if (early !== null && ask.pacing !== undefined) pace(ask.pacing, decision.earlyUsed);
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
  const staleAfter = takeOverAfterMs(ask);
  if (staleAfter !== null && state.trials.some(silentTrial(staleAfter, ask.own, ask.store.now()))) return false;
  return !state.trials.some((trial) => trial.state === 'queued' || awaitsRerun(state, trial));
}

/**
 * The proposal for trial `id` on `history`, the history read under the lock: the early one if it was
 * made on this very history, else made now, with the early one's GP fit if the finished trials are the
 * same (only trials started meanwhile differ: the fit is then the one a new fit would give). Either
 * way the proposal a single process asking in turn would make.
 */
export function proposalUnderLock(space: Space, history: TrialRecord[], id: number, options: OptimizerOptions, early: EarlyProposal | null): Proposal | null {
  if (early !== null && early.id === id && sameHistory(early.history, history)) return early.proposal;
  const fit = early?.proposal?.fit;
  return propose(space, history, id, fit === undefined ? options : { ...options, gpFit: fit });
}

export interface EarlyProposal {
  history: TrialRecord[];
  id: number;
  proposal: Proposal | null;
}

/**
 * The GP's proposal made before the lock, on the study as it is now: the GP's ask takes 60-800 ms
 * (50-190 trials), four fifths of it the fit, and made here the workers make it at once instead of in
 * turn. Under the lock it stands if no trial changed meanwhile, and its fit stands if none finished
 * (docs/storage-schema.md, "The ceiling"). Null when the TPE is in charge (a few ms: made under the lock).
 */
async function proposeBeforeLock(ask: Ask, options: OptimizerOptions): Promise<EarlyProposal | null> {
  if (options.algo !== 'auto' && options.algo !== 'gp') return null;
  if (ask.pacing !== undefined && ask.pacing.skip > 0) {
    ask.pacing.skip -= 1;
    return null;
  }
  if (modelFor(ask.space, learnedHistory(ask.view.snapshot().trials), options) !== 'gp') return null;
  const state = await ask.view.refresh();
  if (!onlyProposalDue(ask, state)) return null;
  const history = learnedHistory(state.trials);
  const id = nextTrialId(state.trials);
  return { history, id, proposal: propose(ask.space, history, id, options) };
}

/** The same trials in the same states with the same results: a proposal made on one is made on the other. */
function sameHistory(a: readonly TrialRecord[], b: readonly TrialRecord[]): boolean {
  return a.length === b.length && a.every((t, i) => {
    const u = b[i] as TrialRecord;
    return t.id === u.id && t.state === u.state && Object.is(t.value, u.value) && t.step === u.step && t.firstStep === u.firstStep;
  });
}

/**
 * How a worker paces its early proposals. One is wasted when a trial finished while it was made: the
 * ask is then made afresh under the lock, and the early one cost CPU for nothing. Each wasted one
 * raises a count (at most 4) and each used one lowers it; after either the worker skips the next
 * 2^count - 1 early proposals (1, 3, 7, 15). Where waste is the rule (many workers on short trials: 16
 * workers of 0.5 s trials on 2 cores took 1.75x the CPU per trial without pacing) the count stays high
 * and about one ask in sixteen makes an early proposal; where early proposals are used it stays at 0.
 */
export interface EarlyPacing {
  wasted: number;
  skip: number;
}

export const newEarlyPacing = (): EarlyPacing => ({ wasted: 0, skip: 0 });

export function pace(pacing: EarlyPacing, used: boolean): void {
  pacing.wasted = used ? Math.max(0, pacing.wasted - 1) : Math.min(4, pacing.wasted + 1);
  pacing.skip = 2 ** pacing.wasted - 1;
}
