import { describe, expect, it } from 'vitest';
import { parseSpace, sample } from '../../src/space/index.js';
import type { Config } from '../../src/space/types.js';
import { chiSquare, chiSquareThreshold, isMultipleOf, ksStatistic, ksThreshold, mean, normalCdf } from './stats.js';

const N = 10_000;

// One flat space holding every family, so 10,000 draws cover them all at once.
const SPACE = parseSpace(`params:
  u: uniform(-2, 3)
  lu: loguniform(1e-4, 1)
  n: normal(0.9, 0.05)
  ln: lognormal(0, 1)
  qu: quniform(16, 256, 16)
  qu_float: quniform(0, 1, 0.25)
  qlu: qloguniform(1, 100, 1)
  qlu_small: qloguniform(1e-6, 1e-2, 1e-6)
  qn: qnormal(0, 3, 1)
  qn_float: qnormal(0, 1, 0.5)
  qln: qlognormal(2, 0.5, 1)
  ri_high: randint(6)
  ri_range: randint(1, 6)
  ui: uniformint(-3, 3)
  batch: choice(16, 32, 64)
  activation:
    choice: [relu, tanh, "leaky relu"]
  flag: choice(true, false)
  act_p:
    pchoice: [[0.5, relu], [0.3, tanh], [0.2, gelu]]
`);
const DRAWS: Config[] = sample(SPACE, { seed: 7, count: N });

function column(label: string): unknown[] {
  return DRAWS.map((config) => config[label]);
}

function numbers(label: string): number[] {
  const values = column(label);
  expect(values.every((value) => typeof value === 'number' && Number.isFinite(value))).toBe(true);
  return values as number[];
}

function expectIntegers(values: readonly number[]): void {
  expect(values.every((v) => Number.isInteger(v))).toBe(true);
}

function expectNotAllIntegers(values: readonly number[]): void {
  expect(values.some((v) => !Number.isInteger(v))).toBe(true);
}

function expectWithin(values: readonly number[], low: number, high: number): void {
  expect(Math.min(...values)).toBeGreaterThanOrEqual(low);
  expect(Math.max(...values)).toBeLessThanOrEqual(high);
}

function expectChiSquare(values: readonly unknown[], expected: Map<unknown, number>): void {
  const total = [...expected.values()].reduce((s, p) => s + p, 0);
  expect(total).toBeCloseTo(1, 9);
  expect(chiSquare(values, expected)).toBeLessThan(chiSquareThreshold(expected.size - 1));
}

/** Probabilities of the integers lo..hi given the mass of [k - q/2, k + q/2] of each. */
function binned(keys: readonly number[], mass: (k: number) => number): Map<unknown, number> {
  return new Map(keys.map((k) => [k, mass(k)]));
}

function range(lo: number, hi: number, step = 1): number[] {
  const out: number[] = [];
  for (let k = lo; k <= hi + 1e-9; k += step) out.push(Number(k.toFixed(10)));
  return out;
}

describe('continuous families (Kolmogorov-Smirnov, alpha 0.01)', () => {
  it('uniform(-2, 3): uniform on [-2, 3], floats', () => {
    const values = numbers('u');
    expectWithin(values, -2, 3);
    expectNotAllIntegers(values);
    expect(ksStatistic(values, (x) => (x + 2) / 5)).toBeLessThan(ksThreshold(N));
  });

  it('loguniform(1e-4, 1): bounds in own units, log(value) uniform on [log 1e-4, 0]', () => {
    const values = numbers('lu');
    expectWithin(values, 1e-4, 1);
    const lo = Math.log(1e-4);
    expect(ksStatistic(values, (x) => (Math.log(x) - lo) / -lo)).toBeLessThan(ksThreshold(N));
    // a decade each: about a quarter of the draws between 1e-4 and 1e-3
    const firstDecade = values.filter((v) => v < 1e-3).length / N;
    expect(firstDecade).toBeGreaterThan(0.23);
    expect(firstDecade).toBeLessThan(0.27);
  });

  it('normal(0.9, 0.05): KS against the normal CDF, mean within 4 standard errors', () => {
    const values = numbers('n');
    expect(ksStatistic(values, (x) => normalCdf(x, 0.9, 0.05))).toBeLessThan(ksThreshold(N));
    expect(Math.abs(mean(values) - 0.9)).toBeLessThan((4 * 0.05) / Math.sqrt(N));
  });

  it('lognormal(0, 1): positive, log(value) standard normal', () => {
    const values = numbers('ln');
    expect(Math.min(...values)).toBeGreaterThan(0);
    expect(ksStatistic(values, (x) => normalCdf(Math.log(x)))).toBeLessThan(ksThreshold(N));
  });
});

