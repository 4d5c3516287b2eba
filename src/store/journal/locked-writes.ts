// The journal's writes that depend on what the study holds (the next id, a re-run taken, the target, a
// silent trial): each decided and appended under the append lock (JournalStore.existing), so that
// several processes at once (`hypertune ask` from several shells, `add`, a take-over) never clash.
import type { NewTrial, StudyEvent, TrialEvent } from '../../study/events.js';
import type { Trial } from '../../study/types.js';
import { pastSignOfLife, staleReason, type StaleClaim } from '../stale.js';
import { RetryTakenError, type RecordedFinish, type SharedCreate } from '../types.js';
import type { JournalFile } from './journal-file.js';

type Append = (events: readonly StudyEvent[]) => void;

/** Store.createTrial: the next id, unless the interrupted trial it re-runs is re-run already. */
export function appendAskedTrial(file: JournalFile, append: Append, study: string, trial: NewTrial): number {
  if (trial.retryOf !== null && file.isRetried(trial.retryOf)) throw new RetryTakenError(study, trial.retryOf);
  const id = file.nextId;
  append([{ type: 'trial_asked', id, ...trial }]);
  return id;
}

/** Store.recordTrials: each asked and finished, all in one append. */
export function appendRecordedTrials(file: JournalFile, append: Append, records: ReadonlyArray<{ trial: NewTrial; finish: RecordedFinish }>): number[] {
  const first = file.nextId;
  // one append: one write and one fdatasync for the whole file of results
  append(
    records.flatMap(({ trial, finish }, i) => [
      { type: 'trial_asked' as const, id: first + i, ...trial },
      { type: 'trial_finished' as const, id: first + i, state: finish.state, value: finish.value, exitCode: null, error: finish.error, at: finish.at, ...(finish.extras === undefined ? {} : { extras: finish.extras }) },
    ]),
  );
  return records.map((_, i) => first + i);
}

/** Store.createSharedTrial: what PostgreSQL's hypertune_create_trial checks. */
export function appendSharedTrial(file: JournalFile, append: Append, study: string, trial: NewTrial, expectedId: number | null): SharedCreate {
  if (trial.retryOf !== null && file.isRetried(trial.retryOf)) throw new RetryTakenError(study, trial.retryOf);
  if (expectedId !== null && expectedId !== file.nextId) return { refused: 'id-moved' };
  const state = file.lines.state;
  const live = state?.trials.filter((t) => t.state !== 'interrupted').length ?? 0;
  if (state !== null && live >= state.target) return { refused: 'target-reached' };
  const id = file.nextId;
  append([{ type: 'trial_asked', id, ...trial }]);
  return { id };
}

/**
 * Store.claimStale: the first running trial silent since before `now - olderThanMs`, or asked and
 * past its lease (given `gone`, only a worker's trial of those workers), marked interrupted.
 */
export function appendStaleClaim(file: JournalFile, append: Append, claim: StaleClaim): Trial | null {
  const { olderThanMs, now, worker, gone } = claim;
  const state = file.lines.state;
  const ofGone = (trial: Trial): boolean => gone === undefined || (!trial.external && trial.worker !== null && gone.includes(trial.worker));
  const stale = state?.trials.find((trial) => trial.state === 'running' && ofGone(trial) && pastSignOfLife(trial, olderThanMs, now));
  if (stale === undefined) return null;
  const error = staleReason(stale, worker, gone !== undefined);
  append([{ type: 'trial_finished', id: stale.id, state: 'interrupted', value: null, exitCode: null, error, at: now }]);
  // a copy: the kept state's own trial (its arrays) must not reach the caller
  return { ...structuredClone(stale), state: 'interrupted', finishedAt: now, error };
}

/** Store.finishRunning under the append lock: `events` appended only while trial `id` is running. */
export function appendIfRunning(file: JournalFile, append: Append, id: number, events: readonly TrialEvent[]): boolean {
  const trial = file.lines.state?.trials.find((t) => t.id === id);
  if (trial?.state !== 'running') return false;
  append(events);
  return true;
}

/** The first id among `events` that names no trial of a study whose next id is `nextId`. */
export function unknownTrial(events: readonly TrialEvent[], nextId: number): number | undefined {
  return events.find((event) => !Number.isInteger(event.id) || event.id < 0 || event.id >= nextId)?.id;
}
