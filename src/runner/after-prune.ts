// A program keeps printing between the line that got it pruned and the moment SIGTERM lands: a fast
// one reached epoch 20 after a stop at epoch 3 (found by a user audit), and its trial was recorded as
// pruned at step 3 with epoch 20's value. Values read after the decision are held back: dropped when
// the trial stays pruned, passed on when the program had finished its full run before the signal
// landed (then it is a complete trial, run-trial.ts).
import type { MetricResult } from './metrics.js';

export interface AfterPrune {
  /** The pruner decided: values from now on are held. */
  decide(): void;
  /** Whether a value may go on now; false holds it. */
  passes(value: number, step: number): boolean;
  /** The held values, in order, for a trial that turned out complete. */
  held(): ReadonlyArray<{ value: number; step: number }>;
  /** The metric as it stood at the decision (the values read before it). */
  atDecision(metric: MetricResult): MetricResult;
  /**
   * The last step the program had reached when the signal landed: of the values read before the
   * decision or within RACE_MS of it (lines already on their way). Not the last step it printed: a
   * program that ignores SIGTERM and finishes its run within the kill grace was pruned, not complete
   * (a user audit found such trials recorded complete, with no trace of the prune).
   */
  stepAtSignal(): number;
}

/** How long after the decision a line may still have been printed before the signal landed. */
const RACE_MS = 250;

export function createAfterPrune(now: () => number = Date.now): AfterPrune {
  let read = 0;
  let decidedAt: number | null = null;
  let decidedMs = 0;
  let reached = 0;
  const held: Array<{ value: number; step: number }> = [];
  return {
    decide() {
      if (decidedAt !== null) return;
      decidedAt = read;
      decidedMs = now();
    },
    passes(value, step) {
      read += 1;
      if (decidedAt === null || now() - decidedMs <= RACE_MS) reached = Math.max(reached, step);
      if (decidedAt === null) return true;
      held.push({ value, step });
      return false;
    },
    held: () => held,
    stepAtSignal: () => reached,
    atDecision: (metric) => (decidedAt === null ? metric : { ...metric, intermediate: metric.intermediate.slice(0, decidedAt) }),
  };
}
