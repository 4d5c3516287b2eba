import { describe, expect, it } from 'vitest';
import { decidePrune, prunerProblem, resolvePruner, type Curve, type PrunerOptions } from '../../../src/engine/prune/index.js';
import { nearCopyOf } from '../../../src/engine/prune/confirm.js';
import { parseSpace } from '../../../src/space/index.js';
import type { Config } from '../../../src/space/types.js';

const space = parseSpace('metric: loss\nparams:\n  lr: loguniform(0.0001, 1)\n  width: randint(1, 101)\n  opt: choice(sgd, adam)\n');

// Five complete runs at steps 1-3 (at step 2 their values 0.8, 0.7, 1.0, 0.6, 0.9: median 0.8), far
// from the configuration judged below, each ending between 0.4 and 0.9.
const completes: Curve[] = [
  [1.0, 0.8, 0.6],
  [0.9, 0.7, 0.5],
  [1.2, 1.0, 0.9],
  [0.8, 0.6, 0.4],
  [1.1, 0.9, 0.7],
].map((values, id) => ({ id, state: 'complete', steps: [1, 2, 3], values }));
const farParams: Config[] = [0.5, 0.3, 0.2, 0.4, 0.6].map((lr) => ({ lr, width: 90, opt: 'adam' }));

const SLOW: Config = { lr: 0.001, width: 10, opt: 'sgd' };
/** A run of SLOW's neighbourhood stopped at step 2 with 0.95 there. */
const stopped = (id: number): Curve => ({ id, state: 'pruned', steps: [1, 2], values: [1.3, 0.95] });

function judge(curves: Curve[], params: Config[], id: number, options: PrunerOptions, modelled = true) {
  const nearCopy = nearCopyOf(space, (other) => params[other]);
  return decidePrune({ settings: resolvePruner({ name: 'median', warmupSteps: 0, maxSteps: 3, ...options }), goal: 'minimize', seed: 0, curves, id, nearCopy, curvesModelled: () => modelled });
}

describe('confirming a run of copies: the sampler asks again where the pruner stopped runs', () => {
  it('lets the third copy of a configuration stopped twice run on, once, and says why', () => {
    const curves = [...completes, stopped(5), stopped(6), { id: 7, state: 'running', steps: [1, 2], values: [1.3, 0.95] } as Curve];
    const params = [...farParams, SLOW, { ...SLOW, lr: 0.00105 }, { ...SLOW, width: 11 }];
    // off (confirmAfter 0): the median rule stops it (0.95 is worse than 0.8)
    expect(judge(curves, params, 7, { confirmAfter: 0 }).prune).toBe(true);
    // on by default
    expect(judge(curves, params, 7, {}).prune).toBe(false);
    const held = judge(curves, params, 7, { confirmAfter: 2 });
    expect(held.prune).toBe(false);
    expect(held.held).toBe('trial 7 is a near-copy of 2 trials stopped by step 2: the sampler keeps asking there, so one such run goes to the end to settle it');
    // a sampler that does not model curves (the TPE) is not held to its copies
    expect(judge(curves, params, 7, { confirmAfter: 2 }, false).prune).toBe(true);
    // one stopped copy is not yet a run of them
    expect(judge([...completes, stopped(5), curves[7] as Curve], [...farParams, SLOW, SLOW, params[7] as Config].map((p, i) => (i === 6 ? { lr: 0.9, width: 1, opt: 'adam' } : p)), 7, { confirmAfter: 2 }).prune).toBe(true);
  });

  it('confirms once: a copy that ran to the end, or one running past the step, settles the neighbourhood', () => {
    const running = (id: number, steps: number[]): Curve => ({ id, state: 'running', steps, values: steps.map(() => 0.95) });
    const params = [...farParams, SLOW, SLOW, SLOW, SLOW];
    // trial 7 ran to the end at 0.95 (a poor run): trial 8, the next copy, is stopped
    const ended: Curve = { id: 7, state: 'complete', steps: [1, 2, 3], values: [1.3, 0.95, 0.95] };
    expect(judge([...completes, stopped(5), stopped(6), ended, running(8, [1, 2])], params, 8, { confirmAfter: 2 }).prune).toBe(true);
    // trial 7 still running, past step 2: it is the confirmation, trial 8 is stopped
    expect(judge([...completes, stopped(5), stopped(6), running(7, [1, 2, 3]), running(8, [1, 2])], params, 8, { confirmAfter: 2 }).prune).toBe(true);
  });

  it('with confirmGood, never stops a copy of a complete run that ended in the better half', () => {
    // trial 5, SLOW's neighbourhood, ran to the end at 0.3, the best; it was 0.95 at step 2
    const good: Curve = { id: 5, state: 'complete', steps: [1, 2, 3], values: [1.3, 0.95, 0.3] };
    const copy: Curve = { id: 6, state: 'running', steps: [1, 2], values: [1.3, 0.96] };
    const params = [...farParams, SLOW, { ...SLOW, lr: 0.0011 }];
    expect(judge([...completes, good, copy], params, 6, { confirmAfter: 2, confirmGood: 'off' }).prune).toBe(true);
    const held = judge([...completes, good, copy], params, 6, { confirmAfter: 2, confirmGood: 'half' });
    expect(held).toMatchObject({ prune: false, held: 'trial 6 is a near-copy of trial 5, which ran to the end and ended in the better half: early values there do not count against it' });
    expect(judge([...completes, good, copy], params, 6, { confirmAfter: 2, confirmGood: 'half' }, false).prune).toBe(true);
    // a copy far worse at the step than the good run stood there (1.2 against 0.95) is judged as any other
    expect(judge([...completes, good, { ...copy, values: [1.3, 1.2] }], params, 6, { confirmAfter: 2, confirmGood: 'half' }).prune).toBe(true);
    // a copy of a run that ended in the worse half is judged as any other
    const poor: Curve = { ...good, values: [1.3, 0.95, 0.85] };
    expect(judge([...completes, poor, copy], params, 6, { confirmAfter: 2, confirmGood: 'half' }).prune).toBe(true);
  });

  it('a NaN stops a copy all the same', () => {
    const curves = [...completes, stopped(5), stopped(6), { id: 7, state: 'running', steps: [1, 2], values: [1.3, Number.NaN] } as Curve];
    expect(judge(curves, [...farParams, SLOW, SLOW, SLOW], 7, { confirmAfter: 2 }).prune).toBe(true);
  });

  it('near-copies: every numeric parameter within 3 % of its range (log ones in log), every choice the same', () => {
    const near = nearCopyOf(space, (id) => [SLOW, { ...SLOW, lr: 0.00131 }, { ...SLOW, lr: 0.00133 }, { ...SLOW, width: 12 }, { ...SLOW, width: 13 }, { ...SLOW, opt: 'adam' }][id]);
    // log10 range of lr is 4 decades: 3 % is 0.12 decades, a factor 1.318
    expect(near(0, 1)).toBe(true);
    expect(near(0, 2)).toBe(false);
    // randint(1, 101) draws 1..100: 3 % of that range is 2.97
    expect(near(0, 3)).toBe(true);
    expect(near(0, 4)).toBe(false);
    expect(near(0, 5)).toBe(false);
    expect(near(0, 9)).toBe(false);
  });

  it('refuses a confirm count that is not a whole number', () => {
    expect(prunerProblem(resolvePruner({ name: 'median', confirmAfter: 1.5 }))).toBe('confirm after must be a whole number >= 0 (got 1.5)');
    expect(prunerProblem(resolvePruner({ name: 'asha', confirmAfter: 2 }))).toBeNull();
  });
});
