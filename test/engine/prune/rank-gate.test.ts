import { describe, expect, it } from 'vitest';
import { bracketOf, bracketWeights, decidePrune, prunerProblem, resolvePruner, type Curve, type PrunerOptions } from '../../../src/engine/prune/index.js';
import { ashaDecision } from '../../../src/engine/prune/asha.js';
import { ranks, rungAgreement } from '../../../src/engine/prune/rank-gate.js';

const curve = (id: number, values: number[], state: Curve['state'] = 'running'): Curve => ({ id, state, steps: values.map((_, i) => i + 1), values });

describe('rank agreement between two rungs', () => {
  it('ranks from 1, ties sharing their mean rank', () => {
    expect(ranks([0.3, 0.1, 0.2])).toEqual([3, 1, 2]);
    expect(ranks([0.5, 0.1, 0.5, 0.7])).toEqual([2.5, 1, 2.5, 4]);
  });

  it("is Spearman's correlation of the losses at both rungs over the trials that reached both", () => {
    // eight trials keep their order from step 1 to step 3: 1; reversed: -1
    const kept = Array.from({ length: 8 }, (_, i) => curve(i, [1 + i, 0.9 + i, 0.5 + i], 'complete'));
    expect(rungAgreement(kept, 1, 3, 'minimize')).toBeCloseTo(1, 12);
    const reversed = Array.from({ length: 8 }, (_, i) => curve(i, [1 + i, 0.9, 0.5 - i / 10], 'complete'));
    expect(rungAgreement(reversed, 1, 3, 'minimize')).toBeCloseTo(-1, 12);
    // maximizing turns values into losses first: the order (and so the agreement) is the same
    expect(rungAgreement(kept, 1, 3, 'maximize')).toBeCloseTo(1, 12);
    // by hand: ranks at step 1 [1..8], at step 3 [2,1,3,4,5,6,8,7]: d^2 sums to 4, rho = 1 - 6*4/(8*63)
    const swapped = [1, 0, 2, 3, 4, 5, 7, 6].map((rank, i) => curve(i, [i, 0, rank], 'complete'));
    expect(rungAgreement(swapped, 1, 3, 'minimize')).toBeCloseTo(1 - 24 / 504, 12);
  });

  it('counts only trials that reached both rungs, not interrupted ones, and needs eight of them', () => {
    const eight = Array.from({ length: 8 }, (_, i) => curve(i, [i, i, i]));
    expect(rungAgreement(eight.slice(0, 7), 1, 3, 'minimize')).toBeNull();
    expect(rungAgreement([...eight.slice(0, 7), curve(7, [7, 7])], 1, 3, 'minimize')).toBeNull();
    expect(rungAgreement([...eight.slice(0, 7), { ...curve(7, [7, 7, 7]), state: 'interrupted' }], 1, 3, 'minimize')).toBeNull();
    expect(rungAgreement(eight, 1, 3, 'minimize')).toBeCloseTo(1, 12);
    // all tied at a rung: no order to agree on
    expect(rungAgreement(eight.map((c) => ({ ...c, values: [1, 1, c.id] })), 1, 3, 'minimize')).toBeNull();
  });

  it('is a number from -1 to 1', () => {
    expect(resolvePruner({ name: 'asha' }).rankGate).toBe(0.5);
    expect(prunerProblem(resolvePruner({ name: 'asha', rankGate: 1.5 }))).toBe('rank gate must be a number from -1 to 1 (got 1.5)');
  });
});

describe('asha with the rank gate', () => {
  // eight trials that reached step 3; whose order at step 1 the next rung (3) keeps or reverses
  const agreeing = Array.from({ length: 8 }, (_, i) => curve(i, [0.5 + i / 10, 0.4 + i / 10, 0.3 + i / 10]));
  const reversing = Array.from({ length: 8 }, (_, i) => curve(i, [0.5 + i / 10, 0.4, 0.3 - i / 100]));
  const judge = (curves: Curve[], options: PrunerOptions) =>
    decidePrune({ settings: resolvePruner({ name: 'asha', reductionFactor: 3, minSteps: 1, ...options }), goal: 'minimize', seed: 0, curves, id: 8 });
  const newcomer = curve(8, [1.5]);

  it('prunes at a rung whose order the next rung keeps', () => {
    expect(judge([...agreeing, newcomer], {}).prune).toBe(true);
  });

  it('lets a trial go on at a rung whose order the next rung does not keep', () => {
    expect(judge([...reversing, newcomer], {})).toEqual({ prune: false, reason: null });
    // -1 turns the gate off: the plain rule
    expect(judge([...reversing, newcomer], { rankGate: -1 }).prune).toBe(true);
  });

  it('does not let through a run worse than every complete one there by more than their spread (a run diverging to 1e44; a user audit)', () => {
    // the reversing runs complete: at step 1 they stood from 0.5 to 1.2
    const finished = reversing.map((c) => ({ ...c, state: 'complete' as const }));
    expect(judge([...finished, curve(8, [1e44])], {}).prune).toBe(true);
    // 0.5 to 1.2: a spread of 0.7, ten of them past 1.2 is 8.2
    expect(judge([...finished, curve(8, [8.3])], {}).prune).toBe(true);
    expect(judge([...finished, curve(8, [8.1])], {}).prune).toBe(false);
    expect(judge([...finished, curve(8, [1e44])], { gateCeiling: false }).prune).toBe(false);
    // running ones are no measure of a finished run: the gate keeps its word
    expect(judge([...reversing, curve(8, [1e44])], {}).prune).toBe(false);
  });

  it('is hyperband\'s too, with the agreement taken over every bracket\'s trials', () => {
    const settings = resolvePruner({ name: 'asha', reductionFactor: 3, minSteps: 1 });
    const context = { settings, goal: 'minimize' as const, seed: 0, curves: [...reversing, newcomer], id: 8 };
    expect(ashaDecision(context).prune).toBe(false);
    // bracket 0's rungs, competing with trials 0..3 alone: the newcomer is worst there, yet the
    // agreement over all eight reversing trials keeps it; with the gate off it is stopped
    const peers = (c: Curve): boolean => c.id < 4 || c.id === 8;
    expect(ashaDecision(context, 0, peers, 'hyperband bracket 0').prune).toBe(false);
    expect(ashaDecision({ ...context, settings: { ...settings, rankGate: -1 } }, 0, peers, 'hyperband bracket 0').prune).toBe(true);
    // and through the pruner itself: with seed 1 all nine trials are drawn into bracket 0 (first rung 1)
    expect([...reversing, newcomer].map((c) => bracketOf(1, c.id, bracketWeights(1, 3, 27, 'scaled')))).toEqual(new Array(9).fill(0));
    const hyperband = (rankGate: number) =>
      decidePrune({ settings: resolvePruner({ name: 'hyperband', reductionFactor: 3, minSteps: 1, maxSteps: 27, rankGate }), goal: 'minimize', seed: 1, curves: [...reversing, newcomer], id: 8 });
    expect(hyperband(0.5)).toEqual({ prune: false, reason: null });
    expect(hyperband(-1).prune).toBe(true);
  });
});
