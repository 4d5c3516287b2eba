import { describe, expect, it } from 'vitest';
import { NO_STOP_RULE, stopRuleMet, stopRuleText, type StopRule } from '../../src/study/stop-rule.js';
import type { Trial, TrialState } from '../../src/study/types.js';

/** A trial that finished at `finishedAt` (ms) with `value`; running trials have no finish. */
function trial(id: number, state: TrialState, value: number | null, finishedAt: number | null = id * 10): Trial {
  return {
    id, params: {}, state, value, intermediate: [], steps: [], startup: false, sampler: 'tpe',
    askedAt: 0, startedAt: 0, finishedAt: state === 'running' ? null : finishedAt, exitCode: null, error: null, worker: 'w', heartbeatAt: null, external: false,
  };
}

const rule = (over: Partial<StopRule>): StopRule => ({ ...NO_STOP_RULE, ...over });
const values = (list: readonly number[]): Trial[] => list.map((v, id) => trial(id, 'complete', v));

describe('stopRuleMet: a value reached (hyperopt loss_threshold)', () => {
  it('stops at the first trial at or below the value when minimizing, and only then', () => {
    expect(stopRuleMet(values([0.9, 0.5, 0.11]), 'minimize', rule({ at: 0.1 }))).toBeNull();
    expect(stopRuleMet(values([0.9, 0.5, 0.1, 0.05]), 'minimize', rule({ at: 0.1 }))).toEqual({ rule: 'at', trial: 2, value: 0.1 });
  });

  it('reads at or above when maximizing', () => {
    expect(stopRuleMet(values([0.5, 0.97, 0.99]), 'maximize', rule({ at: 0.98 }))).toEqual({ rule: 'at', trial: 2, value: 0.99 });
    expect(stopRuleMet(values([0.5, 0.97]), 'maximize', rule({ at: 0.98 }))).toBeNull();
  });

  it("takes no pruned trial's last value, failed or running trial as reaching it", () => {
    const trials = [trial(0, 'pruned', 0.01), trial(1, 'failed', null), trial(2, 'running', null), trial(3, 'complete', 0.5)];
    expect(stopRuleMet(trials, 'minimize', rule({ at: 0.1 }))).toBeNull();
  });
});

describe('stopRuleMet: trials without progress (hyperopt no_progress_loss, Keras patience)', () => {
  it('counts the finished trials after the last improvement, failed and pruned ones too', () => {
    // best 0.3 at trial 1; then 0.4, a failure, a pruned trial: three without progress
    const trials = [trial(0, 'complete', 0.5), trial(1, 'complete', 0.3), trial(2, 'complete', 0.4), trial(3, 'failed', null), trial(4, 'pruned', 0.2)];
    expect(stopRuleMet(trials, 'minimize', rule({ patience: 4 }))).toBeNull();
    expect(stopRuleMet(trials, 'minimize', rule({ patience: 3 }))).toEqual({ rule: 'patience', trial: 1, value: 0.3, since: 3 });
  });

  it('counts an improvement only when it beats the best by more than min_delta', () => {
    // 1.0, then 0.995 and 0.991: better, but by less than 0.01 each time
    const trials = values([1.0, 0.995, 0.991, 0.95]);
    expect(stopRuleMet(trials.slice(0, 3), 'minimize', rule({ patience: 2, minDelta: 0.01 }))).toEqual({ rule: 'patience', trial: 0, value: 1.0, since: 2 });
    expect(stopRuleMet(trials.slice(0, 3), 'minimize', rule({ patience: 2 }))).toBeNull();
    // 0.95 is 0.05 better than 1.0: progress again
    expect(stopRuleMet(trials, 'minimize', rule({ patience: 2, minDelta: 0.01 }))).toBeNull();
  });

  it('reads progress upwards when maximizing', () => {
    expect(stopRuleMet(values([0.8, 0.9, 0.85, 0.7]), 'maximize', rule({ patience: 2 }))).toEqual({ rule: 'patience', trial: 1, value: 0.9, since: 2 });
  });

  it('goes by the order the trials finished, not their ids (parallel trials end out of order)', () => {
    // trial 0 ran long and ended last with the best value: progress came last
    const trials = [trial(0, 'complete', 0.1, 100), trial(1, 'complete', 0.5, 10), trial(2, 'complete', 0.6, 20), trial(3, 'complete', 0.7, 30)];
    expect(stopRuleMet(trials, 'minimize', rule({ patience: 2 }))).toBeNull();
    expect(stopRuleMet(trials.slice(1), 'minimize', rule({ patience: 2 }))).toEqual({ rule: 'patience', trial: 1, value: 0.5, since: 2 });
  });

  it('starts counting at the first complete trial: failures before it are --max-failures to judge', () => {
    const trials = [trial(0, 'failed', null), trial(1, 'failed', null), trial(2, 'failed', null)];
    expect(stopRuleMet(trials, 'minimize', rule({ patience: 2 }))).toBeNull();
  });

  it('never stops without a rule', () => {
    expect(stopRuleMet(values([1, 1, 1, 1, 1]), 'minimize', NO_STOP_RULE)).toBeNull();
  });
});

describe('stopRuleText', () => {
  it('names the trial, the value and the rule', () => {
    expect(stopRuleText({ rule: 'at', trial: 4, value: 0.0000694877557 }, rule({ at: 0.05 }), 'loss')).toBe('trial 4 reached loss 0.0000694878 (stop at 0.05)');
    expect(stopRuleText({ rule: 'patience', trial: 1, value: 0.3, since: 3 }, rule({ patience: 3, minDelta: 0.01 }), 'val_loss')).toBe(
      "3 trials in a row did not improve on trial 1's val_loss 0.3 by more than 0.01 (patience 3)",
    );
  });
});
