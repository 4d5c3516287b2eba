// A study told it ends within 10 trials (`budget`, what `--trials` tells a run) starts the GP after
// 5 start-up trials (4 on one parameter): 8 would leave a 10-trial study two proposals of the model
// (docs/gp.md, "Start-up trials").
import { describe, expect, it } from 'vitest';
import { createOptimizer } from '../../../src/engine/index.js';
import type { OptimizerOptions } from '../../../src/engine/index.js';
import { startupCount } from '../../../src/engine/gp/model.js';
import { resolveGp } from '../../../src/engine/gp/settings.js';
import type { Config, Space } from '../../../src/space/types.js';
import { uniformSpace } from '../spaces.js';

const bowl = (p: Config): number => Object.values(p).reduce<number>((sum, v) => sum + (Number(v) - 0.3) ** 2, 0);
const box = (d: number): Space => uniformSpace(Array.from({ length: d }, (_, k) => [`x${k}`, -1, 1] as [string, number, number]));

function samplers(space: Space, options: OptimizerOptions, trials: number): string[] {
  const opt = createOptimizer(space, options);
  const out: string[] = [];
  for (let i = 0; i < trials; i++) {
    const { id, params, sampler } = opt.ask();
    out.push(sampler);
    opt.tell(id, bowl(params));
  }
  return out;
}

describe("the GP's start-up in a short study", () => {
  it('is 5 trials, 4 on one parameter, when the budget is at most 10; 8 otherwise', () => {
    const s = resolveGp();
    expect([1, 2, 3, 4, 5, 12, 64].map((d) => startupCount(s, d, 10))).toEqual([4, 5, 5, 5, 5, 5, 5]);
    expect([1, 2, 4].map((d) => startupCount(s, d, 11))).toEqual([8, 8, 8]);
    expect(startupCount(s, 2, undefined)).toBe(8);
    expect(startupCount(s, 2, 3)).toBe(5);
    // a start-up count given is kept whatever the budget; shortBudget 0 turns the rule off
    expect(startupCount(resolveGp({ startupTrials: 8 }), 2, 10)).toBe(8);
    expect(startupCount(resolveGp({ startupTrials: 3 }), 2, 10)).toBe(3);
    expect(startupCount(resolveGp({ shortBudget: 0 }), 2, 10)).toBe(8);
    expect(startupCount(resolveGp({ shortBudget: 20 }), 2, 20)).toBe(5);
  });

  it('proposes with the GP from trial 5 on, under gp and under auto', () => {
    const two = box(2);
    expect(samplers(two, { algo: 'gp', seed: 3, budget: 10 }, 10)).toEqual([...Array(5).fill('startup'), ...Array(5).fill('gp')]);
    expect(samplers(two, { algo: 'auto', seed: 3, budget: 10 }, 10)).toEqual([...Array(5).fill('startup'), ...Array(5).fill('gp')]);
    expect(samplers(two, { algo: 'auto', seed: 3, budget: 11 }, 10)).toEqual([...Array(8).fill('startup'), 'gp', 'gp']);
    expect(samplers(two, { algo: 'auto', seed: 3 }, 10)).toEqual([...Array(8).fill('startup'), 'gp', 'gp']);
    expect(samplers(box(6), { algo: 'auto', seed: 3, budget: 10 }, 10)).toEqual([...Array(5).fill('startup'), ...Array(5).fill('gp')]);
    expect(samplers(box(1), { algo: 'auto', seed: 3, budget: 6 }, 6)).toEqual([...Array(4).fill('startup'), 'gp', 'gp']);
  });

  it('draws the same start-up points as a longer study, so a short study is its beginning up to the first model proposal', () => {
    const space = box(3);
    const short = createOptimizer(space, { seed: 7, budget: 10 });
    const long = createOptimizer(space, { seed: 7 });
    for (let i = 0; i < 6; i++) {
      const [a, b] = [short.ask(), long.ask()];
      if (i < 5) expect(a.params).toEqual(b.params);
      expect([a.sampler, b.sampler]).toEqual(i < 5 ? ['startup', 'startup'] : ['gp', 'startup']);
      short.tell(a.id, bowl(a.params));
      long.tell(b.id, bowl(b.params));
    }
  });

  it('stays with the GP once it has proposed, when the budget is raised past the short one (a user audit: start-up trial 7 among GP trials)', () => {
    const space = box(2);
    const short = createOptimizer(space, { algo: 'auto', seed: 3, budget: 7 });
    for (let i = 0; i < 7; i++) {
      const { id, params } = short.ask();
      short.tell(id, bowl(params));
    }
    // the study as the journal gives it back: each trial with what proposed it
    const asked = samplers(space, { algo: 'auto', seed: 3, budget: 7 }, 7);
    expect(asked).toEqual([...Array(5).fill('startup'), 'gp', 'gp']);
    const history = short.trials().map((t, i) => ({ ...t, sampler: asked[i] as 'startup' | 'gp' }));
    const raised = createOptimizer(space, { algo: 'auto', seed: 3, budget: 14 }, history);
    expect(raised.ask().sampler).toBe('gp');
    // without the record of what proposed them (an old journal), the raised budget's 8 start-up trials as before
    const unmarked = short.trials().map((t) => ({ ...t, sampler: null }));
    expect(createOptimizer(space, { algo: 'auto', seed: 3, budget: 14 }, unmarked).ask().sampler).toBe('startup');
    // the library's own trials() carry the mark (they did not; a library user's audit)
    expect(createOptimizer(space, { algo: 'auto', seed: 3, budget: 14 }, short.trials()).ask().sampler).toBe('gp');
  });

  it('refuses a budget, a shortBudget or a start-up count that is not a whole number of trials, and a normal span out of range', () => {
    expect(() => createOptimizer(box(2), { budget: 0 })).toThrow(/budget is the study's number of trials, a whole number >= 1 \(got 0\)/);
    expect(() => createOptimizer(box(2), { budget: 2.5 })).toThrow(/budget/);
    expect(() => createOptimizer(box(2), { gp: { shortBudget: -1 } })).toThrow(/gp.shortBudget must be a whole number of trials >= 0 \(got -1\)/);
    // and a normal family's span, which 0 would divide by (docs/gp.md, "Normal families")
    expect(() => createOptimizer(box(2), { gp: { normalSpan: 0 } })).toThrow(/gp.normalSpan is how many standard deviations a normal family's input reaches, above 0 and at most 8 \(got 0\)/);
    expect(() => createOptimizer(box(2), { gp: { startupTrials: 1.5 } })).toThrow(/gp.startupTrials must be a whole number >= 0/);
  });
});
