import { pastSignOfLife, staleReason, workerGoneHere } from '../store/stale.js';
import type { Store } from '../store/types.js';
import type { Trial } from '../study/types.js';
import type { StudyState } from '../study/replay.js';
import type { StudyView } from './study-view.js';

/**
 * A running trial of another worker that should have given a sign of life by `now`, or an asked trial
 * (`hypertune ask`) past its lease: no worker beats for one, so only a lease it was given can run out.
 */
export function silentTrial(staleAfterMs: number | 'all', ownTrials: ReadonlySet<number>, now: number): (trial: Trial) => boolean {
  // alone on a study ('all') every worker's running trial was left by a tuner that died; an asked one only once its lease ran out
  return (trial) =>
    trial.state === 'running' &&
    !ownTrials.has(trial.id) &&
    (staleAfterMs === 'all' ? !trial.external || pastSignOfLife(trial, 0, now) : pastSignOfLife(trial, staleAfterMs, now) || goneHere(trial, staleAfterMs, now));
}

/** What `hypertune ask` takes over: asked trials past their lease, never a worker's trial. */
const LEASES_ONLY_MS = Number.MAX_SAFE_INTEGER;

/** How often a worker beats for a heartbeat timeout: five beats to a timeout, at most every 5 s. */
export const heartbeatEveryMs = (timeoutMs: number): number => Math.max(100, Math.min(5000, timeoutMs / 5));

/**
 * How long a trial of a worker found dead on this machine (`kill -9`, then `resume`) waits before it is
 * taken over, instead of the whole heartbeat timeout: two beats. A tuner in another container that
 * shares this host's name, its pid not seen from here, is alive and beats within one, so it keeps its trials.
 */
export const goneGraceMs = (timeoutMs: number): number => 2 * heartbeatEveryMs(timeoutMs);

function goneHere(trial: Trial, staleAfterMs: number, now: number): boolean {
  return staleAfterMs !== LEASES_ONLY_MS && !trial.external && pastSignOfLife(trial, goneGraceMs(staleAfterMs), now) && workerGoneHere(trial.worker);
}

/** After how long an asker takes a silent trial over: a worker's heartbeat timeout; `ask`, leases only; null: never. */
export function takeOverAfterMs(ask: { staleAfterMs: number | null; external?: boolean | undefined }): number | null {
  return ask.staleAfterMs ?? (ask.external === true ? LEASES_ONLY_MS : null);
}

/** How a trial asked from outside is marked: external, and leased until `at` + its lease when given. */
export function externalMark(ask: { external?: boolean | undefined; leaseMs?: number | undefined }, at: number): { external?: true; leaseUntil?: number } {
  if (ask.external !== true) return {};
  return ask.leaseMs === undefined ? { external: true } : { external: true, leaseUntil: at + ask.leaseMs };
}

/**
 * Running trials whose worker is gone are marked interrupted, so they are re-run first with the same
 * parameters. Alone on a study (the journal's lock is held) every running trial is such a trial; shared
 * with other workers, only those whose heartbeat is older than the timeout, claimed atomically through
 * the store when it can, so that one worker alone takes each over.
 */
export async function reclaimDeadTrials(
  store: Store,
  study: string,
  view: StudyView,
  state: StudyState,
  staleAfterMs: number | 'all',
  ownTrials: ReadonlySet<number>,
  worker: string,
): Promise<number[]> {
  const reclaimed: number[] = [];
  const now = store.now();
  const silent = silentTrial(staleAfterMs, ownTrials, now);
  if (staleAfterMs !== 'all' && store.claimStale !== undefined) {
    // the state was just read: claim (a transaction) only when it shows a candidate
    if (!state.trials.some(silent)) return reclaimed;
    const gone = [...new Set(state.trials.filter((trial) => silent(trial) && goneHere(trial, staleAfterMs, now)).map((trial) => trial.worker ?? ''))];
    const claims = [...(gone.length > 0 ? [{ olderThanMs: goneGraceMs(staleAfterMs), gone }] : []), { olderThanMs: staleAfterMs, gone: undefined }];
    for (const claim of claims) {
      for (;;) {
        const trial = await store.claimStale(study, claim.olderThanMs, now, worker, claim.gone);
        if (trial === null) break;
        reclaimed.push(trial.id);
      }
    }
    if (reclaimed.length > 0) await view.refresh();
    return reclaimed;
  }
  for (const trial of state.trials) {
    if (!silent(trial)) continue;
    const gone = staleAfterMs !== 'all' && !pastSignOfLife(trial, staleAfterMs, now);
    const reason = staleAfterMs === 'all' && !trial.external ? `the tuner running it (${trial.worker ?? 'unknown worker'}) stopped before it finished` : staleReason(trial, worker, gone);
    const event = { type: 'trial_finished', id: trial.id, state: 'interrupted', value: null, exitCode: null, error: reason, at: now } as const;
    await store.append(study, event);
    view.record(event);
    reclaimed.push(trial.id);
  }
  return reclaimed;
}

/** What a run says of the trials a stopped tuner left running: re-run first, unless the time budget is spent. */
export function reclaimNotice(reclaimed: readonly number[], budgetSpent: boolean): string {
  const one = reclaimed.length === 1;
  const what = budgetSpent ? `the time budget is spent, so ${one ? 'it stays' : 'they stay'} interrupted` : `running ${one ? 'it' : 'them'} again first`;
  return `${one ? `trial ${reclaimed[0]} was` : `trials ${reclaimed.join(', ')} were`} left running by a stopped tuner: ${what}`;
}
