// The chance to pass the rung where the pruner stopped runs: the cutoffs by hand, log Phi against the
// plain formula, the term's value against the posterior and its gradient by finite differences.
import { describe, expect, it } from 'vitest';
import { buildPosterior, predict, withTail } from '../../../src/engine/gp/posterior.js';
import { curvesOf, logNormalCdf, rungCutoffs, rungPassTerm } from '../../../src/engine/gp/rung-pass.js';
import type { Curve } from '../../../src/engine/prune/types.js';
import { normalCdf } from '../../../src/util/normal.js';

describe('rungCutoffs', () => {
  const curves: Curve[] = [
    { id: 0, state: 'complete', steps: [1, 2, 3], values: [0.5, 0.4, 0.3] },
    { id: 1, state: 'pruned', steps: [1], values: [0.9] },
    { id: 2, state: 'pruned', steps: [1, 2], values: [0.6, 0.55] },
    { id: 3, state: 'running', steps: [1], values: [0.7] },
  ];
  const fidelityAt = (step: number): number => step / 10;
  const toTarget = (loss: number): number => 2 * loss;

  it("reads the pruner's share among every value reported at each step where a run stopped", () => {
    // step 1: 0.5 0.6 0.7 0.9, a third at index 4/3 - 1/2; step 2: 0.4 0.55, at index 2/3 - 1/2
    const rungs = rungCutoffs(curves, 'minimize', { share: 1 / 3, bestRunPasses: false }, fidelityAt, toTarget);
    expect(rungs.map((r) => r.fidelity)).toEqual([0.1, 0.2]);
    expect(rungs[0]?.cutoff).toBeCloseTo(2 * (0.5 + (5 / 6) * 0.1), 12);
    expect(rungs[1]?.cutoff).toBeCloseTo(2 * (0.4 + (1 / 6) * 0.15), 12);
  });

  it('without a share, takes the share of the finished runs that went past the step', () => {
    // step 1: two of the three finished runs went on (2/3); step 2: one of two (1/2); running runs count as values only
    const rungs = rungCutoffs(curves, 'minimize', { share: null, bestRunPasses: false }, fidelityAt, toTarget);
    expect(rungs[0]?.cutoff).toBeCloseTo(2 * (0.7 + (1 / 6) * 0.2), 12);
    expect(rungs[1]?.cutoff).toBeCloseTo(2 * (0.4 + 0.5 * 0.15), 12);
  });

  it("lets a run as good as the best complete run was there pass, as asha's guard does", () => {
    const slow: Curve = { id: 4, state: 'complete', steps: [1, 2, 3], values: [0.8, 0.7, 0.2] };
    const rungs = rungCutoffs([...curves, slow], 'minimize', { share: 1 / 3, bestRunPasses: true }, fidelityAt, toTarget);
    // step 1 now holds 0.5 0.6 0.7 0.8 0.9 (a third at index 7/6): 0.6 + 2/3 0.1; the best run (0.2) had 0.8 there
    expect(rungs[0]?.cutoff).toBeCloseTo(2 * 0.8, 12);
    // step 2: 0.4 0.55 0.7, a third at index 1/2: 0.475; the best run had 0.7
    expect(rungs[1]?.cutoff).toBeCloseTo(2 * 0.7, 12);
    expect(rungCutoffs([...curves, slow], 'minimize', { share: 1 / 3, bestRunPasses: false }, fidelityAt, toTarget)[1]?.cutoff).toBeCloseTo(2 * 0.475, 12);
  });

  it('skips a step with a single value, and a study without pruned runs has no rungs', () => {
    const lone: Curve[] = [{ id: 5, state: 'pruned', steps: [4], values: [0.2] }, ...curves.slice(0, 1)];
    expect(rungCutoffs(lone, 'minimize', { share: 0.5, bestRunPasses: false }, fidelityAt, toTarget)).toEqual([]);
    expect(rungCutoffs(curves.slice(0, 1), 'minimize', { share: 0.5, bestRunPasses: false }, fidelityAt, toTarget)).toEqual([]);
  });

  it('reads the curves of the trials that ran, sign-flipped for maximize', () => {
    const read = curvesOf([
      { id: 0, params: {}, state: 'pruned', value: 0.8, curve: { steps: [1, 2], values: [0.7, 0.8] } },
      { id: 1, params: {}, state: 'failed', value: null, curve: { steps: [1], values: [0.1] } },
      { id: 2, params: {}, state: 'complete', value: 0.5 },
    ]);
    expect(read).toEqual([{ id: 0, state: 'pruned', steps: [1, 2], values: [0.7, 0.8] }]);
    // maximize: the same cutoffs as the negated values minimized give
    const negated = curves.map((c) => ({ ...c, values: c.values.map((v) => -v) }));
    const rule = { share: 1 / 3, bestRunPasses: true };
    expect(rungCutoffs(negated, 'maximize', rule, fidelityAt, toTarget)).toEqual(rungCutoffs(curves, 'minimize', rule, fidelityAt, toTarget));
  });
});

