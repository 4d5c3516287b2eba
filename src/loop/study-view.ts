import { RuntimeFailure } from '../errors.js';
import type { Store } from '../store/types.js';
import type { StudyEvent } from '../study/events.js';
import { applyEvent, replay, type StudyState } from '../study/replay.js';

/**
 * The loop's picture of a study. Alone on a study (the journal's lock), it keeps the events it wrote
 * in memory and never re-reads the store; shared with other workers, it re-reads before every ask.
 */
export interface StudyView {
  /** The state as of now: re-read from the store when shared. */
  refresh(): Promise<StudyState>;
  /** The last known state plus what this process wrote since, without I/O. */
  snapshot(): StudyState;
  /** Note an event this process just appended. */
  record(event: StudyEvent): void;
}

export async function openStudyView(store: Store, study: string, shared: boolean): Promise<StudyView> {
  let events: StudyEvent[] = await store.readEvents(study);
  let cached: StudyState | null = null;
  const snapshot = (): StudyState => {
    if (cached === null) {
      cached = replay(events);
      if (cached === null) throw new RuntimeFailure(`study "${study}" does not exist in ${store.location}`);
    }
    return cached;
  };
  snapshot();
  return {
    async refresh() {
      if (shared) {
        events = await store.readEvents(study);
        cached = null;
      }
      return snapshot();
    },
    snapshot,
    record(event) {
      events.push(event);
      // applied in place: replaying the whole log on every ask would make a long study quadratic
      if (cached !== null) applyEvent(cached, event);
    },
  };
}
