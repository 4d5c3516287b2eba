import { hostname } from 'node:os';
import { workerGoneHere } from '../store/stale.js';
import type { StudyState } from '../study/replay.js';

/**
 * The running trials whose tuner was on this machine and is gone (killed with -9, the machine's
 * session closed): the journal still calls them running until a resume re-runs them. Trials of
 * another host or of `ask` (external, with a lease) are not judged here.
 */
export function trialsOfGoneTuners(state: StudyState, host: string = hostname()): Array<{ id: number; worker: string }> {
  return state.trials.flatMap((trial) => {
    if (trial.state !== 'running' || trial.external || trial.worker === null || !workerGoneHere(trial.worker, host)) return [];
    return [{ id: trial.id, worker: trial.worker }];
  });
}

/** One note for `summary`: which running trials lost their tuner, and what brings them back. */
export function goneTunersNote(gone: ReadonlyArray<{ id: number; worker: string }>, resume: string): string | null {
  if (gone.length === 0) return null;
  const ids = gone.map((t) => t.id).join(', ');
  const workers = [...new Set(gone.map((t) => t.worker))].join(', ');
  return `note: trial${gone.length === 1 ? '' : 's'} ${ids} ${gone.length === 1 ? 'is' : 'are'} marked running, but the tuner that ran ${gone.length === 1 ? 'it' : 'them'} (${workers}) is gone: \`${resume}\` runs ${gone.length === 1 ? 'it' : 'them'} again`;
}