describe('logNormalCdf', () => {
  it('is log Phi(z) with its slope, and joins its tail form smoothly', () => {
    for (const z of [-4.5, -1, 0, 2.5]) {
      expect(logNormalCdf(z).value).toBeCloseTo(Math.log(normalCdf(z)), 10);
      const h = 1e-6;
      expect(logNormalCdf(z).slope).toBeCloseTo((logNormalCdf(z + h).value - logNormalCdf(z - h).value) / (2 * h), 5);
    }
    expect(logNormalCdf(-5.000001).value).toBeCloseTo(logNormalCdf(-4.999999).value, 4);
    expect(logNormalCdf(-5.000001).slope).toBeCloseTo(logNormalCdf(-4.999999).slope, 4);
    // far in the tail: -z^2/2 - log(-z) - log sqrt(2 pi), finite
    expect(logNormalCdf(-40).value).toBeCloseTo(-800 - Math.log(40) - 0.5 * Math.log(2 * Math.PI), 2);
  });
});

describe('rungPassTerm', () => {
  // two inputs and the fidelity: four rows, two at a low fidelity
  const x = Float64Array.from([0.2, 0.3, 1, 0.8, 0.6, 1, 0.25, 0.35, 0.3, 0.7, 0.7, 0.3]);
  const data = { x, y: Float64Array.from([-1, 0.5, 1.2, 0.2]), n: 4, d: 3, categorical: Uint8Array.from([0, 0, 0]) };
  const post = withTail(buildPosterior(data, Float64Array.from([Math.log(0.4), Math.log(0.5), Math.log(0.6), 0, Math.log(0.01)])), [1]);
  const rungs = [
    { fidelity: 0.3, cutoff: 0.4 },
    { fidelity: 0.6, cutoff: 0 },
  ];
  const term = rungPassTerm(post, rungs, 0.5)!;

  it('is the weight times log P(passing) at the hardest rung, from the posterior at its fidelity and the noise', () => {
    const at = [0.3, 0.4];
    const logs = rungs.map((r) => {
      const p = predict(withTail(post, [r.fidelity]), at);
      return Math.log(normalCdf((r.cutoff - p.mean) / Math.sqrt(p.variance + post.noise)));
    });
    expect(term.value(at)).toBeCloseTo(0.5 * Math.min(...logs), 10);
    expect(term.value(at)).toBeLessThan(0);
  });

  it('has the gradient of its value', () => {
    for (const at of [[0.3, 0.4], [0.7, 0.65], [0.05, 0.9]]) {
      const grad = [0, 0];
      term.addGradient(at, [0, 1], grad);
      [0, 1].forEach((k) => {
        const h = 1e-6;
        const up = at.slice();
        const down = at.slice();
        up[k] = (up[k] as number) + h;
        down[k] = (down[k] as number) - h;
        expect(grad[k]).toBeCloseTo((term.value(up) - term.value(down)) / (2 * h), 4);
      });
    }
  });

  it('is none without rungs or weight', () => {
    expect(rungPassTerm(post, [], 1)).toBeNull();
    expect(rungPassTerm(post, rungs, 0)).toBeNull();
  });
});
