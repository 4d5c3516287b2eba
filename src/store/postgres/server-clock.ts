// The database server's clock, read through this machine's. Workers on several machines stamp and
// compare a shared study's times (heartbeats, trial spans, the time budget) on it, so their own
// clocks need not agree: a worker ten minutes fast would otherwise find every other worker's
// heartbeat ten minutes old and take over their live trials.
import type pg from 'pg';

/** Clocks drift, and NTP steps them: the offset is measured again this often, in the background. */
const REMEASURE_MS = 5 * 60_000;
/** After a failed measurement (the server away), the next is tried this much later, not at every reading. */
const RETRY_MS = 30_000;
/** A new measurement replaces the offset only when it moved more than this (a drift or a step, not jitter). */
const MOVED_MS = 250;
/** Round trips per measurement; the shortest one bounds the error best. */
const SAMPLES = 3;

export class ServerClock {
  /** Server time minus this machine's, in ms. */
  private offsetMs = 0;
  private measuredAt = Number.NEGATIVE_INFINITY;
  private pending: Promise<void> | null = null;

  constructor(private readonly pool: pg.Pool) {}

  /** The offset from the shortest of SAMPLES round trips: the server read the time halfway through it. */
  async measure(): Promise<void> {
    let shortest = Number.POSITIVE_INFINITY;
    let offset = this.offsetMs;
    for (let i = 0; i < SAMPLES; i++) {
      const sent = Date.now();
      const result = await this.pool.query<{ ms: string }>('SELECT (extract(epoch FROM clock_timestamp()) * 1000)::text AS ms');
      const received = Date.now();
      const server = Number(result.rows[0]?.ms);
      if (Number.isFinite(server) && received - sent < shortest) {
        shortest = received - sent;
        offset = server - (sent + received) / 2;
      }
    }
    const first = this.measuredAt === Number.NEGATIVE_INFINITY;
    if (first || Math.abs(offset - this.offsetMs) > MOVED_MS) this.offsetMs = offset;
    this.measuredAt = Date.now();
  }

  /** The server's time now (ms since the epoch), without a round trip. */
  now(): number {
    const local = Date.now();
    if (local - this.measuredAt > REMEASURE_MS && this.pending === null) {
      // a lost connection only delays the next measurement (tried again in RETRY_MS); the last offset stays meanwhile
      this.pending = this.measure()
        .catch(() => {
          this.measuredAt = Date.now() - REMEASURE_MS + RETRY_MS;
        })
        .finally(() => {
          this.pending = null;
        });
    }
    return Math.round(local + this.offsetMs);
  }

  /** Waits for a measurement under way, so that the pool can be closed under it. */
  async settled(): Promise<void> {
    await this.pending;
  }
}
