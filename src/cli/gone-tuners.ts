import { hostname } from 'node:os';
import { goneGraceMs, settingsFromStored } from '../loop/index.js';
import { pastSignOfLife, workerGoneHere } from '../store/stale.js';
import type { Store } from '../store/types.js';
import type { StudyState } from '../study/replay.js';
import { storedSpace } from './study-store.js';

/**
 * The running trials whose tuner was on this machine and is gone (killed with -9, the machine's
 * session closed): the journal still calls them running until a resume re-runs them. Trials of
 * another host or of `ask` (external, with a lease) are not judged here. Given `sharedNow` (a shared
 * store's clock), a trial counts only once silent for two heartbeats, as a worker takes one over
 * (loop/reclaim.ts): a live worker in another container of this host's name, its pid not seen from
 * here, beats within one (a user audit: summary called such workers gone).
 */
export function trialsOfGoneTuners(state: StudyState, sharedNow: number | null = null, host: string = hostname()): Array<{ id: number; worker: string }> {
  const graceMs = sharedNow === null ? 0 : goneGraceMs(settingsFromStored(state.meta.options, storedSpace(state.meta)).heartbeatTimeoutS * 1000);
  return state.trials.flatMap((trial) => {
    if (trial.state !== 'running' || trial.external || trial.worker === null || !workerGoneHere(trial.worker, host)) return [];
    if (sharedNow !== null && !pastSignOfLife(trial, graceMs, sharedNow)) return [];
    return [{ id: trial.id, worker: trial.worker }];
  });
}

/**
 * trialsOfGoneTuners as summary and show read it: on a shared store with the store's clock; on the
 * journal, less the trials of the live holder of its run lock, which a tuner in another container of
 * this host's name is, its pid not seen from here (the lock knows: journal/run-lock.ts; a user audit).
 */
export async function goneTrialsOf(store: Store, state: StudyState, shared: boolean, now: number): Promise<Array<{ id: number; worker: string }>> {
  const gone = trialsOfGoneTuners(state, shared ? now : null);
  if (shared || gone.length === 0 || store.runLockHolder === undefined) return gone;
  const holder = await store.runLockHolder(state.meta.name);
  return holder === null ? gone : gone.filter((trial) => trial.worker !== `${holder.host}:${holder.pid}`);
}

/** One note for `summary`: which running trials lost their tuner, and what brings them back. */
export function goneTunersNote(gone: ReadonlyArray<{ id: number; worker: string }>, resume: string): string | null {
  if (gone.length === 0) return null;
  const ids = gone.map((t) => t.id).join(', ');
  const workers = [...new Set(gone.map((t) => t.worker))].join(', ');
  return `note: trial${gone.length === 1 ? '' : 's'} ${ids} ${gone.length === 1 ? 'is' : 'are'} marked running, but the tuner that ran ${gone.length === 1 ? 'it' : 'them'} (${workers}) is gone: \`${resume}\` runs ${gone.length === 1 ? 'it' : 'them'} again`;
}
