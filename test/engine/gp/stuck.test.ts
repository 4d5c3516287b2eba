// A run of asks stopped at one step beside each other (docs/pruning.md, "Asking again where the pruner
// stopped"): told apart from refining near stopped trials, and left by the next ask.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createOptimizer } from '../../../src/engine/optimizer.js';
import { encodeSpace } from '../../../src/engine/gp/encode.js';
import { stuckOnPruned } from '../../../src/engine/gp/stuck.js';
import type { Observation } from '../../../src/engine/observations.js';
import { parseSpace } from '../../../src/space/parse.js';
import type { TrialRecord } from '../../../src/study/types.js';

const space = parseSpace('metric: loss\nparams:\n  lr: loguniform(1e-4, 3)\n  l2: loguniform(1e-6, 0.1)\n  momentum: uniform(0, 0.99)\n  batch: choice(16, 64, 256)\n');

describe('stuckOnPruned', () => {
  const encoding = encodeSpace(space);
  const inv2 = [100, 100, 100, 1];
  const categorical = [0, 0, 0, 1];
  const row = (id: number, lr: number, state: Observation['state'], step: number, batch = 64): Observation => ({ id, params: { lr, l2: 0.1, momentum: 0, batch }, loss: 0.4, state, step, firstStep: 1 });
  const stuck = (observations: Observation[]): boolean => stuckOnPruned(observations, encoding, inv2, categorical, 3, 0.05);

  it('holds when the last three finished trials stopped at one step within the radius of the newest', () => {
    expect(stuck([row(0, 0.1, 'complete', 12), row(1, 0.0256, 'pruned', 1), row(2, 0.0257, 'pruned', 1), row(3, 0.0258, 'pruned', 1)])).toBe(true);
    // a running trial in between does not break the run
    expect(stuck([row(1, 0.0256, 'pruned', 1), row(2, 0.0257, 'pruned', 1), row(4, 0.5, 'running', 0), row(3, 0.0258, 'pruned', 1)])).toBe(true);
  });

  it('does not hold for other steps, a complete trial among them, fewer trials, another option or farther points', () => {
    expect(stuck([row(1, 0.0256, 'pruned', 1), row(2, 0.0257, 'pruned', 3), row(3, 0.0258, 'pruned', 1)])).toBe(false);
    expect(stuck([row(1, 0.0256, 'pruned', 1), row(2, 0.0257, 'complete', 12), row(3, 0.0258, 'pruned', 1)])).toBe(false);
    expect(stuck([row(2, 0.0257, 'pruned', 1), row(3, 0.0258, 'pruned', 1)])).toBe(false);
    expect(stuck([row(1, 0.0256, 'pruned', 1, 16), row(2, 0.0257, 'pruned', 1), row(3, 0.0258, 'pruned', 1)])).toBe(false);
    // lr 0.02 to 0.0258 is 2.5 % of the log range: 0.25 length scales at 10 per unit
    expect(stuck([row(1, 0.02, 'pruned', 1), row(2, 0.0257, 'pruned', 1), row(3, 0.0258, 'pruned', 1)])).toBe(false);
    expect(stuckOnPruned([row(1, 0.0256, 'pruned', 1), row(2, 0.0257, 'pruned', 1), row(3, 0.0258, 'pruned', 1)], encoding, inv2, categorical, 0, 0.05)).toBe(false);
  });
});

describe('auto under asha, asked beside three copies the pruner stopped at epoch 1', () => {
  // a logistic regression by SGD (12 epochs; asha): trial 9 and its copies 10-12 stopped at epoch 1,
  // and without the rule the GP went on asking there until trial 28
  const history = JSON.parse(readFileSync(new URL('../../fixtures/pruned-copies-history.json', import.meta.url), 'utf8')) as TrialRecord[];
  const logLr = (params: Record<string, unknown>): number => Math.log(params['lr'] as number);
  const range = Math.log(3 / 1e-4);

  it('asks elsewhere, where the same ask without the rule repeats them', () => {
    const ask = (gp: { stuckAfter?: number }): Record<string, unknown> => createOptimizer(space, { algo: 'auto', pruner: 'asha', seed: 4, gp }, history).ask().params;
    const copies = history.slice(9);
    const nearest = (params: Record<string, unknown>): number => Math.min(...copies.map((t) => Math.abs(logLr(t.params) - logLr(params)) / range));
    expect(nearest(ask({ stuckAfter: 0 }))).toBeLessThan(0.01);
    expect(nearest(ask({}))).toBeGreaterThan(0.02);
  });
});
