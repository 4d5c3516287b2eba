import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { activeLabels, parseSpace, priorLogDensity, sample, validateConfig } from '../../src/space/index.js';
import type { Config } from '../../src/space/types.js';
import { normalCdf } from './stats.js';

const NEURAL = parseSpace(readFileSync(new URL('../../spaces/neural-network.yaml', import.meta.url), 'utf8'));

const ADAM: Config = {
  learning_rate: 0.003,
  dropout: 0.2,
  hidden: 64,
  layers: 3,
  momentum: 0.91,
  weight_decay: 0.000123,
  batch: 32,
  activation: 'leaky relu',
  optimizer: 'adam',
  beta1: 0.93,
  epochs: 20,
};

describe('activeLabels', () => {
  it('lists top-level labels and the children of the chosen options only', () => {
    expect(activeLabels(NEURAL, ADAM)).toEqual([
      'learning_rate', 'dropout', 'hidden', 'layers', 'momentum', 'weight_decay', 'batch', 'activation', 'optimizer', 'beta1', 'epochs',
    ]);
    const sgd = activeLabels(NEURAL, { ...ADAM, optimizer: 'sgd' });
    expect(sgd).toContain('nesterov');
    expect(sgd).not.toContain('beta1');
    const rmsprop = activeLabels(NEURAL, { ...ADAM, optimizer: 'rmsprop' });
    expect(rmsprop).not.toContain('beta1');
    expect(rmsprop).not.toContain('nesterov');
  });
});

describe('validateConfig', () => {
  it('accepts a fitting configuration and every sampled one', () => {
    expect(validateConfig(NEURAL, ADAM)).toEqual([]);
    for (const config of sample(NEURAL, { seed: 5, count: 200 })) expect(validateConfig(NEURAL, config)).toEqual([]);
  });

  it('names each problem with its label', () => {
    const { beta1: _dropped, ...withoutBeta1 } = ADAM;
    expect(validateConfig(NEURAL, withoutBeta1)).toEqual(['beta1: missing']);
    expect(validateConfig(NEURAL, { ...ADAM, nesterov: true })).toEqual(['nesterov: present but inactive for this configuration (it exists only when optimizer is "sgd")']);
    expect(validateConfig(NEURAL, { ...ADAM, dropout: 0.7 })).toEqual(['dropout: 0.7 is outside uniform(0, 0.5)']);
    expect(validateConfig(NEURAL, { ...ADAM, learning_rate: 1e-6 })).toEqual(['learning_rate: 0.000001 is outside loguniform(0.00001, 1)']);
    expect(validateConfig(NEURAL, { ...ADAM, hidden: 40 })).toEqual(['hidden: 40 is not a multiple of q = 16']);
    expect(validateConfig(NEURAL, { ...ADAM, layers: 2.5 })).toEqual(['layers: expected an integer, got 2.5']);
    expect(validateConfig(NEURAL, { ...ADAM, layers: 6 })).toEqual(['layers: 6 is outside randint(1, 6), which gives 1 to 5']);
    expect(validateConfig(NEURAL, { ...ADAM, dropout: '0.2' })).toEqual(['dropout: expected a number, got "0.2"']);
    expect(validateConfig(NEURAL, { ...ADAM, batch: 48 })).toEqual(['batch: 48 is not one of 16, 32, 64']);
    expect(validateConfig(NEURAL, { ...ADAM, epochs: 10 })).toEqual(['epochs: expected the constant 20']);
    expect(validateConfig(NEURAL, { ...ADAM, seed: 1 })).toEqual(['seed: not a parameter of this space']);
  });

  it("refuses 0 for lognormal, whose values are above 0, and takes it for qlognormal, which rounds to it (a user audit)", () => {
    const space = parseSpace('params:\n  s: lognormal(0, 1)\n  q: qlognormal(0, 1, 1)\n');
    expect(validateConfig(space, { s: 0, q: 0 })).toEqual(['s: 0 is not positive but lognormal values are above 0']);
    expect(validateConfig(space, { s: -1, q: 2 })).toEqual(['s: -1 is negative but lognormal values are positive']);
    expect(validateConfig(space, { s: 1e-9, q: 0 })).toEqual([]);
  });

  it('checks the option itself, so a string "true" is not the boolean true', () => {
    const sgd: Config = { ...ADAM, optimizer: 'sgd', nesterov: 'true' };
    delete sgd['beta1'];
    expect(validateConfig(NEURAL, sgd)).toEqual(['nesterov: "true" is not one of true, false']);
  });
});

