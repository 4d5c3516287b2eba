import { describe, expect, it } from 'vitest';
import { createOptimizer, propose } from '../../src/engine/index.js';
import type { TrialRecord } from '../../src/study/types.js';
import { choice, constant, makeSpace, numeric, uniform } from './spaces.js';

describe('default TPE edge cases', () => {
  it('handles a space of constants only (every ask is the same configuration)', () => {
    const space = makeSpace([constant('epochs', 3)]);
    const opt = createOptimizer(space, { algo: 'tpe', seed: 0 });
    for (let i = 0; i < 12; i++) {
      const { id, params } = opt.ask();
      expect(params).toEqual({ epochs: 3 });
      opt.tell(id, i);
    }
  });

  it('keeps exploring space-fillingly while every trial fails', () => {
    const space = makeSpace([uniform('x', 0, 1)]);
    const opt = createOptimizer(space, { algo: 'tpe', seed: 0 });
    const xs = Array.from({ length: 16 }, () => {
      const { id, params, startup } = opt.ask();
      expect(startup).toBe(true);
      opt.tell(id, { state: 'failed', error: 'crash' });
      return Number(params.x);
    });
    // 16 Halton points cover every sixteenth of [0, 1) at least... nearly: no gap wider than 1/8.
    const sorted = [...xs].sort((a, b) => a - b);
    const gaps = sorted.slice(1).map((x, i) => x - (sorted[i] ?? 0));
    expect(Math.max(...gaps, sorted[0] ?? 0, 1 - (sorted.at(-1) ?? 1))).toBeLessThan(1 / 8);
  });

  it('tolerates a history written under an older space', () => {
    const space = makeSpace([
      numeric('lr', 'loguniform', { low: 1e-4, high: 1 }),
      choice('act', ['relu', 'tanh']),
      uniform('x', 0, 1),
    ]);
    const history: TrialRecord[] = Array.from({ length: 20 }, (_, id) => ({
      id,
      // Old trials: no `x`, an option that no longer exists, and a non-positive learning rate.
      params: id % 2 === 0 ? { lr: id === 0 ? 0 : 10 ** -(id % 4), act: id % 3 === 0 ? 'gelu' : 'relu' } : { lr: 0.01, act: 'tanh', x: id / 20 },
      state: 'complete',
      value: id,
    }));
    const next = propose(space, history, 20, { algo: 'tpe', seed: 0 });
    expect(next?.startup).toBe(false);
    expect(Number(next?.params.lr)).toBeGreaterThanOrEqual(1e-4);
    expect(['relu', 'tanh']).toContain(next?.params.act);
    expect(Number(next?.params.x)).toBeGreaterThanOrEqual(0);
  });

  it('ignores interrupted trials', () => {
    const space = makeSpace([uniform('x', 0, 1)]);
    const done: TrialRecord[] = Array.from({ length: 10 }, (_, id) => ({ id, params: { x: id / 10 }, state: 'complete', value: id }));
    const interrupted: TrialRecord = { id: 10, params: { x: 0.95 }, state: 'interrupted', value: null };
    expect(propose(space, [...done, interrupted], 11, { algo: 'tpe', seed: 1 })).toEqual(propose(space, done, 11, { algo: 'tpe', seed: 1 }));
  });
});
