import { nextTrialId, propose } from '../engine/index.js';
import type { Config, Space } from '../space/types.js';
import { workerGoneHere } from '../store/stale.js';
import { RetryTakenError, type Store } from '../store/types.js';
import type { NewTrial } from '../study/events.js';
import { countByState, type StudyState } from '../study/replay.js';
import type { Trial } from '../study/types.js';
import { awaitsRerun, learnedHistory } from '../study/history.js';
import { askUnderLock, type EarlyPacing } from './ask-locked.js';
import { completeQueued } from './queued.js';
import { externalMark, reclaimDeadTrials, silentTrial, takeOverAfterMs } from './reclaim.js';
import { proposeOptionsOf, type RunSettings } from './settings.js';
import type { StudyView } from './study-view.js';
import type { TrialJob } from './trial-job.js';
import type { Retries } from './retries.js';
import { inLabelOrder } from '../study/param-order.js';

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
  /** `hypertune ask`: the trial runs outside (never taken over); created through the store's atomic check. */
  external?: boolean;
  /** `hypertune ask --lease`: not told within this many ms, the trial is given again by a later ask. */
  leaseMs?: number;
  /** `--retries`: crashed trials of this worker's to run again first (retries.ts). */
  retries?: Retries;
  /** A worker's pacing of the proposals it makes before the ask lock (ask-locked.ts); none: every ask makes one. */
  pacing?: EarlyPacing;
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
      // past a few lost races the proposal is made anyway: a busy study must not stall a worker
      const result = await askOnce(ask, attempt < MAX_STRICT_ATTEMPTS);
      if (result !== 'again') return result;
    } catch (error) {
      // another worker re-runs that interrupted trial already: look again
      if (!(error instanceof RetryTakenError) || attempt >= 10 + MAX_STRICT_ATTEMPTS) throw error;
    }
  }
}

const MAX_STRICT_ATTEMPTS = 20;

async function askOnce(ask: Ask, strict: boolean): Promise<AskResult | 'again'> {
  const { store, study, settings, view } = ask;
  const waiting = await coveredAtAGlance(ask);
  if (waiting !== null) return waiting;
  const locked = await askUnderLock(ask);
  if (locked !== 'elsewhere') return locked;
  let state = await view.refresh();
  const staleAfter = takeOverAfterMs(ask);
  if (staleAfter !== null) {
    const taken = await reclaimDeadTrials(store, study, view, state, staleAfter, ask.own, ask.worker);
    if (taken.length > 0) {
      // the state read before tells which were asked (an asked trial stays external) and whose worker is gone from here
      const before = state;
      ask.notice(takeOverNotice(taken, (id) => whyTakenOver(before.trials.find((trial) => trial.id === id))));
      state = view.snapshot();
    }
  }
  if (isCovered(state)) return coveredOrWaiting(ask, state);
  const at = store.now();
  // a crash of this worker's to run again (--retries), else an interrupted trial
  const due = ask.retries?.take(state.trials) ?? null;
  const retry = due?.trial ?? state.trials.find((trial) => awaitsRerun(state, trial));
  if (retry !== undefined) {
    // a re-run keeps what proposed the original (unknown only in an old journal of an auto study: say tpe)
    const sampler = retry.sampler ?? (retry.startup ? 'startup' : 'tpe');
    const trial: NewTrial = { params: inLabelOrder(retry.params, ask.space.nodes.map((node) => node.label)), startup: retry.startup, sampler, worker: ask.worker, at, retryOf: retry.id, ...externalMark(ask, at) };
    let id: Awaited<ReturnType<typeof create>> | null = null;
    try {
      id = await create(ask, trial, null);
    } finally {
      if (due !== null) ask.retries?.settle(due, id);
    }
    return typeof id === 'number' ? { id, params: trial.params, retryOf: retry.id } : id;
  }
  const queued = state.trials.find((trial) => trial.state === 'queued');
  if (queued !== undefined) return claimQueued(ask, state, queued.id, queued.params);
  const history = learnedHistory(state.trials);
  const nextId = nextTrialId(state.trials);
  const proposal = propose(ask.space, history, nextId, proposeOptionsOf(settings, state.target));
  if (proposal === null) return 'exhausted';
  const trial: NewTrial = { params: proposal.params, startup: proposal.startup, sampler: proposal.sampler, worker: ask.worker, at, retryOf: null, ...externalMark(ask, at) };
  const id = await create(ask, trial, strict ? nextId : null);
  return typeof id === 'number' ? { id, params: proposal.params, retryOf: null } : id;
}

/**
 * At a shared study's end every worker whose target is covered looks again and again until the last
 * trials finish (or one needs taking over). Covered at its last look, it looks with one read first,
 * instead of queueing on the ask lock behind the workers still asking (two round trips each, and the
 * lock held for nothing); null when something may be due after all (the general ask decides).
 */
