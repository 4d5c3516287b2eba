// A converged TPE draws from the prior now and then, when asked to (docs/tpe.md, "Known limits", Needles).
import { describe, expect, it } from 'vitest';
import { createOptimizer } from '../../src/engine/index.js';
import { staleFor } from '../../src/engine/tpe/stale.js';
import { uniformSpace } from './spaces.js';
import type { Observation } from '../../src/engine/observations.js';

const done = (id: number, loss: number): Observation => ({ id, params: { x: id }, loss, state: 'complete', step: 0, firstStep: 0 });

describe('how long a search has been stale', () => {
  it('counts asks since the last improvement larger than the tolerance times (median - best)', () => {
    // losses 10, 5, 4.99, 4.98, 9, 8 (ids 0..5): the (lower) median 5, best 4.98
    const history = [done(0, 10), done(1, 5), done(2, 4.99), done(3, 4.98), done(4, 9), done(5, 8)];
    // spread = 5 - 4.98 = 0.02; tolerance 1: a margin of 0.02, so 4.99 and 4.98 (0.01 better each) do not count
    expect(staleFor(history, 6, 1)).toBe(5);
    // tolerance 0.1: a margin of 0.002, both count; the last improvement is trial 3
    expect(staleFor(history, 6, 0.1)).toBe(3);
    expect(staleFor(history, 20, 0.1)).toBe(17);
  });

  it('ignores failed, running and pruned trials and trials asked later, and is 0 with nothing complete', () => {
    const failed: Observation = { ...done(2, Infinity), state: 'failed' };
    const running: Observation = { ...done(3, Infinity), state: 'running' };
    expect(staleFor([failed, running], 5, 0.01)).toBe(0);
    expect(staleFor([done(0, 1), failed, running, done(4, 0.5)], 4, 0.01)).toBe(4);
    expect(staleFor([done(0, 1), failed, running, done(4, 0.5)], 6, 0.01)).toBe(2);
  });
});

describe('staleExplore (off by default)', () => {
  it('turns every other ask of a stale search into a draw from the prior, flagged as start-up', () => {
    // a flat loss never improves: from the 10th ask after the first complete trial on, the search is stale
    const run = (staleExplore: { stale: number; every: number } | undefined): number[] => {
      const opt = createOptimizer(uniformSpace([['x', 0, 1]]), { algo: 'tpe', seed: 3, tpe: { exploreEvery: 0, ...(staleExplore ? { staleExplore } : {}) } });
      const flagged: number[] = [];
      for (let i = 0; i < 30; i++) {
        const { id, startup } = opt.ask();
        if (startup && id >= 8) flagged.push(id);
        opt.tell(id, 1);
      }
      return flagged;
    };
    expect(run(undefined)).toEqual([]);
    expect(run({ stale: 10, every: 2 })).toEqual([10, 12, 14, 16, 18, 20, 22, 24, 26, 28]);
  });
});
