import { describe, expect, it } from 'vitest';
import { SpaceError } from '../../src/errors.js';
import { parseSpace } from '../../src/space/index.js';
import { floatLabels } from '../../src/space/active.js';
import type { NumericNode } from '../../src/space/types.js';

function numeric(text: string, label: string): NumericNode {
  const node = parseSpace(text).nodes.find((candidate) => candidate.label === label);
  if (node?.kind !== 'numeric') throw new Error(`${label} is not numeric`);
  return node;
}

describe('parseSpace', () => {
  it('reads the top-level settings, with their defaults', () => {
    const defaults = parseSpace('params:\n  x: uniform(0, 1)\n');
    expect(defaults).toMatchObject({ metric: 'loss', goal: 'minimize', trials: null, grid: null, algo: null, pattern: null, objective: 'last', file: null });
    const set = parseSpace('metric: acc\ngoal: maximize\ntrials: 40\nalgo: tpe\ngrid: 3\npattern: "acc=(\\\\S+)"\nobjective: max\nparams:\n  x: uniform(0, 1)\n');
    expect(set).toMatchObject({ metric: 'acc', goal: 'maximize', trials: 40, algo: 'tpe', grid: 3, pattern: 'acc=(\\S+)', objective: 'max' });
    expect(() => parseSpace('algo: bayes\nparams:\n  x: uniform(0, 1)\n', { file: 's.yaml' })).toThrow(
      's.yaml:1:7: algo must be auto, gp, tpe, random, grid, hyperopt (got "bayes")',
    );
    expect(parseSpace('algo: hyperopt\nparams:\n  x: uniform(0, 1)\n').algo).toBe('hyperopt');
  });

  it('reads objective: last-K-avg, and refuses a bad K or another spelling in one line naming file, line and field', () => {
    expect(parseSpace('objective: last-5-avg\nparams:\n  x: uniform(0, 1)\n').objective).toBe('last-5-avg');
    const refused = (objective: string): string => {
      try {
        parseSpace(`metric: return\nobjective: ${objective}\nparams:\n  x: uniform(0, 1)\n`, { file: 's.yaml' });
      } catch (error) {
        expect(error).toBeInstanceOf(SpaceError);
        return (error as Error).message;
      }
      throw new Error(`objective: ${objective} was taken`);
    };
    expect(refused('last-1-avg')).toBe('s.yaml:2:12: objective last-1-avg averages one value, which is objective: last; K of last-K-avg runs from 2 to 1000000');
    expect(refused('last-0-avg')).toBe('s.yaml:2:12: objective last-0-avg: K of last-K-avg must be a whole number from 2 to 1000000 (got 0)');
    expect(refused('last-2000000-avg')).toMatch(/^s\.yaml:2:12: objective last-2000000-avg: K of last-K-avg must be a whole number from 2 to 1000000/);
    expect(refused('last5')).toMatch(/^s\.yaml:2:12: objective must be last, min, max or last-K-avg .*\(got "last5"\); did you mean last-5-avg\?$/);
    expect(refused('{mean_of_last: 5}')).toMatch(/did you mean last-5-avg\?$/);
    expect(refused('mean')).not.toContain('did you mean');
  });

  it('reads a time budget as a duration, and a trial count up to a billion', () => {
    expect(parseSpace('params:\n  x: uniform(0, 1)\n').timeBudgetS).toBeNull();
    expect(parseSpace('time_budget: 1h30m\nparams:\n  x: uniform(0, 1)\n').timeBudgetS).toBe(5400);
    expect(parseSpace('time_budget: 90\nparams:\n  x: uniform(0, 1)\n').timeBudgetS).toBe(90);
    expect(() => parseSpace('time_budget: [1h]\nparams:\n  x: uniform(0, 1)\n', { file: 's.yaml' })).toThrow(
      's.yaml:1:14: time_budget must be a duration like 8h, 90m, 1h30m or a number of seconds',
    );
    expect(() => parseSpace('time_budget: 0\nparams:\n  x: uniform(0, 1)\n', { file: 's.yaml' })).toThrow('s.yaml:1:14: time_budget must be a duration');
    expect(() => parseSpace('trials: 3000000000\nparams:\n  x: uniform(0, 1)\n', { file: 's.yaml' })).toThrow(
      's.yaml:1:9: trials must be an integer from 1 to 1000000000 (got 3000000000)',
    );
  });

  it('per-parameter grid, in block and in one-line flow form (the comma inside the parentheses is kept)', () => {
    const block = numeric('params:\n  lr:\n    dist: loguniform(1e-5, 1)\n    grid: 5\n', 'lr');
    const flow = numeric('params:\n  lr: { dist: loguniform(1e-5, 1), grid: 5 }\n', 'lr');
    for (const node of [block, flow]) expect(node).toMatchObject({ family: 'loguniform', low: 1e-5, high: 1, grid: 5, log: true });
    const quoted = numeric('params:\n  lr: { dist: "loguniform(1e-5, 1)", grid: 5 }\n', 'lr');
    expect(quoted.grid).toBe(5);
  });

  it('points inside a one-line flow form at the argument at fault', () => {
    try {
      parseSpace('params:\n  lr: { dist: loguniform(1,  0.1), grid: 5 }\n', { file: 's.yaml' });
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(SpaceError);
      expect((error as SpaceError).message).toBe('s.yaml:2:30: lr: loguniform needs 0 < low < high (got low = 1, high = 0.1)');
    }
  });

  it('constants pass through unchanged; a quoted expression is a string constant', () => {
    const space = parseSpace('params:\n  x: uniform(0, 1)\n  epochs: 20\n  name: "uniform(0, 1)"\n  flag: false\n  nothing:\n  path: /data/$HOME\n  init: uniform\n  noise: normal scaled\n  open: "loguniform(1"\n');
    const constants = Object.fromEntries(space.nodes.filter((n) => n.kind === 'constant').map((n) => [n.label, n.kind === 'constant' ? n.value : undefined]));
    // a family's name alone or before words is a constant too; only a quoted broken expression is
    expect(constants).toEqual({ epochs: 20, name: 'uniform(0, 1)', flag: false, nothing: null, path: '/data/$HOME', init: 'uniform', noise: 'normal scaled', open: 'loguniform(1' });
  });

  it('integer results: randint and uniformint always, q-families when every argument is an integer', () => {
    expect(numeric('params:\n  k: randint(6)\n', 'k')).toMatchObject({ low: 0, high: 5, integer: true });
    expect(numeric('params:\n  k: randint(1, 6)\n', 'k')).toMatchObject({ low: 1, high: 5, integer: true });
    expect(numeric('params:\n  k: uniformint(1, 6)\n', 'k')).toMatchObject({ low: 1, high: 6, integer: true });
    expect(numeric('params:\n  h: quniform(16, 256, 16)\n', 'h').integer).toBe(true);
    expect(numeric('params:\n  h: quniform(0, 1, 0.1)\n', 'h').integer).toBe(false);
    expect(numeric('params:\n  h: qnormal(0, 1.5, 1)\n', 'h').integer).toBe(false);
  });

  it('choice keeps each option as written: numbers, booleans, strings with spaces, quotes and $', () => {
    const space = parseSpace(`params:\n  c:\n    choice: [1, 2.5, true, "leaky relu", 'it''s', $HOME, null]\n`);
    const node = space.nodes[0];
    expect(node?.kind === 'choice' ? node.options.map((o) => o.value) : []).toEqual([1, 2.5, true, 'leaky relu', "it's", '$HOME', null]);
  });

  it('keeps the exact text and the file name', () => {
    const text = 'params:\n  x: uniform(0, 1)   # comment\n';
    expect(parseSpace(text, { file: 'a.yaml' })).toMatchObject({ text, file: 'a.yaml' });
  });

  it('reads stop: as the file writes it, and nothing when it is left out', () => {
    const text = 'stop:\n  at: -0.5\n  patience: 30\n  min_delta: 0.001\nparams:\n  x: uniform(0, 1)\n';
    expect(parseSpace(text).stop).toEqual({ at: -0.5, patience: 30, minDelta: 0.001 });
    expect(parseSpace('params:\n  x: uniform(0, 1)\n').stop).toEqual({});
  });
});