describe('priorLogDensity (values worked out by hand)', () => {
  const space = parseSpace(`params:
  u: uniform(0, 2)
  r: randint(6)
  r2: randint(1, 6)
  ui: uniformint(-3, 3)
  lu: loguniform(1, 100)
  n: normal(1, 2)
  ln: lognormal(0, 1)
  qu: quniform(0, 10, 2)
  qlu: qloguniform(1, 100, 1)
  qn: qnormal(0, 1, 1)
  opt:
    choice:
      - a:
          inner: uniform(0, 4)
      - b
  c: choice(x, y)
`);
  const config: Config = {
    u: 1, r: 3, r2: 5, ui: -3, lu: 10, n: 1, ln: 1, qu: 0, qlu: 1, qn: 0, opt: 'a', inner: 3, c: 'x',
  };
  const density = priorLogDensity(space, config);

  it('continuous families: the density of the value in its own units', () => {
    expect(density['u']).toBeCloseTo(Math.log(1 / 2), 12);
    expect(density['lu']).toBeCloseTo(-Math.log(10) - Math.log(Math.log(100)), 12);
    expect(density['n']).toBeCloseTo(-Math.log(2) - 0.5 * Math.log(2 * Math.PI), 12);
    expect(density['ln']).toBeCloseTo(-0.5 * Math.log(2 * Math.PI), 12);
  });

  it('integer families: log(1 / number of values)', () => {
    expect(density['r']).toBeCloseTo(Math.log(1 / 6), 12);
    expect(density['r2']).toBeCloseTo(Math.log(1 / 5), 12);
    expect(density['ui']).toBeCloseTo(Math.log(1 / 7), 12);
  });

  it('quantized families: the mass of the bin, end bins cut at the bounds', () => {
    expect(density['qu']).toBeCloseTo(Math.log(1 / 10), 12);
    const d = (value: number, key: string): number => priorLogDensity(space, { ...config, [key]: value })[key] ?? NaN;
    expect(d(10, 'qu')).toBeCloseTo(Math.log(1 / 10), 12);
    expect(d(4, 'qu')).toBeCloseTo(Math.log(2 / 10), 12);
    expect(density['qlu']).toBeCloseTo(Math.log(Math.log(1.5) / Math.log(100)), 12);
    expect(d(100, 'qlu')).toBeCloseTo(Math.log(Math.log(100 / 99.5) / Math.log(100)), 12);
    expect(d(10, 'qlu')).toBeCloseTo(Math.log(Math.log(10.5 / 9.5) / Math.log(100)), 12);
    expect(density['qn']).toBeCloseTo(Math.log(normalCdf(0.5) - normalCdf(-0.5)), 6);
  });

  it('the bin masses of a quantized family add up to 1', () => {
    let total = 0;
    for (let v = 0; v <= 10; v += 2) total += Math.exp(priorLogDensity(space, { ...config, qu: v })['qu'] ?? -Infinity);
    expect(total).toBeCloseTo(1, 12);
  });

  it('only active numeric labels appear; choices and inactive children do not', () => {
    expect(Object.keys(density).sort()).toEqual(['inner', 'lu', 'ln', 'n', 'qlu', 'qn', 'qu', 'r', 'r2', 'u', 'ui'].sort());
    expect(density['inner']).toBeCloseTo(Math.log(1 / 4), 12);
    const withB = priorLogDensity(space, { ...config, opt: 'b' });
    expect('inner' in withB).toBe(false);
  });

  it('values outside the support have log-density -Infinity', () => {
    const outside = priorLogDensity(space, { ...config, u: 3, r: 6, lu: 0.5 });
    expect(outside['u']).toBe(-Infinity);
    expect(outside['r']).toBe(-Infinity);
    expect(outside['lu']).toBe(-Infinity);
  });
});
