// The local penalty around pruned trials: its value by hand, its gradient by finite differences.
import { describe, expect, it } from 'vitest';
import { confirmedPruned, prunedPenalty } from '../../../src/engine/gp/pruned-penalty.js';

describe('prunedPenalty', () => {
  const points = [Float64Array.from([0.5, 0.5, 1]), Float64Array.from([0.2, 0.9, 0])];
  const inv2 = [4, 1, 2];
  const categorical = [0, 0, 1];
  const penalty = prunedPenalty(points, inv2, categorical, 0.3)!;

  it('is log(1 - exp(-r^2 / 2 rho^2)) summed over the pruned points, r in length scales, a choice apart counting 1', () => {
    const x = [0.6, 0.4, 1];
    const r2a = 4 * 0.1 ** 2 + 1 * 0.1 ** 2;
    const r2b = 4 * 0.4 ** 2 + 1 * 0.5 ** 2 + 2 * 1;
    const expected = Math.log(1 - Math.exp(-r2a / 0.18)) + Math.log(1 - Math.exp(-r2b / 0.18));
    expect(penalty.value(x)).toBeCloseTo(expected, 12);
    // far from both, nothing; on a pruned point, the floor, not -Infinity
    expect(penalty.value([0.95, 0.05, 0])).toBeGreaterThan(-1e-6);
    expect(penalty.value([0.5, 0.5, 1])).toBeCloseTo(Math.log(1e-6), 5);
  });

  it('has the gradient of its value in the numeric inputs', () => {
    for (const x of [[0.6, 0.4, 1], [0.35, 0.7, 0], [0.45, 0.55, 1]]) {
      const grad = [0, 0];
      penalty.addGradient(x, [0, 1], grad);
      [0, 1].forEach((k, i) => {
        const h = 1e-6;
        const up = x.slice();
        const down = x.slice();
        up[k] = (up[k] as number) + h;
        down[k] = (down[k] as number) - h;
        expect(grad[i]).toBeCloseTo((penalty.value(up) - penalty.value(down)) / (2 * h), 4);
      });
    }
  });

  it('is none without pruned points or a radius', () => {
    expect(prunedPenalty([], inv2, categorical, 0.3)).toBeNull();
    expect(prunedPenalty(points, inv2, categorical, 0)).toBeNull();
  });
});

describe('confirmedPruned', () => {
  it('keeps the pruned trials a near one confirmed: the same step, the same loss within the tolerance', () => {
    const row = (x: number, step: number, loss: number): { point: Float64Array; step: number; loss: number } => ({ point: Float64Array.from([x]), step, loss });
    const rows = [row(0.5, 3, 0.4), row(0.52, 3, 0.4005), row(0.9, 3, 0.4), row(0.1, 1, 0.7), row(0.11, 9, 0.7)];
    // 0 and 1: near, same step and loss; 2 far from both; 3 and 4 near but stopped at other steps
    expect(confirmedPruned(rows, [1], [0], 0.1, 0.001).map((p) => p[0])).toEqual([0.5, 0.52]);
    expect(confirmedPruned(rows, [1], [0], 0.1, 0.0001)).toEqual([]);
  });
});
