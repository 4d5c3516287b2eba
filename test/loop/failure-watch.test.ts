import { describe, expect, it } from 'vitest';
import { createFailureWatch } from '../../src/loop/retries.js';
import type { TrialOutcome } from '../../src/runner/index.js';

const outcome = (over: Partial<TrialOutcome>): TrialOutcome => ({ state: 'failed', value: null, intermediate: [], exitCode: 0, signal: null, timedOut: false, durationS: 1, error: 'no line matched "loss: <number>"', ...over });
const silent = outcome({});
const complete = outcome({ state: 'complete', value: 0.5, intermediate: [0.5], error: null });
const crashed = outcome({ exitCode: 3, error: 'exited with code 3', crashed: true });

describe('the failure watch: a metric never printed', () => {
  it('stops after two trials in a row that ran to their end without it, while no trial has shown a value', () => {
    const watch = createFailureWatch({ retries: 0, maxFailures: 5 }, () => false);
    expect(watch.after(0, silent).failures).toBeNull();
    expect(watch.after(1, silent).failures).toMatch(/^two trials in a row ran to their end \(exit code 0\) without printing the metric, .*; the last: trial 1: no line matched/);
  });

  it('runs on where a program prints it for some configurations only, or another trial has shown it (a re-audit)', () => {
    const some = createFailureWatch({ retries: 0, maxFailures: 5 }, () => false);
    expect([some.after(0, silent), some.after(1, crashed), some.after(2, silent)].map((a) => a.failures)).toEqual([null, null, null]);
    const seen = createFailureWatch({ retries: 0, maxFailures: 5 }, () => true);
    expect([seen.after(0, silent), seen.after(1, silent)].map((a) => a.failures)).toEqual([null, null]);
    // --max-failures 0: never stops
    const never = createFailureWatch({ retries: 0, maxFailures: 0 }, () => false);
    expect([never.after(0, silent), never.after(1, silent), never.after(2, silent)].map((a) => a.failures)).toEqual([null, null, null]);
    // complete trials between: the count starts again
    const between = createFailureWatch({ retries: 0, maxFailures: 5 }, () => false);
    expect([between.after(0, silent), between.after(1, complete), between.after(2, silent)].map((a) => a.failures)).toEqual([null, null, null]);
  });
});
