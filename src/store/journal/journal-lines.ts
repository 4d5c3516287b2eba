import type { StudyEvent, StudyMeta } from '../../study/events.js';
import { applyEvent, type StudyState } from '../../study/replay.js';
import { decodeEvent } from '../event-codec.js';
import { isTornOrForeign } from './line-kinds.js';

const NEWLINE = 0x0a;
const MAX_DAMAGED_SHOWN = 5;

/**
 * What the complete lines of one journal read so far say: the events in order, the study's meta, the
 * next trial id, which trials were re-run, and the lines that did not parse. JournalFile feeds it the
 * bytes it reads; only newline-terminated lines are consumed, so a record being written right now,
 * or a torn tail, is never half-read.
 */
export class JournalLines {
  events: StudyEvent[] = [];
  meta: StudyMeta | null = null;
  nextTrialId = 0;
  readonly retried = new Set<number>();
  /** The state `events` replay to, as far as `applied` of them (brought up to date by `state`). */
  private replayed: StudyState | null = null;
  private applied = 0;
  /** Complete lines read so far (for line numbers). */
  private lineCount = 0;
  /** Lines that are neither a record nor a torn one (see `take`): the first few, with their numbers. */
  readonly damaged: Array<{ line: number; text: string }> = [];
  damagedCount = 0;

  /**
   * What the events read so far replay to, kept and brought up to date with the events read since: the
   * writes decided under the append lock read it, and replaying the whole log there held the lock for
   * seconds in a long study (a tell of a 20,000-trial study: 0.2-4 s). Do not mutate.
   */
  get state(): StudyState | null {
    for (; this.applied < this.events.length; this.applied += 1) {
      const event = this.events[this.applied];
      if (event !== undefined) this.replayed = applyEvent(this.replayed, event);
    }
    return this.replayed;
  }

  reset(): void {
    this.events = [];
    this.replayed = null;
    this.applied = 0;
    this.meta = null;
    this.nextTrialId = 0;
    this.retried.clear();
    this.lineCount = 0;
    this.damaged.length = 0;
    this.damagedCount = 0;
  }

  /** Take the complete lines of `chunk`; returns how many bytes they were (the rest waits for more). */
  consume(chunk: Buffer): number {
    const end = chunk.lastIndexOf(NEWLINE);
    if (end < 0) return 0;
    let start = 0;
    while (start <= end) {
      const stop = chunk.indexOf(NEWLINE, start);
      this.lineCount += 1;
      if (stop > start) this.take(chunk.toString('utf8', start, stop));
      start = stop + 1;
    }
    return end + 1;
  }

  private take(line: string): void {
    const event = decodeEvent(line);
    if (event === null) {
      // a torn record from a crash is skipped quietly; anything else is damage worth saying
      if (!isTornOrForeign(line)) {
        this.damagedCount += 1;
        if (this.damaged.length < MAX_DAMAGED_SHOWN) this.damaged.push({ line: this.lineCount, text: line.slice(0, 120) });
      }
      return;
    }
    this.events.push(event);
    if (event.type === 'study_created' && this.meta === null) this.meta = event.meta;
    if (event.type === 'trial_enqueued') this.nextTrialId = Math.max(this.nextTrialId, event.id + 1);
    if (event.type === 'trial_asked') {
      this.nextTrialId = Math.max(this.nextTrialId, event.id + 1);
      if (event.retryOf !== null) this.retried.add(event.retryOf);
    }
  }
}
