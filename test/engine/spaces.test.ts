import { describe, expect, it } from 'vitest';
import { createOptimizer } from '../../src/engine/index.js';
import type { OptimizerOptions } from '../../src/engine/index.js';
import type { Config } from '../../src/space/types.js';
import { choice, constant, makeSpace, numeric } from './spaces.js';

const mixed = makeSpace([
  numeric('layers', 'uniformint', { low: 1, high: 6 }),
  numeric('seed', 'randint', { low: 0, high: 9 }),
  numeric('lr', 'loguniform', { low: 1e-5, high: 1e-1 }),
  numeric('batch', 'qloguniform', { low: 16, high: 512, q: 16 }),
  numeric('dropout', 'quniform', { low: 0, high: 0.5, q: 0.05 }),
  numeric('shift', 'normal', { mu: 0, sigma: 2 }),
  choice('optimizer', [
    { value: 'sgd', params: [numeric('momentum', 'uniform', { low: 0.5, high: 0.99 })] },
    { value: 'adam', params: [numeric('beta2', 'uniform', { low: 0.9, high: 0.9999 }), choice('amsgrad', [true, false])] },
  ]),
  constant('epochs', 10),
]);

function loss(p: Config): number {
  const base = (Math.log10(Number(p.lr)) + 3) ** 2 + (Number(p.layers) - 3) ** 2 / 4 + Number(p.dropout) + Math.abs(Number(p.shift)) / 10;
  return base + (p.optimizer === 'adam' ? Number(p.beta2 ?? 0) - 0.9 : 1 - Number(p.momentum ?? 0));
}

function isMultiple(x: number, q: number): boolean {
  return Math.abs(x / q - Math.round(x / q)) < 1e-9;
}

describe.each<[string, OptimizerOptions]>([
  ['default tpe', { seed: 11 }],
  ['hyperopt preset', { seed: 11, tpe: { preset: 'hyperopt' } }],
  ['random', { seed: 11, algo: 'random' }],
])('%s on a mixed conditional space', (_, options) => {
  const opt = createOptimizer(mixed, options);
  for (let i = 0; i < 45; i++) {
    const { id, params } = opt.ask();
    opt.tell(id, loss(params));
  }
  const trials = opt.trials();

  it('proposes exactly the active labels', () => {
    for (const { params } of trials) {
      const branch = params.optimizer === 'sgd' ? ['momentum'] : ['beta2', 'amsgrad'];
      expect(Object.keys(params).sort()).toEqual(['batch', 'dropout', 'epochs', 'layers', 'lr', 'optimizer', 'seed', 'shift', ...branch].sort());
    }
  });

  it('keeps every value inside its distribution, on its step, integer where it must be', () => {
    for (const { params: p } of trials) {
      expect(Number.isInteger(p.layers) && Number(p.layers) >= 1 && Number(p.layers) <= 6).toBe(true);
      expect(Number.isInteger(p.seed) && Number(p.seed) >= 0 && Number(p.seed) <= 9).toBe(true);
      expect(Number(p.lr)).toBeGreaterThanOrEqual(1e-5);
      expect(Number(p.lr)).toBeLessThanOrEqual(1e-1);
      expect(Number.isInteger(p.batch) && isMultiple(Number(p.batch), 16) && Number(p.batch) >= 16 && Number(p.batch) <= 512).toBe(true);
      expect(isMultiple(Number(p.dropout), 0.05) && Number(p.dropout) >= 0 && Number(p.dropout) <= 0.5).toBe(true);
      expect(Number.isFinite(p.shift)).toBe(true);
      expect(p.epochs).toBe(10);
      if (p.optimizer === 'adam') expect([true, false]).toContain(p.amsgrad);
    }
  });
});

describe('default TPE on the mixed space', () => {
  it('finds better configurations than random search', () => {
    // Summed over seeds: single seeds of a 9-parameter space at 40 trials are too noisy to compare one by one.
    const best = (options: OptimizerOptions): number => {
      const opt = createOptimizer(mixed, options);
      let value = Infinity;
      for (let i = 0; i < 40; i++) {
        const { id, params } = opt.ask();
        value = Math.min(value, loss(params));
        opt.tell(id, loss(params));
      }
      return value;
    };
    let tpe = 0;
    let random = 0;
    for (let seed = 0; seed < 8; seed++) {
      tpe += best({ seed, algo: 'tpe' });
      random += best({ seed, algo: 'random' });
    }
    expect(tpe).toBeLessThan(0.75 * random);
  });
});

describe('on the example spaces, parsed from YAML', () => {
  it.each(['nested.yaml', 'neural-network.yaml', 'qlearning.yaml'])('%s: every proposal passes validateConfig', async (file) => {
    const { readFileSync } = await import('node:fs');
    const { parseSpace, validateConfig } = await import('../../src/space/index.js');
    const space = parseSpace(readFileSync(new URL(`../../spaces/${file}`, import.meta.url), 'utf8'));
    for (const options of [{ seed: 2 }, { seed: 2, tpe: { preset: 'hyperopt' as const } }]) {
      const opt = createOptimizer(space, options);
      for (let i = 0; i < 30; i++) {
        const { id, params } = opt.ask();
        expect(validateConfig(space, params)).toEqual([]);
        opt.tell(id, Object.values(params).filter((v): v is number => typeof v === 'number').reduce((a, v) => a + Math.log1p(Math.abs(v)), 0));
      }
    }
  });
});
