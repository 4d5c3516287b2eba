import { describe, expect, it } from 'vitest';
import { checkStudyMatches } from '../../src/cli/study-match.js';
import type { StudyMeta } from '../../src/study/events.js';

const stored: StudyMeta = {
  name: 'mnist',
  spaceText: 'metric: loss\nparams:\n  lr: loguniform(1e-5, 1)\n  layers: randint(1, 4)\n',
  spaceFile: 'mnist.yaml',
  command: ['python', 'train.py'],
  options: { metric: 'loss', goal: 'minimize', algo: 'tpe', pass: 'flags', pattern: null, objective: 'last', seed: 1, parallel: 1 },
  target: 20,
  createdAt: 0,
};

describe('checkStudyMatches', () => {
  it('accepts the same space and command, whatever the run-time options', () => {
    const same = { ...stored, spaceText: stored.spaceText.replace(/\n/g, '\r\n'), options: { ...stored.options, parallel: 4, seed: 9 }, target: 50 };
    expect(() => checkStudyMatches(stored, same, { seedGiven: false, freeName: 'mnist-2' })).not.toThrow();
  });

  it('says why parameters that only changed places make another search (a user audit: the diff showed one line moved)', () => {
    const swapped = { ...stored, spaceText: 'metric: loss\nparams:\n  layers: randint(1, 4)\n  lr: loguniform(1e-5, 1)  # now first\n' };
    expect(() => checkStudyMatches(stored, swapped, { seedGiven: false, freeName: 'mnist-2' })).toThrow(/\n {2}\(the same lines in another order: the order of the parameters is their place in the model/);
    const changed = { ...stored, spaceText: stored.spaceText.replace('1e-5', '1e-4') };
    expect(() => checkStudyMatches(stored, changed, { seedGiven: false, freeName: 'mnist-2' })).not.toThrow(/another order/);
  });

  it('refuses a changed space with a line diff and a free study name', () => {
    const changed = { ...stored, spaceText: stored.spaceText.replace('1e-5', '1e-4') };
    expect(() => checkStudyMatches(stored, changed, { seedGiven: false, freeName: 'mnist-2' })).toThrow(
      /the space differs \(- stored, \+ mnist\.yaml\):\n(.|\n)*- {3}lr: loguniform\(1e-5, 1\)\n {2}\+ {3}lr: loguniform\(1e-4, 1\)(.|\n)*--study mnist-2/,
    );
  });

  it('shows only what differs in the search: not a bound that may change, nor a default written out, nor comments (a user audit)', () => {
    const made = { ...stored, spaceText: '# first try\ngoal: minimize\ntrials: 3\nmetric: loss\nparams:\n  lr: loguniform(1e-5, 1)   # wide\n  layers: randint(1, 4)\n' };
    const changed = { ...stored, spaceText: 'trials: 6\nmetric: loss\nparams:\n  lr: loguniform(1e-4, 1)\n  layers: randint(1, 4)\n' };
    let message = '';
    try {
      checkStudyMatches(made, changed, { seedGiven: false, freeName: 'mnist-2' });
    } catch (error) {
      message = (error as Error).message;
    }
    const diff = message.split('\n').filter((line) => /^ {2}[-+]/.test(line));
    expect(diff).toEqual(['  -   lr: loguniform(1e-5, 1)', '  +   lr: loguniform(1e-4, 1)']);
  });

  it('says how to go on with the stored study as it is: resume where it was, or ask and tell for one made by create', () => {
    const changed = { ...stored, spaceText: stored.spaceText.replace('1e-5', '1e-4') };
    const where = { seedGiven: false, freeName: 'mnist-2', locationFlags: ['--storage <url>'] };
    expect(() => checkStudyMatches(stored, changed, where)).toThrow(/or continue this one as it is with `hypertune resume --study mnist --storage <url>`\.$/);
    const made = { ...stored, command: [] };
    expect(() => checkStudyMatches(made, { ...changed, command: [] }, where)).toThrow(
      /or give this one its trials as it is with `hypertune ask --study mnist --storage <url>` and `tell` \(it was made by `hypertune create`\)\.$/,
    );
  });

  it('refuses a changed command, goal or explicitly given seed', () => {
    const command = { ...stored, command: ['python', 'train.py', '--epochs', '3'] };
    expect(() => checkStudyMatches(stored, command, { seedGiven: false, freeName: 'x' })).toThrow(/the command differs:\n {2}- python train\.py\n {2}\+ python train\.py --epochs 3/);
    const goal = { ...stored, options: { ...stored.options, goal: 'maximize' } };
    expect(() => checkStudyMatches(stored, goal, { seedGiven: false, freeName: 'x' })).toThrow(/--maximize\/--minimize \(goal:\) differs: stored "minimize", given "maximize"/);
    const seed = { ...stored, options: { ...stored.options, seed: 2 } };
    expect(() => checkStudyMatches(stored, seed, { seedGiven: true, freeName: 'x' })).toThrow(/--seed differs: stored 1, given 2/);
  });

  it('compares the algorithm only when --algo was given; a study stored without one ran tpe', () => {
    const auto = { ...stored, options: { ...stored.options, algo: 'auto' } };
    expect(() => checkStudyMatches(stored, auto, { seedGiven: false, algoGiven: false, freeName: 'x' })).not.toThrow();
    expect(() => checkStudyMatches(stored, auto, { seedGiven: false, algoGiven: true, freeName: 'x' })).toThrow(/--algo \(algo:\) differs: stored "tpe", given "auto"/);
    const old = { ...stored, options: { ...stored.options, algo: undefined } };
    expect(() => checkStudyMatches(old, stored, { seedGiven: false, algoGiven: true, freeName: 'x' })).not.toThrow();
    expect(() => checkStudyMatches(old, auto, { seedGiven: false, algoGiven: true, freeName: 'x' })).toThrow(/--algo \(algo:\) differs: stored "tpe", given "auto"/);
  });
});