describe('quantized families (multiples of q, chi-square on bin masses, alpha 0.01)', () => {
  it('quniform(16, 256, 16): integer multiples of 16 in [16, 256], end bins half as likely', () => {
    const values = numbers('qu');
    expectIntegers(values);
    expectWithin(values, 16, 256);
    expect(values.every((v) => v % 16 === 0)).toBe(true);
    expectChiSquare(values, binned(range(16, 256, 16), (k) => (k === 16 || k === 256 ? 8 : 16) / 240));
  });

  it('quniform(0, 1, 0.25): exact multiples of 0.25, not all integers', () => {
    const values = numbers('qu_float');
    expectWithin(values, 0, 1);
    expect(new Set(values)).toEqual(new Set([0, 0.25, 0.5, 0.75, 1]));
    expectChiSquare(values, binned([0, 0.25, 0.5, 0.75, 1], (k) => (k === 0 || k === 1 ? 0.125 : 0.25)));
  });

  it('qloguniform(1, 100, 1): integers 1..100 with log-spaced bin masses', () => {
    const values = numbers('qlu');
    expectIntegers(values);
    expectWithin(values, 1, 100);
    const mass = (k: number): number => Math.log(Math.min(k + 0.5, 100) / Math.max(k - 0.5, 1)) / Math.log(100);
    expectChiSquare(values, binned(range(1, 100), mass));
  });

  it('qloguniform(1e-6, 1e-2, 1e-6): floats, multiples of 1e-6, within bounds, log-uniform overall', () => {
    const values = numbers('qlu_small');
    expectWithin(values, 1e-6, 1e-2);
    expect(values.every((v) => isMultipleOf(v, 1e-6))).toBe(true);
    expectNotAllIntegers(values);
    const lo = Math.log(1e-6);
    const hi = Math.log(1e-2);
    // quantization moves values by at most 5e-7, which only matters in the lowest bins
    const above = values.filter((v) => v >= 1e-4);
    const cdf = (x: number): number => (Math.log(x) - Math.log(1e-4)) / (hi - Math.log(1e-4));
    expect(ksStatistic(above, cdf)).toBeLessThan(ksThreshold(above.length) + 1e-3);
    expect(above.length / N).toBeCloseTo((hi - Math.log(1e-4)) / (hi - lo), 1);
  });

  it('qnormal(0, 3, 1): integers with normal bin masses', () => {
    const values = numbers('qn');
    expectIntegers(values);
    const support = range(Math.min(...values), Math.max(...values));
    const mass = (k: number): number => normalCdf(k + 0.5, 0, 3) - normalCdf(k - 0.5, 0, 3);
    // fold the far tails into the outermost observed bins so every expected count is sizeable
    const expected = binned(support, mass);
    const first = support[0] ?? 0;
    const last = support[support.length - 1] ?? 0;
    expected.set(first, normalCdf(first + 0.5, 0, 3));
    expected.set(last, 1 - normalCdf(last - 0.5, 0, 3));
    expectChiSquare(values, expected);
  });

  it('qnormal(0, 1, 0.5): floats, multiples of 0.5', () => {
    const values = numbers('qn_float');
    expect(values.every((v) => isMultipleOf(v, 0.5))).toBe(true);
    expectNotAllIntegers(values);
    const share = values.filter((v) => v === 0).length / N;
    expect(share).toBeCloseTo(normalCdf(0.25) - normalCdf(-0.25), 1);
  });

  it('qlognormal(2, 0.5, 1): non-negative integers with log-normal bin masses', () => {
    const values = numbers('qln');
    expectIntegers(values);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    const cdf = (x: number): number => (x <= 0 ? 0 : normalCdf(Math.log(x), 2, 0.5));
    const small = values.filter((v) => v <= 10).length / N;
    expect(Math.abs(small - cdf(10.5))).toBeLessThan(0.02);
    const med = [...values].sort((a, b) => a - b)[N / 2] ?? 0;
    expect(Math.abs(med - Math.exp(2))).toBeLessThanOrEqual(1);
  });
});

describe('integer families', () => {
  it('randint(6): integers 0..5, uniform', () => {
    const values = numbers('ri_high');
    expectIntegers(values);
    expectChiSquare(values, binned(range(0, 5), () => 1 / 6));
  });

  it('randint(1, 6): integers 1..5 (high excluded, as in hyperopt), uniform', () => {
    const values = numbers('ri_range');
    expectIntegers(values);
    expectChiSquare(values, binned(range(1, 5), () => 1 / 5));
  });

  it('uniformint(-3, 3): integers -3..3 (both included), uniform', () => {
    const values = numbers('ui');
    expectIntegers(values);
    expectChiSquare(values, binned(range(-3, 3), () => 1 / 7));
  });
});

describe('choice and pchoice yield the option itself', () => {
  it('choice(16, 32, 64) gives the numbers, uniformly', () => {
    const values = column('batch');
    expectChiSquare(values, new Map([16, 32, 64].map((v) => [v, 1 / 3])));
  });

  it('choice list of strings keeps spaces', () => {
    const values = column('activation');
    expectChiSquare(values, new Map(['relu', 'tanh', 'leaky relu'].map((v) => [v, 1 / 3])));
  });

  it('booleans stay booleans', () => {
    const values = column('flag');
    expect(values.every((v) => typeof v === 'boolean')).toBe(true);
    expectChiSquare(values, new Map([[true, 0.5], [false, 0.5]]));
  });

  it('pchoice frequencies match the probabilities', () => {
    const values = column('act_p');
    expectChiSquare(values, new Map([['relu', 0.5], ['tanh', 0.3], ['gelu', 0.2]]));
  });
});

describe('supports a float cannot hold (found by a user audit)', () => {
  it.each([
    ['lognormal(0, 1000)', /draws values beyond what a float holds/],
    ['lognormal(-800, 1)', /draws values beyond what a float holds/],
    ['qlognormal(800, 1, 1)', /draws values beyond what a float holds/],
    ['uniformint(0, 1e22)', /integer bounds within ±9007199254740991/],
    ['quniform(0, 1e22, 1)', /integer bounds within ±9007199254740991/],
    ['randint(1e17)', /integer bounds within ±9007199254740991/],
  ])('refuses %s', (expression, message) => {
    expect(() => parseSpace(`params:\n  x: ${expression}\n`)).toThrow(message);
  });

  it('takes what a float holds', () => {
    expect(() => parseSpace('params:\n  x: lognormal(0, 80)\n  y: uniformint(0, 9007199254740991)\n  z: quniform(0, 1e22, 0.5)\n')).not.toThrow();
  });
});
