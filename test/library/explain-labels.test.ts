// explainParameter and explainGpParameter give null for a parameter the proposal leaves inactive (or
// a start-up point); a label that is no parameter at all (a typo) gave the same null, and a caller
// could not tell the two apart (a library user's audit).
import { describe, expect, it } from 'vitest';
import { createOptimizer, explainGpParameter, explainParameter, parseSpace, UsageError } from '../../src/index.js';

const space = parseSpace('params:\n  x: uniform(0, 1)\n  y: uniform(0, 1)\n');

describe('explaining a label', () => {
  it('refuses a label that is no parameter of the space, naming the parameters', () => {
    const opt = createOptimizer(space, { algo: 'tpe', seed: 1 });
    for (let i = 0; i < 10; i++) {
      const { id, params } = opt.ask();
      opt.tell(id, Number(params.x) + Number(params.y));
    }
    const past = opt.trials();
    expect(() => explainParameter(space, past, 'z', { algo: 'tpe', seed: 1 })).toThrow(UsageError);
    expect(() => explainParameter(space, past, 'z', { algo: 'tpe', seed: 1 })).toThrow(/explainParameter: "z" is not a parameter of the space \(its parameters: x, y\)/);
    expect(() => explainGpParameter(space, past, 'X', { algo: 'gp', seed: 1 })).toThrow(/explainGpParameter: "X" is not a parameter/);
    expect(explainParameter(space, past, 'x', { algo: 'tpe', seed: 1 })?.label).toBe('x');
  });
});
