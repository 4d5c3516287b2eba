import { describe, expect, it } from 'vitest';
import { inLabelOrder, inSpaceOrder } from '../../src/study/param-order.js';
import type { StudyState } from '../../src/study/replay.js';

describe('inSpaceOrder', () => {
  it("puts every trial's parameters in the space's order, labels it does not name after them as they were", () => {
    // as PostgreSQL's jsonb gives them back: shortest key first
    const state = { trials: [{ id: 0, params: { bn: true, lr: 0.1, zz: 1, act: 'relu', dropout: 0.2, aa: 2 } }] } as unknown as StudyState;
    const ordered = inSpaceOrder(state, ['dropout', 'act', 'lr', 'bn']);
    expect(Object.keys(ordered.trials[0]?.params ?? {})).toEqual(['dropout', 'act', 'lr', 'bn', 'zz', 'aa']);
    expect(ordered.trials[0]?.params).toEqual(state.trials[0]?.params);
  });

  it('orders one configuration so (a trial run again from PostgreSQL: its argv and line as show gives them; a user audit)', () => {
    expect(Object.keys(inLabelOrder({ lr: 0.003, act: 'relu', layers: 4 }, ['lr', 'layers', 'act']))).toEqual(['lr', 'layers', 'act']);
  });
});
