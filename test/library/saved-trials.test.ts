// What trials() and best() hand a caller: plain copies that a continued optimizer reads as the first
// did. The GP's trials carry sampler 'gp' (the journal's records do), so a study continued with a
// larger budget does not go back to start-up trials after the GP began; best() is a copy, its curve
// too (a library user's audit).
import { describe, expect, it } from 'vitest';
import { createOptimizer, parseSpace, type TrialRecord } from '../../src/index.js';

const space = parseSpace('params:\n  x: uniform(-5, 5)\n  y: uniform(-5, 5)\n');
const bowl = (p: TrialRecord['params']): number => (Number(p.x) - 1) ** 2 + (Number(p.y) + 2) ** 2;

describe('saved trials and best()', () => {
  it("marks the GP's trials, and a study continued with a larger budget stays with the GP", () => {
    const opt = createOptimizer(space, { seed: 1, budget: 10 });
    const first: string[] = [];
    for (let i = 0; i < 7; i++) {
      const { id, params, sampler } = opt.ask();
      first.push(sampler);
      opt.tell(id, bowl(params));
    }
    expect(first).toEqual([...Array(5).fill('startup'), 'gp', 'gp']);
    expect(opt.trials().map((t) => t.sampler)).toEqual([...Array(5).fill(undefined), 'gp', 'gp']);
    const saved = JSON.parse(JSON.stringify(opt.trials())) as TrialRecord[];
    const again = createOptimizer(space, { seed: 1, budget: 30 }, saved);
    expect(again.ask().sampler).toBe('gp');
  });

  it("best() gives a copy: changing it changes neither the optimizer's curves nor a later best()", () => {
    const opt = createOptimizer(space, { algo: 'random', seed: 2, pruner: 'median' });
    const { id } = opt.ask();
    opt.report(id, 1, 3);
    opt.tell(id, 2);
    const best = opt.best();
    (best?.curve?.values as number[]).push(99);
    (best?.curve?.steps as number[]).push(2);
    expect(opt.best()?.curve).toEqual({ steps: [1], values: [3] });
    expect(opt.trials()[0]?.curve).toEqual({ steps: [1], values: [3] });
  });
});