describe('constants and choices as the program gets them (found by a user audit)', () => {
  it('keeps a float written as a float, and refuses an integer too long for a float (quoted, its digits are text)', () => {
    expect(() => parseSpace('params:\n  seed: 12345678901234567890\n', { file: 's.yaml' })).toThrow(
      's.yaml:2:9: seed: 12345678901234567890 is beyond the integers a float holds exactly (it would reach the program as 12345678901234567000): quote it ("12345678901234567890") to pass its digits as text',
    );
    const space = parseSpace('params:\n  seed: "12345678901234567890"\n  scale: 1.0\n  e3: 1e3\n  n: 7\n  ver: "1.10"\n');
    const byLabel = (label: string) => space.nodes.find((node) => node.label === label);
    expect(byLabel('seed')).toMatchObject({ kind: 'constant', value: '12345678901234567890' });
    expect(byLabel('scale')).toMatchObject({ kind: 'constant', value: 1, float: true });
    expect(byLabel('e3')).toMatchObject({ kind: 'constant', value: 1000, float: true });
    expect(byLabel('n')).not.toHaveProperty('float');
    expect(byLabel('ver')).toMatchObject({ value: '1.10' });
    expect(floatLabels(space)).toEqual(['scale', 'e3']);
  });

  it('passes a choice with fractions among its numbers as floats, a choice of whole numbers as integers', () => {
    const space = parseSpace('params:\n  lr: choice(0.1, 1.0)\n  layers: choice(1, 2)\n  act: choice(relu, 1.5)\n');
    expect(floatLabels(space)).toEqual(['lr']);
  });

  it("reads a study's stored space with a label refused since (trial_id, constructor): the study goes on", () => {
    const text = 'params:\n  trial_id: choice(a, b)\n  constructor: uniform(0, 1)\n';
    expect(() => parseSpace(text)).toThrow(/invalid label "trial_id"/);
    expect(parseSpace(text, { stored: true }).nodes.map((node) => node.label)).toEqual(['trial_id', 'constructor']);
  });

  it('passes a choice of whole numbers written as floats as floats, inline or as a list', () => {
    const space = parseSpace('params:\n  scale: choice(1.0, 2.0)\n  width: { choice: [1.0, 2, 4] }\n  depth: { choice: [1, 2] }\n  tag: choice(1.0, relu)\n');
    expect(floatLabels(space)).toEqual(['scale', 'width', 'tag']);
    expect(space.nodes.find((node) => node.label === 'scale')).toMatchObject({ options: [{ value: 1, float: true }, { value: 2, float: true }] });
  });

  it("keeps a choice of words and numbers as written: scikit-learn's max_features 1.0 (every feature) is no 1 (one feature)", () => {
    // a user audit: choice(sqrt, log2, 1.0) reached the program as --max_features=1
    const space = parseSpace('params:\n  all: choice(sqrt, log2, 1.0)\n  one: choice(sqrt, 1, 0.5)\n  part: choice(sqrt, 0.5)\n  both: choice(sqrt, 1, 2.0)\n');
    expect(floatLabels(space)).toEqual(['all']);
  });
});
