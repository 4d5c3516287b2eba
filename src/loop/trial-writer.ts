import { StudyGoneError, type OutputStream, type Store, type TrialWrite } from '../store/types.js';
import type { TrialEvent } from '../study/events.js';
import type { KeepOutput } from './settings.js';
import { createOutputKeeper, type OutputChunk } from './trial-output.js';

/**
 * A running trial's writes to the store, in batches (issue 14). What no one else needs at once waits
 * for the next write: the start (the trial is known running from its ask, whose time is its first
 * heartbeat) and intermediate values no pruner judges. A heartbeat, a value a pruner must judge (the
 * other workers' pruners read the curves from the store) and the finish are written at once, each
 * together with whatever waited and the output gathered since the last write: one round trip on
 * PostgreSQL (Store.appendBatch) where there were one per event and one per output chunk. A trial of
 * a few seconds is one write at its end.
 */
export interface TrialWriter {
  /** Stored with the next write (at the latest the next heartbeat). */
  later(event: TrialEvent): void;
  /** Stored now, with whatever waited (and after it); resolves once it is in the store. */
  now(event: TrialEvent): Promise<void>;
  output(stream: OutputStream, line: string): void;
  /** The last write: whatever waited, the rest of the output (the kept tail), and the finish. */
  finish(event: TrialEvent): Promise<void>;
  /** Whether another worker took the trial over: the store kept nothing of this run since. */
  takenOver(): boolean;
}

export function createTrialWriter(
  store: Store,
  study: string,
  trialId: number,
  keep: KeepOutput,
  /** Hears every event once it is stored (the loop's view of the study). */
  record: (event: TrialEvent) => void,
  /** Hears once that the store no longer holds the trial running: another worker took it over, or (`why`) the study is gone. */
  lost: (why?: string) => void = () => undefined,
): TrialWriter {
  let gone = false;
  let waiting: TrialEvent[] = [];
  let chain: Promise<void> = Promise.resolve();
  const write = (event: TrialEvent | null, final: boolean): Promise<void> => {
    // in order, each batch on its own: a heartbeat that failed must not take the finish down with it
    chain = chain.catch(() => undefined).then(async () => {
      // taken when the batch goes out, so that what came while the last one was on its way goes too
      const events = event === null ? waiting : [...waiting, event];
      waiting = [];
      const taken = final ? keeper.takeFinal() : keeper.take();
      const chunks = [...lostMarks(), ...taken];
      // the output first: a reader who sees the trial finished finds all of it
      const writes: TrialWrite[] = [...chunks.map((chunk) => ({ output: { trialId, ...chunk } })), ...events.map((e) => ({ event: e }))];
      if (writes.length === 0) return;
      const notRunning = await store.appendBatch(study, writes).catch((error: unknown) => {
        // a batch refused on the way (a disk full for a moment) lost its values and output without a word,
        // the trial later recorded complete with a hole in its curve (a fault audit): its events go with
        // the next batch, unless the store holds them already, and a line marks the output it held
        if (!(error instanceof StudyGoneError) && !final) requeue(events, taken, error);
        // the study was removed (and perhaps made again) while the trial ran: nothing more of it is the study's
        if (!(error instanceof StudyGoneError)) throw error;
        if (!gone) lost(error.message);
        gone = true;
        return [trialId];
      });
      // the trial can only have been finished by a take-over (reclaim.ts): the store took none of this
      // batch's events, the finish included, and the run here is not the trial any more
      if (notRunning.includes(trialId)) {
        if (!gone) lost();
        gone = true;
        return;
      }
      dropped.stdout = 0;
      dropped.stderr = 0;
      for (const stored of events) record(stored);
    });
    return chain;
  };
  const dropped = { stdout: 0, stderr: 0, code: '' };
  const requeue = (events: TrialEvent[], taken: OutputChunk[], error: unknown): void => {
    // stored already (PostgreSQL, whose local copy failed after the commit): the store has it all
    if ((error as { eventsStored?: unknown } | null)?.eventsStored === true) return;
    waiting = [...events, ...waiting];
    dropped.code = (error as NodeJS.ErrnoException | null)?.code ?? 'refused';
    for (const { stream, text } of taken) dropped[stream] += text.split('\n').length - 1;
  };
  const lostMarks = (): OutputChunk[] =>
    (['stdout', 'stderr'] as const).filter((stream) => dropped[stream] > 0).map((stream) => ({ stream, text: `[hypertune: ${dropped[stream]} lines of output could not be written here (${dropped.code})]\n` }));
  // a chatty program's output goes out before it piles up
  const keeper = createOutputKeeper(keep, () => void write(null, false).catch(() => undefined));
  // where writes are cheap (the journal), what waits goes out within store.writeSoonMs, not the next heartbeat
  let soon: NodeJS.Timeout | null = null;
  const writeSoon = (): void => {
    if (soon !== null || store.writeSoonMs === undefined) return;
    soon = setTimeout(() => {
      soon = null;
      void write(null, false).catch(() => undefined);
    }, store.writeSoonMs);
    soon.unref();
  };
  return {
    later: (event) => {
      waiting.push(event);
      writeSoon();
    },
    // in line now, behind what waits: a batch still on its way when a judged value came let later values
    // pass it, and PostgreSQL kept a curve's steps as 1..5, 7, 8, 6 (a kill -9 campaign)
    now: (event) => {
      waiting.push(event);
      return write(null, false);
    },
    output: (stream, line) => {
      keeper.add(stream, line);
      writeSoon();
    },
    finish: (event) => {
      if (soon !== null) clearTimeout(soon);
      soon = null;
      return write(event, true);
    },
    takenOver: () => gone,
  };
}
