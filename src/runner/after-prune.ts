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
}

export function createAfterPrune(): AfterPrune {
  let read = 0;
  let decidedAt: number | null = null;
  const held: Array<{ value: number; step: number }> = [];
  return {
    decide() {
      decidedAt ??= read;
    },
    passes(value, step) {
      read += 1;
      if (decidedAt === null) return true;
      held.push({ value, step });
      return false;
    },
    held: () => held,
    atDecision: (metric) => (decidedAt === null ? metric : { ...metric, intermediate: metric.intermediate.slice(0, decidedAt) }),
  };
}
