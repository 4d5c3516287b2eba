// report() takes one value a step, and what createOptimizer is handed is checked to the end: a second
// value for a step (a training and a validation loss) was kept as another epoch of the curve the pruner
// reads; tpe: 'hyperopt' or gp: 'fast' (a name where settings go) and a past trial's error that is no
// text were taken unsaid (a library user's audit).
import { describe, expect, it } from 'vitest';
import { createOptimizer, parseSpace, type CreateOptimizerOptions, type TrialRecord } from '../../src/index.js';

const space = parseSpace('params:\n  x: uniform(0, 1)\n');

describe('one value a step, and settings that are objects', () => {
  it('refuses a second report of a step, and keeps the curve as it was', () => {
    const opt = createOptimizer(space, { seed: 1, pruner: 'median' });
    const { id } = opt.ask();
    opt.report(id, 1, 0.5);
    expect(() => opt.report(id, 1, 0.9)).toThrow(/report: step 1 has its value already/);
    opt.report(id, 2, 0.4);
    opt.tell(id, 0.4);
    expect(opt.trials()[0]?.curve).toEqual({ steps: [1, 2], values: [0.5, 0.4] });
  });

  it("refuses a name where tpe's, gp's or auto's settings go", () => {
    expect(() => createOptimizer(space, { tpe: 'hyperopt' } as unknown as CreateOptimizerOptions)).toThrow(/tpe is an object of settings \(got "hyperopt"\)/);
    expect(() => createOptimizer(space, { gp: false } as unknown as CreateOptimizerOptions)).toThrow(/gp is an object of settings/);
    expect(() => createOptimizer(space, { pruner: 'asha' })).not.toThrow();
  });

  it("refuses a past trial's error that is not text", () => {
    const past = [{ id: 0, params: { x: 0.5 }, state: 'failed', value: null, error: 5 }] as unknown as TrialRecord[];
    expect(() => createOptimizer(space, {}, past)).toThrow(/past trial 0: error is a failed trial's reason, a string \(got 5\)/);
    expect(createOptimizer(space, {}, [{ id: 0, params: { x: 0.5 }, state: 'failed', value: null, error: null }]).trials()).toHaveLength(1);
  });
});
