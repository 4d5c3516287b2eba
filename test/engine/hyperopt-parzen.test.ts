import { describe, expect, it } from 'vitest';
import { mixtureLogPdf } from '../../src/engine/tpe/gmm.js';
import { adaptiveParzen, categoricalPosterior, linearForgettingWeights } from '../../src/engine/tpe/parzen.js';
import { erf, normalCdf, normalMass } from '../../src/util/normal.js';

// Expected values: hyperopt.md §2-§3, measured on hyperopt's own code.
function close(actual: readonly number[], expected: readonly number[], digits = 5): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(a).toBeCloseTo(expected[i] ?? NaN, digits));
}

describe('hyperopt adaptive Parzen estimator', () => {
  it('is the prior alone without observations', () => {
    const m = adaptiveParzen([], 1, 0, 2);
    expect(m).toEqual({ weights: [1], mus: [0], sigmas: [2] });
  });

  it('gives one observation half the prior width', () => {
    const m = adaptiveParzen([0.3], 1, 0, 2);
    close(m.weights, [0.5, 0.5]);
    close(m.mus, [0, 0.3]);
    close(m.sigmas, [2, 1]);
  });

  it('widths are the larger gap to a sorted neighbour', () => {
    const m = adaptiveParzen([0.9, 0.1, 0.5], 1, 0, 2);
    close(m.weights, [0.25, 0.25, 0.25, 0.25]);
    close(m.mus, [0, 0.1, 0.5, 0.9]);
    close(m.sigmas, [2, 0.4, 0.4, 0.4]);
  });

  it('clips widths to [sigma0 / (n + 2), sigma0] and resets the prior width', () => {
    const m = adaptiveParzen([2, -1, 0.2, 0.25, 4], 1, 0, 2);
    close(m.weights, new Array<number>(6).fill(1 / 6));
    close(m.mus, [-1, 0, 0.2, 0.25, 2, 4]);
    close(m.sigmas, [1, 2, 0.285714, 1.75, 2, 2]);
    const wide = adaptiveParzen([3.1, 2.9, -4, 0.5], 1, 0, 10);
    close(wide.weights, [0.2, 0.2, 0.2, 0.2, 0.2]);
    close(wide.mus, [-4, 0, 0.5, 2.9, 3.1]);
    close(wide.sigmas, [4, 10, 2.4, 2.4, 1.666667]);
  });

  it('forgets linearly all but the newest 25 observations', () => {
    close(linearForgettingWeights(30, 25), [0.033333, 0.275, 0.516667, 0.758333, 1, ...new Array<number>(25).fill(1)]);
    close(linearForgettingWeights(26, 25), [0.038462, ...new Array<number>(25).fill(1)]);
    close(linearForgettingWeights(10, 25), new Array<number>(10).fill(1));
    expect(linearForgettingWeights(0, 25)).toEqual([]);
    // The oldest of 26 observations (value 100, sorted last) gets the ramp's weight.
    const m = adaptiveParzen([100, ...Array.from({ length: 25 }, (_, i) => i / 25)], 1, 0.5, 1);
    const total = 25 + 1 / 26 + 1;
    expect(m.weights.at(-1)).toBeCloseTo(1 / 26 / total, 9);
  });
});

describe('hyperopt mixture log densities (GMM1 / LGMM1)', () => {
  const mix = { weights: [0.5, 0.5], mus: [0, 1], sigmas: [1, 0.5] };

  it('matches GMM1_lpdf unbounded and truncated', () => {
    expect(mixtureLogPdf(0.5, mix, { low: null, high: null, q: null, log: false })).toBeCloseTo(-0.872266, 5);
    expect(mixtureLogPdf(0.5, mix, { low: 0, high: 1, q: null, log: false })).toBeCloseTo(0.021048, 5);
  });

  it('gives quantized values the probability mass of their bin, clipped to the bounds', () => {
    const support = { low: 0, high: 1, q: 0.25, log: false };
    close([0, 0.5, 1].map((x) => mixtureLogPdf(x, mix, support)), [-2.502191, -1.366105, -1.833629]);
  });

  it('matches LGMM1_lpdf, plain and quantized', () => {
    close([0.5, 2].map((x) => mixtureLogPdf(x, mix, { low: null, high: null, q: null, log: true })), [-1.15097, -1.411943]);
    const support = { low: 0, high: 3, q: 1, log: true };
    close([1, 2, 5].map((x) => mixtureLogPdf(x, mix, support)), [-1.768017, -1.12504, -2.696785]);
  });
});

describe('hyperopt categorical posterior', () => {
  it('adds one pseudo-count per option for hp.choice', () => {
    // counts [2, 0, 1] + 1 each = [3, 1, 2] / 6
    close(categoricalPosterior([0, 2, 0], 3, 1, null), [0.5, 1 / 6, 1 / 3]);
  });

  it('spreads K * priorWeight pseudo-counts as the probabilities for hp.pchoice', () => {
    // counts [1, 0] + 2 * [0.8, 0.2] = [2.6, 0.4] / 3
    close(categoricalPosterior([0], 2, 1, [0.8, 0.2]), [2.6 / 3, 0.4 / 3]);
  });
});

describe('normal helpers', () => {
  it('are accurate in the centre and the tails', () => {
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 14);
    expect(erf(3)).toBeCloseTo(0.9999779095030014, 14);
    expect(normalCdf(-10) / 7.61985302416047e-24).toBeCloseTo(1, 10);
    expect(normalMass(8, 9) / (normalCdf(-8) - normalCdf(-9))).toBeCloseTo(1, 8);
    expect(normalMass(-1, 1)).toBeCloseTo(0.6826894921370859, 14);
  });
});
