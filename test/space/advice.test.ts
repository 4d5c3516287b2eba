import { describe, expect, it } from 'vitest';
import { parseSpace, spaceAdvice } from '../../src/space/index.js';

const advice = (params: string): string[] => spaceAdvice(parseSpace(`params:\n${params}`, { file: 's.yaml' }));

describe('advice on a valid space', () => {
  it('names a uniform over three or more positive decades, with its file, line, column and the log family to write', () => {
    expect(advice('  lr: uniform(1e-5, 0.1)\n')).toEqual([
      's.yaml:2:7: lr: uniform over 4 decades draws 90 % of its values from the top one; if a small value may be best (a learning rate, a weight decay), write loguniform(1e-5, 0.1)',
    ]);
    expect(advice('  wd: quniform(0.0001, 1, 0.0001)\n')).toEqual([expect.stringContaining('s.yaml:2:7: wd: quniform over 4 decades') as string]);
    expect(advice('  wd: quniform(0.0001, 1, 0.0001)\n')[0]).toMatch(/write qloguniform\(0\.0001, 1, 0\.0001\)$/);
    expect(advice('  c: uniform(0.001, 1)\n')[0]).toContain('uniform over 3 decades draws 90 % of');
  });

  it('names one inside a branch, as the file writes it', () => {
    const notes = advice('  opt:\n    choice:\n      - sgd\n      - adam:\n          lr: uniform(0.00001, 0.01)\n');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^s\.yaml:6:15: lr: uniform over 3 decades .* write loguniform\(0\.00001, 0\.01\)$/);
  });

  it('says nothing of ranges from zero, under three decades, negative, integer, or already in log space', () => {
    expect(advice('  a: uniform(0, 0.5)\n  b: uniform(0.001, 0.5)\n  c: uniform(-1, 100)\n  d: randint(1, 5000)\n  e: quniform(1, 10000, 1)\n  f: loguniform(1e-5, 1)\n  g: normal(0, 1)\n')).toEqual([]);
  });

  it("names a randint of one value: its upper bound is left out, unlike Optuna's suggest_int (a re-audit)", () => {
    expect(advice('  flag: randint(0, 1)\n  n: randint(2, 4)\n  m: uniformint(3, 4)\n')).toEqual([
      's.yaml:2:9: flag: randint leaves out its upper bound, so every trial gets 0: for 0 and 1 write randint(0, 2) or choice(0, 1)',
    ]);
  });

  it('says when there is nothing to tune: constants only, or choices of one option', () => {
    const fixed = "s.yaml: nothing to tune (the space has only constants): every trial gets the same values, so more than one trial only measures how much the program's result varies from run to run";
    expect(advice('  a: 3\n  b: resnet\n')).toEqual([fixed]);
    expect(advice('  a: 3\n  b: choice(resnet)\n')).toEqual([fixed.replace('only constants', 'only constants and choices of one option')]);
    expect(advice('  a: 3\n  b: choice(resnet, vit)\n')).toEqual([]);
    expect(advice('  a: 3\n  x: uniform(0, 1)\n')).toEqual([]);
  });

  it("names a q-family whose bounds are not multiples of q: hyperopt's values, not Optuna's step from low (a user audit)", () => {
    expect(advice('  k: quniform(1, 10, 3)\n')).toEqual([
      "s.yaml:2:6: k: quniform(1, 10, 3) takes multiples of 3 only (3, 6, 9), kept within the bounds (hyperopt's rounding also gives 0 now and then): 1 and 10 are never drawn; write bounds that are multiples of 3 to say so",
    ]);
    expect(advice('  b: qloguniform(16, 1000, 32)\n')[0]).toContain('takes multiples of 32 only (32 to 992 in steps of 32), as hyperopt\'s does: 16 and 1000 are never drawn');
    expect(advice('  d: quniform(0.1, 1.0, 0.2)\n')[0]).toContain('(0.2, 0.4, 0.6, 0.8, 1), as hyperopt\'s does: 0.1 is never drawn');
    expect(advice('  m: quniform(1, 11, 3)\n')[0]).toContain("(3, 6, 9), kept within the bounds (hyperopt's rounding also gives 0 and 12 now and then): 1 and 11 are never drawn");
    expect(advice('  a: quniform(32, 256, 32)\n  c: quniform(0.5, 2.5, 0.5)\n')).toEqual([]);
  });
});
