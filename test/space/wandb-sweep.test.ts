// A W&B sweep configuration read as a space file: each distribution as W&B's sweep reference defines it,
// the top-level keys in hypertune's terms, and every mistake named at its line of the user's file.
import { describe, expect, it } from 'vitest';
import { parseSpace } from '../../src/space/index.js';
import type { ParamNode, Space } from '../../src/space/types.js';

const sweep = (parameters: string, head = 'method: bayes\n'): Space => parseSpace(`${head}parameters:\n${parameters}`, { file: 'sweep.yaml' });
const only = (parameter: string): ParamNode => {
  const node = sweep(`  x:\n${parameter.replace(/^/gm, '    ')}\n`).nodes[0];
  if (node === undefined) throw new Error('no node');
  return node;
};
const refusal = (text: string): string => {
  try {
    parseSpace(text, { file: 'sweep.yaml' });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('not refused');
};

describe('a W&B sweep configuration as a space file', () => {
  it('reads every W&B distribution as the family that draws the same values', () => {
    const e = Math.exp;
    const cases: Array<[string, Partial<Record<string, unknown>>]> = [
      ['distribution: int_uniform\nmin: 1\nmax: 8', { family: 'uniformint', args: [1, 8] }],
      ['distribution: uniform\nmin: 0\nmax: 0.5', { family: 'uniform', args: [0, 0.5] }],
      ['distribution: q_uniform\nmin: 32\nmax: 256\nq: 32', { family: 'quniform', args: [32, 256, 32] }],
      ['distribution: q_uniform\nmin: 0\nmax: 10', { family: 'quniform', args: [0, 10, 1] }],
      // log_uniform's bounds are natural logs, log_uniform_values' the values themselves
      ['distribution: log_uniform\nmin: -9\nmax: -2', { family: 'loguniform', args: [e(-9), e(-2)] }],
      ['distribution: log_uniform_values\nmin: 1e-5\nmax: 0.1', { family: 'loguniform', args: [1e-5, 0.1] }],
      ['distribution: q_log_uniform\nmin: 0\nmax: 5\nq: 2', { family: 'qloguniform', args: [1, e(5), 2] }],
      ['distribution: q_log_uniform_values\nmin: 16\nmax: 512', { family: 'qloguniform', args: [16, 512, 1] }],
      // log(1/X) uniform between min and max: X log-uniform between e^-max and e^-min
      ['distribution: inv_log_uniform\nmin: 2\nmax: 9', { family: 'loguniform', args: [e(-9), e(-2)] }],
      ['distribution: inv_log_uniform_values\nmin: 0.001\nmax: 0.1', { family: 'loguniform', args: [0.001, 0.1] }],
      ['distribution: normal', { family: 'normal', args: [0, 1] }],
      ['distribution: q_normal\nmu: 10\nsigma: 2', { family: 'qnormal', args: [10, 2, 1] }],
      ['distribution: log_normal\nmu: -3\nsigma: 0.5', { family: 'lognormal', args: [-3, 0.5] }],
      ['distribution: q_log_normal\nmu: 3\nsigma: 1\nq: 4', { family: 'qlognormal', args: [3, 1, 4] }],
    ];
    for (const [text, expected] of cases) expect(only(text), text).toMatchObject({ kind: 'numeric', ...expected });
  });

  it("infers the distribution as W&B does: values, value, integer min and max, else uniform", () => {
    expect(only('min: 1\nmax: 8')).toMatchObject({ family: 'uniformint', args: [1, 8] });
    // 0.0 is a float as written, though YAML reads it as 0
    expect(only('min: 0.0\nmax: 1')).toMatchObject({ family: 'uniform', args: [0, 1] });
    expect(only('values: [16, 32, 64]')).toMatchObject({ kind: 'choice', family: 'choice', options: [{ value: 16 }, { value: 32 }, { value: 64 }] });
    expect(only('values: [adam, sgd]\nprobabilities: [0.7, 0.3]')).toMatchObject({ family: 'pchoice', probabilities: [0.7, 0.3] });
    expect(only('value: 10')).toMatchObject({ kind: 'constant', value: 10 });
    expect(only('value: 1.0')).toMatchObject({ kind: 'constant', value: 1, float: true });
    // text is passed as written, never read as a distribution
    expect(only('value: "uniform(0, 1)"')).toMatchObject({ kind: 'constant', value: 'uniform(0, 1)' });
    expect(only('values: ["choice(a, b)", c]')).toMatchObject({ kind: 'choice', options: [{ value: 'choice(a, b)' }, { value: 'c' }] });
  });

  it('makes nested parameters dotted labels', () => {
    const space = sweep('  model:\n    parameters:\n      width:\n        values: [128, 256]\n      depth:\n        min: 2\n        max: 6\n  lr:\n    min: 0.1\n    max: 1\n');
    expect(space.nodes.map((node) => node.label)).toEqual(['model.width', 'model.depth', 'lr']);
  });

  it('reads method, metric, run_cap and early_terminate in hypertune terms', () => {
    const head = 'program: train.py\nmethod: random\nmetric:\n  name: val_acc\n  goal: maximize\n  target: 0.99\nrun_cap: 40\nearly_terminate:\n  type: hyperband\n  min_iter: 3\n  eta: 2\n';
    const space = sweep('  x:\n    min: 0.1\n    max: 1\n', head);
    expect(space).toMatchObject({ algo: 'random', metric: 'val_acc', goal: 'maximize', trials: 40, stop: { at: 0.99 }, prune: { name: 'asha', minSteps: 3, reductionFactor: 2 } });
    expect(space.origin).toEqual({ format: 'wandb', program: 'train.py', command: null });
    expect(sweep('  x:\n    values: [1, 2]\n', 'method: grid\n').algo).toBe('grid');
    expect(sweep('  x:\n    values: [1, 2]\n').algo).toBe('auto');
    // W&B's bands max_iter / eta^k for k = 1..s: the smallest is the first rung
    const banded = sweep('  x:\n    min: 0.1\n    max: 1\n', 'method: bayes\nearly_terminate: {type: hyperband, max_iter: 27, s: 2}\n');
    expect(banded.prune).toEqual({ name: 'asha', reductionFactor: 3, minSteps: 3, maxSteps: 27 });
    // a space file's own keys may stand beside the sweep's
    const own = sweep('  x:\n    min: 0.1\n    max: 1\n', 'method: bayes\ntime_budget: 2h\nmetric_file: log.csv\ncommand: [python3, train.py, "${args}"]\n');
    expect(own).toMatchObject({ timeBudgetS: 7200, metricFile: 'log.csv', origin: { format: 'wandb', program: null, command: ['python3', 'train.py', '${args}'] } });
  });

  it('names each mistake at its line and column of the sweep file', () => {
    const at = (parameters: string, head = 'method: bayes\n'): string => refusal(`${head}parameters:\n${parameters}`);
    expect(at('  lr:\n    distribution: log_uniform_valus\n    min: 1\n    max: 2\n')).toMatch(/^sweep\.yaml:4:19: lr: unknown W&B distribution "log_uniform_valus" \(did you mean log_uniform_values\?\)/);
    expect(at('  lr:\n    min: 2\n    max: 1\n')).toBe('sweep.yaml:4:10: lr: min must be below max (got min 2, max 1)');
    expect(at('  lr:\n    distribution: log_uniform_values\n    min: 0\n    max: 1\n')).toMatch(/^sweep\.yaml:5:10: lr: log_uniform_values needs min above 0/);
    expect(at('  lr:\n    distribution: uniform\n    min: 0\n    max: 1\n    q: 2\n')).toBe('sweep.yaml:7:5: lr: q is no setting of the uniform distribution (it takes min, max)');
    expect(at('  lr:\n    distribution: beta\n    a: 1\n    b: 2\n')).toMatch(/^sweep\.yaml:4:19: lr: W&B's beta distribution has no family here/);
    expect(at('  lr:\n    maxx: 0\n')).toMatch(/^sweep\.yaml:4:5: lr: unknown key "maxx" in a W&B sweep parameter \(did you mean max\?\)/);
    expect(at('  lr:\n    values: [a, b]\n    probabilities: [1]\n')).toBe('sweep.yaml:5:20: lr: probabilities: is a list of 2 numbers, one for each of values:');
    expect(at('  lr:\n    values: [[1, 2], [3]]\n')).toMatch(/^sweep\.yaml:4:14: lr: a value is a list or mapping/);
    expect(at('  lr:\n    min: 0.1\n    max: 1\n', 'method: bayesian\n')).toBe('sweep.yaml:1:9: method must be bayes, random or grid (got "bayesian")');
    expect(at('  lr:\n    min: 0.1\n    max: 1\n', 'projekt: x\n')).toMatch(/^sweep\.yaml:1:1: unknown top-level key "projekt" of a W&B sweep configuration \(did you mean project\?\)/);
    expect(at('  lr:\n    min: 0.1\n    max: 1\n', 'run_cap: 5\ntrials: 5\n')).toBe("sweep.yaml:2:1: run_cap and trials both give the study's trials: give it once");
    expect(at('  lr:\n    min: 0.1\n    max: 1\n', 'metric: {name: a, goal: maximize}\ngoal: minimize\n')).toBe("sweep.yaml:2:1: metric.goal and goal both give the study's goal: give it once");
    expect(at('  lr:\n    min: 0.1\n    max: 1\n', 'metrics:\n  - {name: a}\n')).toMatch(/^sweep\.yaml:1:1: metrics: \(several objectives\) is not read/);
    expect(at('  lr:\n    min: 0.1\n    max: 1\n', 'early_terminate: {type: median}\n')).toMatch(/^sweep\.yaml:1:25: early_terminate: type must be hyperband/);
    expect(at('  lr:\n    min: 0.1\n    max: 1\n', 'metric: {goal: maximize}\n')).toMatch(/^sweep\.yaml:1:9: metric: needs name:/);
    // a space file's expression under parameters: is told where hypertune's own parameters go
    expect(at('  lr: uniform(0, 1)\n', '')).toMatch(/^sweep\.yaml:2:7: lr: a W&B sweep parameter is a mapping .*; hypertune's own files list their parameters under params:/);
  });

  it('leaves a file with params: a space file, where parameters: is a mistake', () => {
    expect(refusal('params:\n  x: uniform(0, 1)\nparameters:\n  y:\n    min: 0\n    max: 1\n')).toMatch(/^sweep\.yaml:3:1: unknown top-level key "parameters" \(did you mean params\?\)/);
  });
});
