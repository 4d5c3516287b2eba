// Integers are ordered in the default TPE (issue 10, item 4): a good 7 makes 6 and 8 likelier than 18.
// The hyperopt preset keeps hyperopt's unordered randint.
import { describe, expect, it } from 'vitest';
import { createOptimizer, explainParameter } from '../../src/engine/index.js';
import type { OptimizerOptions } from '../../src/engine/index.js';
import type { TrialRecord } from '../../src/study/types.js';
import type { Config, Space } from '../../src/space/types.js';
import { makeSpace, numeric } from './spaces.js';

const tpe: OptimizerOptions = { algo: 'tpe', seed: 3 };

/**
 * 40 finished trials of n in 0..20 whose loss is |n - 7|, beside four parameters that do not matter (so the
 * space is not small enough to narrow l(x)). With `skip7`, no trial sits at 7 itself: the good ones flank it.
 */
function vShaped(skip7: boolean): TrialRecord[] {
  return Array.from({ length: 40 }, (_, id) => {
    const raw = (id * 13) % 21;
    const n = skip7 && raw === 7 ? 19 : raw;
    const noise = { x1: (id * 0.37) % 1, x2: (id * 0.61) % 1, x3: (id * 0.13) % 1, x4: (id * 0.89) % 1 };
    return { id, params: { n, ...noise }, state: 'complete', value: Math.abs(n - 7) };
  });
}

const irrelevant = ['x1', 'x2', 'x3', 'x4'].map((label) => numeric(label, 'uniform', { low: 0, high: 1 }));

function run(space: Space, options: OptimizerOptions, trials: number, f: (p: Config) => number): Config[] {
  const opt = createOptimizer(space, options);
  const out: Config[] = [];
  for (let i = 0; i < trials; i++) {
    const { id, params } = opt.ask();
    out.push(params);
    opt.tell(id, f(params));
  }
  return out;
}

describe.each(['randint', 'uniformint'] as const)('%s in the default TPE', (family) => {
  const space = makeSpace([numeric('n', family, { low: 0, high: 20 })]);

  it('is ordered: l(x) is higher between the good integers than far from them', () => {
    const wide = makeSpace([numeric('n', family, { low: 0, high: 20 }), ...irrelevant]);
    const trace = explainParameter(wide, vShaped(true), 'n', tpe);
    expect(trace).not.toBeNull();
    if (trace === null) return;
    // No trial took 7 or 17: an unordered (categorical) model gives both the same l(x).
    expect(trace.below).not.toContain(7);
    expect(trace.logL(7)).toBeGreaterThan(trace.logL(17) + 1);
    expect(trace.logL(7) - trace.logG(7)).toBeGreaterThan(trace.logL(17) - trace.logG(17) + 1);
  });

  it('concentrates near the optimum of a smooth objective, with JS integers inside the bounds', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const proposals = run(space, { algo: 'tpe', seed }, 40, (p) => (Number(p.n) - 13) ** 2);
      for (const p of proposals) {
        expect(Number.isInteger(p.n)).toBe(true);
        expect(Number(p.n)).toBeGreaterThanOrEqual(0);
        expect(Number(p.n)).toBeLessThanOrEqual(20);
      }
      const late = proposals.slice(20).map((p) => Math.abs(Number(p.n) - 13));
      expect(late.filter((d) => d <= 2).length).toBeGreaterThanOrEqual(12);
    }
  });
});

describe('integer bins', () => {
  it('reach the lowest value of a range below zero (each value owns a whole bin)', () => {
    const space = makeSpace([numeric('k', 'uniformint', { low: -5, high: 5 }), numeric('m', 'quniform', { low: -1, high: 1, q: 0.5 })]);
    const proposals = run(space, { algo: 'tpe', seed: 9 }, 30, (p) => (Number(p.k) + 5) ** 2 + (Number(p.m) + 1) ** 2);
    const modelled = proposals.slice(8);
    expect(modelled.filter((p) => p.k === -5 && p.m === -1).length).toBeGreaterThan(0);
    for (const p of proposals) expect(Number(p.k)).toBeGreaterThanOrEqual(-5);
  });
});

describe('randint in the hyperopt preset', () => {
  it('stays unordered, as in hyperopt: integers without a good trial share one l(x)', () => {
    const space = makeSpace([numeric('n', 'randint', { low: 0, high: 20 }), ...irrelevant]);
    const history = vShaped(false);
    // hyperopt's good group is ceil(0.25 sqrt(40)) = 2 trials: the two 7s (ids 7 and 28)
    const trace = explainParameter(space, history, 'n', { algo: 'tpe', seed: 3, tpe: { preset: 'hyperopt' } });
    expect(trace).not.toBeNull();
    if (trace === null) return;
    expect(trace.logL(9)).toBeCloseTo(trace.logL(18), 12);
    expect(trace.logL(7)).toBeGreaterThan(trace.logL(9));
  });
});
