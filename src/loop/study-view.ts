import { RuntimeFailure } from '../errors.js';
import type { Store, StudyChanges } from '../store/types.js';
import type { StudyEvent } from '../study/events.js';
import { applyEvent, replay, trialById, upsertTrial, type StudyState } from '../study/replay.js';

/**
 * The loop's picture of a study. Alone on a study (the journal's lock), it keeps the events it wrote
 * in memory, and before every ask reads only what other processes appended meanwhile (`own`: this
 * run's worker; `enqueue`, `ask`, `add` and `tell` write while a run holds the lock); shared with other
 * workers, it re-reads before every ask: only the trials changed since its last read when the store
 * can tell (PostgreSQL), else everything.
 */
export interface StudyView {
  /** The state as of now: re-read from the store when shared. */
  refresh(): Promise<StudyState>;
  /** Where the next read of changes starts (the store's cursor); null before the first. */
  cursor(): string | null;
  /** Apply changes read elsewhere (under the store's ask lock) as refresh() would. */
  applyChanges(changes: StudyChanges): StudyState;
  /** The last known state plus what this process wrote since, without I/O. */
  snapshot(): StudyState;
  /** Note an event this process just appended. */
  record(event: StudyEvent): void;
}

export async function openStudyView(store: Store, study: string, shared: boolean, own?: string): Promise<StudyView> {
  const initial = await store.readEvents(study);
  let state = build(initial);
  let cursor: string | null = null;
  // alone: how many events of the log the view has looked at
  let seen = initial.length;
  function build(events: readonly StudyEvent[]): StudyState {
    const built = replay(events);
    if (built === null) throw new RuntimeFailure(`study "${study}" does not exist in ${store.location}`);
    return built;
  }
  function applyChanges(changes: StudyChanges): StudyState {
    // removed and made again (SQL, or `hypertune remove`) while this worker ran: its trials and its
    // cursor are the old study's, and a proposal of the old setup must not land in the new one (a user audit)
    if (changes.createdAt !== state.meta.createdAt) {
      throw new RuntimeFailure(`study "${study}" was removed and made again in ${store.location} while this worker ran: it stops, as its trials belonged to the old one; start it again to join the new study`);
    }
    cursor = changes.cursor;
    state.target = changes.target;
    if (changes.timeBudgetS !== undefined) state.timeBudgetS = changes.timeBudgetS;
    if (changes.stopRule !== undefined) state.stopRule = changes.stopRule;
    for (const { trial, retryOf } of changes.trials) upsertTrial(state, trial, retryOf);
    return state;
  }
  return {
    async refresh() {
      if (!shared && (own === undefined || store.readEventsFrom === undefined)) return state;
      if (!shared && store.readEventsFrom !== undefined) {
        const read = await store.readEventsFrom(study, seen);
        if (read.createdAt !== state.meta.createdAt) throw new RuntimeFailure(`study "${study}" was removed (and perhaps made again) in ${store.location} while this run went on: it stops`);
        seen = read.count;
        for (const event of read.events) if (!ownTrialEvent(state, event, own ?? '')) applyEvent(state, event);
        return state;
      }
      if (store.readChanges === undefined) {
        state = build(await store.readEvents(study));
        return state;
      }
      // a long study re-read whole before every ask would cost each worker O(trials) per trial
      const changes = await store.readChanges(study, cursor);
      if (changes === null) throw new RuntimeFailure(`study "${study}" no longer exists in ${store.location} (removed while this worker ran?): this worker stops`);
      return applyChanges(changes);
    },
    cursor: () => cursor,
    applyChanges,
    snapshot: () => state,
    record(event) {
      // applied in place: replaying the whole log on every ask would make a long study quadratic
      applyEvent(state, event);
    },
  };
}

/**
 * An event of this run's own trial, which the view recorded as the run wrote it: a value or a beat
 * applied again would count twice. Every other event applies once (an ask, a result, a queued
 * configuration or a claim applies once however often it is seen: replay's own rules).
 */
function ownTrialEvent(state: StudyState, event: StudyEvent, own: string): boolean {
  if (event.type !== 'trial_intermediate' && event.type !== 'trial_started' && event.type !== 'trial_heartbeat') return false;
  // by index, as replay finds it: a log of millions of values is read here
  return trialById(state, event.id)?.worker === own;
}
