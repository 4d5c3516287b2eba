// The GP on a conditional space: a parameter its branch leaves out is absent from a proposal, sits at a
// fixed coordinate in the model, and the search crosses branches (docs/gp.md, "Conditional spaces").
import { describe, expect, it } from 'vitest';
import { createOptimizer } from '../../../src/engine/index.js';
import { activeInputs, encodeSpace, toConfig, toPoint } from '../../../src/engine/gp/encode.js';
import { gpParamTrace } from '../../../src/engine/gp/trace.js';
import { sampleConfig } from '../../../src/space/sample.js';
import type { Config } from '../../../src/space/types.js';
import { validateConfig } from '../../../src/space/validate.js';
import { createRng } from '../../../src/util/rng.js';
import { choice, constant, makeSpace, numeric } from '../spaces.js';

// the deceptive branch: svm holds the optimum (0) but is worse on average than tree's floor of 0.5
const space = makeSpace([
  choice('model', [
    { value: 'svm', params: [numeric('C', 'loguniform', { low: 1e-3, high: 1e3 }), numeric('gamma', 'loguniform', { low: 1e-4, high: 10 }), constant('kernel', 'rbf')] },
    { value: 'tree', params: [numeric('depth', 'uniformint', { low: 1, high: 20 }), choice('split', ['gini', 'entropy'])] },
  ]),
  numeric('scale', 'uniform', { low: -3, high: 3 }),
]);
const loss = (p: Config): number =>
  (Number(p.scale) - 0.5) ** 2 +
  (p.model === 'svm' ? (Math.log10(Number(p.C)) - 1) ** 2 + (Math.log10(Number(p.gamma)) + 2) ** 2 : 0.5 + ((Number(p.depth) - 8) / 5) ** 2 + (p.split === 'gini' ? 0.1 : 0));

function study(algo: 'gp' | 'random', seed: number, trials: number): ReturnType<ReturnType<typeof createOptimizer>['trials']> {
  const opt = createOptimizer(space, { algo, seed });
  for (let i = 0; i < trials; i++) {
    const { id, params } = opt.ask();
    opt.tell(id, loss(params));
  }
  return opt.trials();
}

describe('the GP on a conditional space', () => {
  const encoding = encodeSpace(space);

  it('has one input per parameter, and a left-out one sits at the fixed coordinate (a choice at -1)', () => {
    expect(encoding.inputs.map((i) => i.node.label)).toEqual(['model', 'C', 'gamma', 'depth', 'split', 'scale']);
    const point = toPoint(encoding, { model: 'svm', C: 10, gamma: 0.01, kernel: 'rbf', scale: 0.5 });
    expect(Array.from(point.slice(3, 5))).toEqual([0.5, -1]);
    expect(activeInputs(encoding, point)).toEqual([true, true, true, false, false, true]);
  });

  it('turns a point into the configuration of its branch: the other branch absent, the branch constant present', () => {
    const rng = createRng(3);
    for (let i = 0; i < 50; i++) {
      const config = sampleConfig(space, rng);
      const back = toConfig(encoding, toPoint(encoding, config));
      expect(Object.keys(back).sort()).toEqual(Object.keys(config).sort());
      expect(validateConfig(space, back)).toEqual([]);
    }
    const tree = toConfig(encoding, Float64Array.from([1, 0.2, 0.9, 0.4, 0, 0.5]));
    expect(tree).toEqual({ model: 'tree', depth: 9, split: 'gini', scale: 0 });
  });

  it('proposes valid configurations in both branches, the same for the same seed', () => {
    const trials = study('gp', 7, 24);
    expect(study('gp', 7, 24)).toEqual(trials);
    const opt = createOptimizer(space, { algo: 'gp', seed: 7 }, trials);
    const next = opt.ask();
    expect(next.sampler).toBe('gp');
    for (const t of [...trials, { params: next.params }]) expect(validateConfig(space, t.params)).toEqual([]);
    expect(new Set(trials.slice(8).map((t) => t.params.model)).size).toBe(2);
  });

  it('finds the deceptive branch where random search does not (six seeds, 40 trials)', () => {
    const best = (algo: 'gp' | 'random', seed: number): number => Math.min(...study(algo, seed, 40).map((t) => t.value ?? Infinity));
    const seeds = [0, 1, 2, 3, 4, 5];
    const gpWins = seeds.filter((seed) => best('gp', seed) < best('random', seed)).length;
    expect(gpWins).toBeGreaterThanOrEqual(5);
  });

  it('explains a proposal only through the parameters of its branch', () => {
    const trials = study('gp', 2, 12);
    const last = trials[trials.length - 1];
    if (last === undefined) throw new Error('no trials');
    const options = { algo: 'gp' as const, seed: 2 };
    const history = trials.slice(0, -1);
    const absent = ['C', 'depth'].find((label) => !(label in last.params)) ?? 'C';
    expect(gpParamTrace(space, history, absent, options, last.id)).toBeNull();
    const scale = gpParamTrace(space, history, 'scale', options, last.id);
    expect(Number.isFinite(scale?.at(0.5).mean)).toBe(true);
  });
});
