// What plain JavaScript can hand the library's functions: each wrong input is a UsageError with a
// sentence, never a TypeError from inside nor an undefined result (a library user's audit).
import { describe, expect, it } from 'vitest';
import { createOptimizer, parseSpace, propose, sample, UsageError, type OptimizerOptions, type SampleOptions, type Space } from '../../src/index.js';

const space: Space = parseSpace('params:\n  x: uniform(0, 1)\n');
const loose = <T>(value: unknown): T => value as T;

describe('wrong inputs from plain JavaScript', () => {
  it('createOptimizer(space, null) says what the options are', () => {
    expect(() => createOptimizer(space, loose(null))).toThrow(UsageError);
    expect(() => createOptimizer(space, loose(null))).toThrow(/the options are an object/);
  });

  it("propose refuses an algo it does not know, naming hyperopt's spelling, instead of returning undefined", () => {
    expect(() => propose(space, [], 0, loose<OptimizerOptions>({ algo: 'hyperopt' }))).toThrow(/algo must be one of auto, gp, tpe, random, grid .*preset: 'hyperopt'/);
    expect(() => propose(space, [], 0, loose<OptimizerOptions>({ algo: 'tpee' }))).toThrow(UsageError);
    expect(propose(space, [], 0, { algo: 'tpe', tpe: { preset: 'hyperopt' } })?.params.x).toEqual(expect.any(Number));
  });

  it('propose refuses trials that are not an array', () => {
    expect(() => propose(space, loose('trials'), 0, {})).toThrow(/propose takes the trials so far as an array/);
  });

  it('sample needs its options, with a seed and a whole count', () => {
    expect(() => loose<(s: Space) => unknown>(sample)(space)).toThrow(/sample's options are \{ seed, count \}/);
    expect(() => sample(space, loose<SampleOptions>({ sed: 1, count: 2 }))).toThrow(/unknown option "sed"/);
    expect(() => sample(space, { seed: 1, count: -1 })).toThrow(/count is a whole number >= 0 \(got -1\)/);
    expect(() => sample(space, { seed: 1, count: 1.5 })).toThrow(UsageError);
    expect(() => sample(space, { seed: Number.NaN, count: 1 })).toThrow(/seed is a number or a string/);
    expect(() => sample(loose('params:\n  x: uniform(0, 1)\n'), { seed: 1, count: 1 })).toThrow(/sample takes a parsed space/);
    expect(sample(space, { seed: 'a', count: 3 })).toHaveLength(3);
    expect(sample(space, { seed: 1, count: 0 })).toEqual([]);
  });
});
