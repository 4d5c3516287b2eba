// Under a pruner each value is stored, then judged, so that other workers' pruners see it. One write
// and one judgement per value fell behind a program that reports every batch: a decision about step
// 2,229 came when it had printed step 10,194 (a user audit). A value that comes while a write is on its
// way now waits for the next one, which takes every value waiting, and one judgement follows each
// write, of the trial's curve as stored then: the pruners judge the whole curve, so none is skipped.
import type { TrialEvent } from '../study/events.js';
import type { TrialWriter } from './trial-writer.js';
import type { Verdict } from './judge.js';

export interface JudgedWrites {
  /** Stores the value (now, or with the next write) and judges the trial once it is stored. */
  add(event: TrialEvent & { type: 'trial_intermediate' }): void;
  /** The run ended: values still waiting go with the trial's last write, unjudged. */
  drain(): void;
}

/**
 * `judge` runs after each write; `decided(verdict, outrun)` hears a decision to stop, `outrun` when the
 * program had reported past the last value of that write, or that write held several values.
 */
export function createJudgedWrites(
  writer: TrialWriter,
  judge: () => Promise<Verdict | null>,
  reached: () => number,
  stopped: () => boolean,
  decided: (verdict: Verdict, outrun: boolean) => void,
): JudgedWrites {
  let busy = false;
  let waiting: Array<TrialEvent & { type: 'trial_intermediate' }> = [];
  const next = (): void => {
    const batch = waiting;
    waiting = [];
    const last = batch.at(-1);
    if (last === undefined) return;
    busy = true;
    for (const event of batch.slice(0, -1)) writer.later(event);
    void writer
      .now(last)
      .then(() => (stopped() ? null : judge()))
      .then((verdict) => verdict !== null && decided(verdict, reached() > (last.step ?? 0) || batch.length > 1))
      .catch(() => undefined)
      .finally(() => {
        busy = false;
        next();
      });
  };
  return {
    add(event) {
      waiting.push(event);
      if (!busy) next();
    },
    drain() {
      for (const event of waiting) writer.later(event);
      waiting = [];
    },
  };
}
