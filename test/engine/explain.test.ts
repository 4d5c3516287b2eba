import { describe, expect, it } from 'vitest';
import { createOptimizer, explainParameter, explainProposal, propose } from '../../src/engine/index.js';
import type { OptimizerOptions } from '../../src/engine/index.js';
import type { Config } from '../../src/space/types.js';
import { choice, makeSpace, numeric, uniformSpace } from './spaces.js';
import { parseSpace } from '../../src/space/parse.js';

const square = uniformSpace([['x', -5, 5], ['y', -5, 5]]);

function history(options: OptimizerOptions, n: number, space = square, f = (p: Config) => Number(p.x) ** 2 + Number(p.y) ** 2) {
  const opt = createOptimizer(space, options);
  for (let i = 0; i < n; i++) {
    const { id, params } = opt.ask();
    opt.tell(id, f(params));
  }
  return opt.trials();
}

describe.each<[string, OptimizerOptions]>([
  ['default tpe', { algo: 'tpe', seed: 7 }],
  ['hyperopt preset', { algo: 'tpe', seed: 7, tpe: { preset: 'hyperopt' } }],
])('explain (%s)', (_, options) => {
  const past = history(options, 30);

  it('is the very computation propose uses', () => {
    const trace = explainProposal(square, past, options);
    expect(trace.params).toEqual(propose(square, past, 30, options)?.params);
    const x = explainParameter(square, past, 'x', options);
    expect(x?.candidates[x.chosen]?.value).toBe(trace.params.x);
  });

  it('gives good and bad points, densities and scored candidates', () => {
    const x = explainParameter(square, past, 'x', options);
    expect(x).not.toBeNull();
    if (x === null) return;
    expect(x.below.length).toBeGreaterThan(0);
    expect(x.below.length + x.above.length).toBe(30);
    expect(x.candidates.length).toBe(24);
    const best = Math.max(...x.candidates.map((c) => c.score));
    expect(x.candidates[x.chosen]?.score).toBe(best);
    // l(x) is higher near the good points (the optimum is 0) than far away.
    expect(x.logL(0.2)).toBeGreaterThan(x.logL(4.8));
    expect(x.logG(4.8) - x.logL(4.8)).toBeGreaterThan(x.logG(0.2) - x.logL(0.2));
  });
});

describe('hyperopt preset', () => {
  it('uses 20 random start-up trials and a good group of ceil(0.25 sqrt(n)) trials', () => {
    const options: OptimizerOptions = { seed: 4, tpe: { preset: 'hyperopt' } };
    expect(explainProposal(square, history(options, 19), options).startup).toBe(true);
    expect(explainProposal(square, history(options, 20), options).startup).toBe(false);
    expect(explainParameter(square, history(options, 30), 'x', options)?.below.length).toBe(2);
    expect(explainParameter(square, history(options, 65), 'x', options)?.below.length).toBe(3);
  });
});

describe('hyperopt preset, log families', () => {
  it("draws l(x) and g(x) over log x, as the default TPE's: l peaks at the good trials, not at the range's low end (a user audit)", () => {
    const space = parseSpace('params:\n  lr: loguniform(1e-5, 1)\n');
    const options: OptimizerOptions = { seed: 3, tpe: { preset: 'hyperopt' } };
    const past = history(options, 40, space, (p) => (Math.log10(Number(p.lr)) + 2.5) ** 2);
    const lr = explainParameter(space, past, 'lr', options);
    expect(lr?.logScale).toBe(true);
    if (lr === null || lr === undefined) return;
    const grid = Array.from({ length: 201 }, (_, i) => 10 ** (-5 + (5 * i) / 200));
    const peak = grid.reduce((a, b) => (lr.logL(b) > lr.logL(a) ? b : a));
    const good = lr.below.map(Number);
    expect(peak).toBeGreaterThan(Math.min(...good) / 3);
    expect(peak).toBeLessThan(Math.max(...good) * 3);
    // a density over ln x: its integral over the range is at most 1, and most of it
    const mass = grid.slice(1).reduce((sum, x, i) => sum + Math.exp(lr.logL(x)) * Math.log(x / (grid[i] as number)), 0);
    expect(mass).toBeGreaterThan(0.5);
    expect(mass).toBeLessThan(1.01);
    // the score, and so the pick, is what it was: the log x cancels
    for (const c of lr.candidates) expect(lr.logL(c.value) - lr.logG(c.value)).toBeCloseTo(c.score, 9);
  });
});

describe('explain', () => {
  it('is null during start-up and for labels not active in the proposal', () => {
    expect(explainParameter(square, history({ seed: 1 }, 3), 'x', { seed: 1 })).toBeNull();
    const space = makeSpace([choice('model', [{ value: 'a', params: [numeric('p', 'uniform', { low: 0, high: 1 })] }, 'b'])]);
    const past = history({ seed: 2 }, 20, space, (p) => (p.model === 'b' ? 0 : 1));
    const trace = explainProposal(space, past, { algo: 'tpe', seed: 2 });
    if (trace.params.model === 'b') expect(explainParameter(space, past, 'p', { seed: 2 })).toBeNull();
    expect(trace.parameters.map((p) => p.label)).toContain('model');
  });

  it('models conditional parameters only from trials where they were active', () => {
    const space = makeSpace([
      choice('model', [{ value: 'a', params: [numeric('p', 'uniform', { low: 0, high: 1 })] }, { value: 'b', params: [numeric('r', 'uniform', { low: 0, high: 1 })] }]),
    ]);
    const past = history({ seed: 3 }, 40, space, (p) => (p.model === 'a' ? Math.abs(Number(p.p) - 0.3) : 0.5 + Number(p.r)));
    const active = past.filter((t) => 'p' in t.params).length;
    // Ask until the proposal takes branch a, then check the model of p.
    for (let id = 40; id < 60; id++) {
      const trace = explainProposal(space, past, { algo: 'tpe', seed: 3 }, id);
      const p = trace.parameters.find((t) => t.label === 'p');
      if (p === undefined) continue;
      expect(p.below.length + p.above.length).toBe(active);
      expect(p.model).toBe('univariate');
      return;
    }
    throw new Error('branch a was never proposed');
  });
});