async function coveredAtAGlance(ask: Ask): Promise<'covered' | 'wait' | null> {
  if (ask.staleAfterMs === null || !isCovered(ask.view.snapshot())) return null;
  const state = await ask.view.refresh();
  if (!isCovered(state) || state.trials.some(silentTrial(ask.staleAfterMs, ask.own, ask.store.now()))) return null;
  return coveredOrWaiting(ask, state);
}

const isCovered = (state: StudyState): boolean => state.trials.filter((t) => t.state !== 'interrupted' && t.state !== 'queued').length >= state.target;

/**
 * An enqueued configuration runs before any proposal, in order. What it leaves out the optimizer's
 * proposal for this trial fills in (a prior draw where the given choices open a branch it did not).
 */
async function claimQueued(ask: Ask, state: StudyState, id: number, given: Config): Promise<AskResult | 'again'> {
  const { settings, view } = ask;
  const params = completeQueued(ask.space, learnedHistory(state.trials), id, settings, state.target, given);
  const at = ask.store.now();
  const claim = { params, worker: ask.worker, at, ...externalMark(ask, at) };
  const result = await ask.store.claimQueued(ask.study, id, claim);
  if (result === 'target-reached') return coveredOrWaiting(ask, await view.refresh());
  // taken by another process: a view that never re-reads (alone on a journal) must still move on
  view.record({ type: 'trial_claimed', id, ...claim, ...(result === 'taken' ? { worker: 'another process' } : {}) });
  return result === 'claimed' ? { id, params, retryOf: null } : 'again';
}

function coveredOrWaiting(ask: Ask, state: StudyState): 'covered' | 'wait' {
  const counts = countByState(state);
  // an asked trial (`hypertune ask`) is no worker's to take over: waiting for it could last for days
  const othersRunning = state.trials.some((trial) => trial.state === 'running' && !trial.external && !ask.own.has(trial.id));
  return counts.complete + counts.failed + counts.pruned < state.target && othersRunning && ask.staleAfterMs !== null ? 'wait' : 'covered';
}

/**
 * Shared studies create through the store's atomic check when it has one: no trial beyond the target,
 * and a proposal made for id N is stored as trial N (else it saw stale history: `again`), so workers
 * asking at once get different points, exactly as one process asking in turn would.
 */
async function create(ask: Ask, trial: NewTrial, expectedId: number | null): Promise<number | 'covered' | 'wait' | 'again'> {
  const { store, study, view } = ask;
  if ((ask.staleAfterMs !== null || ask.external === true) && store.createSharedTrial !== undefined) {
    const created = await store.createSharedTrial(study, trial, expectedId);
    if ('refused' in created) return created.refused === 'id-moved' ? 'again' : coveredOrWaiting(ask, await view.refresh());
    view.record({ type: 'trial_asked', id: created.id, ...trial });
    return created.id;
  }
  const id = await store.createTrial(study, trial);
  view.record({ type: 'trial_asked', id, ...trial });
  return (await withinTarget(ask, id)) ? id : 'wait';
}

/**
 * A shared store without an atomic check: workers check the target and create trials in two steps,
 * so near the end two of them may both create one. Ids decide: a trial with `target` live (running or
 * finished) trials below its id is not needed and is closed at once as interrupted; alone on a study
 * (the journal) this never happens.
 */
async function withinTarget(ask: Ask, id: number): Promise<boolean> {
  if (ask.staleAfterMs === null) return true;
  const state = await ask.view.refresh();
  const before = state.trials.filter((trial) => trial.id < id && trial.state !== 'interrupted' && trial.state !== 'queued').length;
  if (before < state.target) return true;
  const event = {
    type: 'trial_finished', id, state: 'interrupted', value: null, exitCode: null,
    error: 'not run: other workers had reached the target first', at: ask.store.now(),
  } as const;
  await ask.store.append(ask.study, event);
  ask.view.record(event);
  return false;
}

const whyTakenOver = (trial: Trial | undefined): 'silent' | 'gone' | 'lease' =>
  trial?.external === true ? 'lease' : workerGoneHere(trial?.worker ?? null) ? 'gone' : 'silent';

/**
 * Why trials were taken over: a worker's went silent, or its worker is found gone from this machine
 * (`kill -9`); an asked one (a job) was not told within its lease.
 */
export function takeOverNotice(taken: readonly number[], why: (id: number) => 'silent' | 'gone' | 'lease'): string {
  const part = (kind: 'silent' | 'gone' | 'lease', say: (many: boolean) => string): string[] => {
    const ids = taken.filter((id) => why(id) === kind);
    return ids.length === 0 ? [] : [`trial${ids.length > 1 ? 's' : ''} ${ids.join(', ')}: ${say(ids.length > 1)}`];
  };
  const silent = part('silent', (many) => `no heartbeat from ${many ? 'their workers' : 'its worker'}`);
  const gone = part('gone', (many) => `${many ? 'their workers are' : 'its worker is'} no longer running on this machine`);
  const leases = part('lease', (many) => `not told within ${many ? 'their leases' : 'its lease'}`);
  return `taking over ${[...silent, ...gone, ...leases].join('; ')}`;
}
