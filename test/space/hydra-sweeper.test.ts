// A Hydra application's config with an Optuna sweeper read as a space file: hydra.sweeper.params in
// Hydra's override grammar, as the Optuna sweeper turns each into a distribution; the rest of the file
// is the application's and left alone.
import { describe, expect, it } from 'vitest';
import { parseSpace, spaceAdvice } from '../../src/space/index.js';
import type { ParamNode, Space } from '../../src/space/types.js';

const hydra = (params: string, sweeper = '', top = ''): Space =>
  parseSpace(`# @package _global_\ndefaults:\n  - override /hydra/sweeper: optuna\n${top}hydra:\n  mode: MULTIRUN\n  sweeper:\n${sweeper}    params:\n${params}`, { file: 'conf.yaml' });
const only = (sweep: string): ParamNode => {
  const node = hydra(`      x: ${sweep}\n`).nodes[0];
  if (node === undefined) throw new Error('no node');
  return node;
};
const refusal = (sweep: string): string => {
  try {
    hydra(`      x: ${sweep}\n`);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('not refused');
};

describe("a Hydra sweeper's params as a space", () => {
  it('reads each sweep as the Optuna sweeper makes a distribution of it', () => {
    const cases: Array<[string, Partial<Record<string, unknown>>]> = [
      ['interval(0.0001, 0.1)', { family: 'uniform', args: [0.0001, 0.1] }],
      // integers when both ends are written as integers; 0.0 is a float as written
      ['interval(1, 6)', { family: 'uniformint', args: [1, 6] }],
      ['interval(0.0, 1.0)', { family: 'uniform', args: [0, 1] }],
      ['int(interval(1.0, 6.0))', { family: 'uniformint', args: [1, 6] }],
      ['tag(log, interval(1e-6, 1e-2))', { family: 'loguniform', args: [1e-6, 1e-2] }],
      ['tag(log, interval(16, 512))', { family: 'qloguniform', args: [16, 512, 1] }],
      ['interval(start=0.1, end=0.9)', { family: 'uniform', args: [0.1, 0.9] }],
      // a range's stop is included, as in the Optuna distribution the sweeper makes
      ['range(32, 256, step=32)', { family: 'quniform', args: [32, 256, 32] }],
      ['range(1, 10)', { family: 'quniform', args: [1, 10, 1] }],
    ];
    for (const [text, expected] of cases) expect(only(text), text).toMatchObject({ kind: 'numeric', ...expected });
    expect(only('range(0.0, 0.5, 0.1)')).toMatchObject({ kind: 'choice', options: [0, 0.1, 0.2, 0.3, 0.4, 0.5].map((value) => ({ value })) });
    expect(only('range(3, 12, 4)')).toMatchObject({ kind: 'choice', options: [3, 7, 11].map((value) => ({ value })) });
  });

  it('reads choices, comma lists and single values as Hydra writes them', () => {
    expect(only('choice(32, 64, 128)')).toMatchObject({ kind: 'choice', options: [{ value: 32 }, { value: 64 }, { value: 128 }] });
    expect(only('relu,gelu,"silu"')).toMatchObject({ kind: 'choice', options: [{ value: 'relu' }, { value: 'gelu' }, { value: 'silu' }] });
    expect(only("choice(true, false, null, 'a b')")).toMatchObject({ options: [{ value: true }, { value: false }, { value: null }, { value: 'a b' }] });
    expect(only('adam')).toMatchObject({ kind: 'constant', value: 'adam' });
    // spaces inside an unquoted value are the value's, as Hydra keeps them
    expect(only('my model')).toMatchObject({ kind: 'constant', value: 'my model' });
    expect(only('choice(big model, small)')).toMatchObject({ options: [{ value: 'big model' }, { value: 'small' }] });
    expect(only('5')).toMatchObject({ kind: 'constant', value: 5 });
    // text with Hydra's own syntax keeps its quotes, so that the application reads one string again; a
    // list or mapping value is passed as written, for Hydra to read as one
    expect(only(`"'uniform(0, 1)'"`)).toMatchObject({ kind: 'constant', value: "'uniform(0, 1)'" });
    expect(only("choice('a,b', c, 'd e')")).toMatchObject({ kind: 'choice', options: [{ value: "'a,b'" }, { value: 'c' }, { value: 'd e' }] });
    expect(only('choice([64, 64], [128, 128, 128])')).toMatchObject({ kind: 'choice', options: [{ value: '[64, 64]' }, { value: '[128, 128, 128]' }] });
    expect(only('"choice({a: 1}, {a: 2})"')).toMatchObject({ options: [{ value: '{a: 1}' }, { value: '{a: 2}' }] });
    expect(refusal('choice([64, 64)')).toMatch(/^conf\.yaml:8:10: x: \[ is not closed/);
  });

  it('takes the goal, trials, a random or grid sampler and the metric from the sweeper, and leaves the rest of the file alone', () => {
    const sweeper = '    direction: maximize\n    n_trials: 30\n    sampler:\n      _target_: optuna.samplers.RandomSampler\n      seed: 1\n';
    const space = hydra('      model.lr: interval(0.001, 0.1)\n', sweeper, 'optimized_metric: "val/acc_best"\ntrials: 3\nparameters: {}\n');
    expect(space).toMatchObject({ goal: 'maximize', trials: 30, algo: 'random', metric: 'val/acc_best', origin: { format: 'hydra' } });
    expect(space.nodes.map((node) => node.label)).toEqual(['model.lr']);
    // a TPE sampler leaves hypertune's default
    expect(hydra('      x: interval(0, 1)\n', '    sampler:\n      _target_: optuna.samplers.TPESampler\n').algo).toBeNull();
  });

  it("reads the sweeper's params whatever else the application's config holds, and says what is missing", () => {
    // the application's own top-level params: is its config's
    expect(hydra('      lr: interval(0.1, 1)\n', '', 'params:\n  hidden: 128\n').nodes.map((node) => node.label)).toEqual(['lr']);
    const old = 'hydra:\n  sweeper:\n    search_space:\n      lr:\n        type: float\n        low: 0.001\n        high: 0.1\n';
    expect(() => parseSpace(old, { file: 'conf.yaml' })).toThrow(/^conf\.yaml:3:5: hydra\.sweeper has no params:: its search_space: \(Hydra 1\.1\) is not read; write the parameters under params: as Hydra overrides/);
    // advice in the file's own words
    const wide = hydra('      lr: interval(0.0001, 0.1)\n');
    expect(spaceAdvice(wide)).toContainEqual(expect.stringMatching(/lr: uniform over 3 decades .* write tag\(log, interval\(0\.0001, 0\.1\)\)$/));
  });

  it('names each mistake at its line of the config', () => {
    expect(refusal('shuffle(1, 2, 3)')).toBe('conf.yaml:8:10: x: shuffle() is not read here; the sweeps are choice(), range(), interval(), tag(log, ...), int() and float()');
    expect(refusal('interval(1, 0)')).toBe('conf.yaml:8:10: x: interval(1, 0): start must be below end');
    expect(refusal('tag(log, interval(0, 1))')).toBe('conf.yaml:8:10: x: tag(log, interval(0, 1)): a log interval needs start above 0');
    expect(refusal('range(5, 1)')).toMatch(/^conf\.yaml:8:10: x: range\(5, 1, step=1\) holds no values/);
    expect(refusal('choice(1, 2')).toMatch(/^conf\.yaml:8:10: x: choice\( is not closed/);
    expect(refusal('interval(a, 1)')).toBe('conf.yaml:8:10: x: interval(): start must be a number (got "a")');
    expect(refusal('[1, 2]')).toMatch(/^conf\.yaml:8:10: x: a sweep is written as Hydra writes it on the command line/);
    expect(() => hydra('      x: interval(0, 1)\n', '    direction: [minimize, maximize]\n')).toThrow(/^conf\.yaml:7:16: hydra\.sweeper\.direction is a list \(several objectives\)/);
  });
});
