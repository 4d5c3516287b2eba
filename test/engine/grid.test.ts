import { describe, expect, it } from 'vitest';
import { createOptimizer, gridPoint, gridSize, propose } from '../../src/engine/index.js';
import { UsageError } from '../../src/errors.js';
import type { Config } from '../../src/space/types.js';
import { choice, constant, makeSpace, numeric, uniform } from './spaces.js';

function everyAsk(space: ReturnType<typeof makeSpace>): Config[] {
  const opt = createOptimizer(space, { algo: 'grid' });
  const asked: Config[] = [];
  while (!opt.exhausted()) {
    const { id, params } = opt.ask();
    asked.push(params);
    opt.tell(id, 0);
  }
  return asked;
}

describe('grid search', () => {
  it('enumerates choices and integer values exactly once, first parameter outermost', () => {
    const space = makeSpace([choice('opt', ['sgd', 'adam']), numeric('layers', 'uniformint', { low: 1, high: 3 }), constant('epochs', 5)]);
    expect(gridSize(space)).toBe(6);
    expect(everyAsk(space)).toEqual([
      { opt: 'sgd', layers: 1, epochs: 5 },
      { opt: 'sgd', layers: 2, epochs: 5 },
      { opt: 'sgd', layers: 3, epochs: 5 },
      { opt: 'adam', layers: 1, epochs: 5 },
      { opt: 'adam', layers: 2, epochs: 5 },
      { opt: 'adam', layers: 3, epochs: 5 },
    ]);
  });

  it('enumerates quantized values on their step', () => {
    const space = makeSpace([numeric('dropout', 'quniform', { low: 0, high: 0.5, q: 0.1 })]);
    expect(everyAsk(space).map((c) => c.dropout)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
  });

  it('spaces N points over a continuous range, evenly in log space for log families', () => {
    const space = makeSpace([uniform('x', 0, 1, { grid: 3 }), numeric('lr', 'loguniform', { low: 1e-4, high: 1e-2, grid: 3 })]);
    const asked = everyAsk(space);
    expect(asked.map((c) => c.x)).toEqual([0, 0, 0, 0.5, 0.5, 0.5, 1, 1, 1]);
    // exactly the values a user writes, not exp(log(1e-4)) = 0.00010000000000000009
    expect(asked.slice(0, 3).map((c) => c.lr)).toEqual([1e-4, 1e-3, 1e-2]);
  });

  it("puts a normal family's middle point at its median exactly (found by a user audit)", () => {
    const space = makeSpace([numeric('n', 'normal', { mu: 0, sigma: 1, grid: 3 }), numeric('ln', 'lognormal', { mu: 0, sigma: 1, grid: 3 })]);
    const asked = everyAsk(space);
    expect(asked[4]).toEqual({ n: 0, ln: 1 });
    expect(asked.map((c) => c.n).filter((v) => v !== 0).every((v) => Math.abs(Math.abs(v as number) - 0.967421566101701) < 1e-12)).toBe(true);
  });

  it('uses the space-wide grid count for continuous parameters without their own', () => {
    const space = makeSpace([uniform('x', -1, 1), numeric('n', 'randint', { low: 0, high: 1 })], { grid: 5 });
    expect(gridSize(space)).toBe(10);
  });

  it('enumerates conditional sub-spaces only under their option', () => {
    const space = makeSpace([
      choice('model', [
        { value: 'svm', params: [numeric('C', 'quniform', { low: 1, high: 3, q: 1 })] },
        { value: 'tree', params: [choice('criterion', ['gini', 'entropy'])] },
        'knn',
      ]),
    ]);
    expect(gridSize(space)).toBe(6);
    expect(everyAsk(space)).toEqual([
      { model: 'svm', C: 1 },
      { model: 'svm', C: 2 },
      { model: 'svm', C: 3 },
      { model: 'tree', criterion: 'gini' },
      { model: 'tree', criterion: 'entropy' },
      { model: 'knn' },
    ]);
  });

  it('names a continuous parameter that has no grid count', () => {
    const space = makeSpace([choice('a', [1, 2]), uniform('learning_rate', 0, 1)]);
    expect(() => gridSize(space)).toThrow(UsageError);
    expect(() => gridSize(space)).toThrow(/"learning_rate" is continuous/);
  });

  it('skips points taken by other trials, frees interrupted ones, and returns null when exhausted', () => {
    const space = makeSpace([choice('a', ['x', 'y'])]);
    const taken = { id: 0, params: gridPoint(space, 0), state: 'complete' as const, value: 1 };
    expect(propose(space, [taken], 1, { algo: 'grid' })?.params).toEqual({ a: 'y' });
    const second = { id: 1, params: { a: 'y' }, state: 'interrupted' as const, value: null };
    expect(propose(space, [taken, second], 2, { algo: 'grid' })?.params).toEqual({ a: 'y' });
    expect(propose(space, [taken, { ...second, state: 'running' as const }], 2, { algo: 'grid' })).toBeNull();
    const opt = createOptimizer(space, { algo: 'grid' }, [taken, { ...second, state: 'complete', value: 2 }]);
    expect(opt.exhausted()).toBe(true);
    expect(() => opt.ask()).toThrow(/exhausted/);
  });
});
