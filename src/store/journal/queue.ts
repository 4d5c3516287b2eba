// The journal's side of `hypertune enqueue`: queued trials are appended under the append lock, and a
// claim checks, under the same lock, that the trial is still queued and the target not yet reached.
import type { StudyEvent } from '../../study/events.js';
import type { Config } from '../../study/types.js';
import type { QueueClaim } from '../types.js';
import type { JournalFile } from './journal-file.js';

type Append = (events: readonly StudyEvent[]) => void;

export function appendQueued(file: JournalFile, append: Append, configs: readonly Config[], at: number): number[] {
  const ids = configs.map((_, i) => file.nextId + i);
  append(configs.map((params, i) => ({ type: 'trial_enqueued', id: ids[i] as number, params, at })));
  return ids;
}

export function appendClaim(file: JournalFile, append: Append, id: number, claim: QueueClaim): 'claimed' | 'taken' | 'target-reached' {
  const state = file.lines.state;
  if (state?.trials.find((t) => t.id === id)?.state !== 'queued') return 'taken';
  const live = state.trials.filter((t) => t.state !== 'interrupted' && t.state !== 'queued').length;
  if (live >= state.target) return 'target-reached';
  append([{ type: 'trial_claimed', id, params: claim.params, worker: claim.worker, at: claim.at, ...(claim.external === true ? { external: true } : {}), ...(claim.leaseUntil === undefined ? {} : { leaseUntil: claim.leaseUntil }) }]);
  return 'claimed';
}
