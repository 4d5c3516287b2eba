// The GP's numeric kernels against values worked out by hand and against finite differences.
import { describe, expect, it } from 'vitest';
import { logExpectedImprovement, logH } from '../../../src/engine/gp/acquisition.js';
import { matern52, MIN_NOISE, negLogPosterior, noiseFloor, pairDistances, defaultPrior, type GpData } from '../../../src/engine/gp/fit.js';
import { buildPosterior, predict } from '../../../src/engine/gp/posterior.js';
import { cholesky, choleskyInverse, choleskySolve, logDetFromCholesky } from '../../../src/util/linalg.js';
import { minimizeLbfgs } from '../../../src/util/lbfgs.js';
import { normalCdf } from '../../../src/util/normal.js';

// A = [[4, 2, 0.4], [2, 5, 1], [0.4, 1, 3]]: its Cholesky factor and inverse by hand.
const A = Float64Array.from([4, 2, 0.4, 2, 5, 1, 0.4, 1, 3]);

describe('dense algebra', () => {
  it('factors, solves, inverts and takes the log determinant', () => {
    const l = cholesky(A, 3);
    expect(l).not.toBeNull();
    const L = l as Float64Array;
    // l11 = 2, l21 = 1, l22 = 2, l31 = 0.2, l32 = (1 - 0.2) / 2 = 0.4, l33 = sqrt(3 - 0.04 - 0.16)
    expect([...L]).toEqual([2, 0, 0, 1, 2, 0, 0.2, 0.4, expect.closeTo(Math.sqrt(2.8), 14)]);
    expect(logDetFromCholesky(L, 3)).toBeCloseTo(Math.log(4 * 4 * 2.8), 12);
    const x = choleskySolve(L, 3, [1, 2, 3]);
    const back = [0, 1, 2].map((i) => [0, 1, 2].reduce((s, j) => s + (A[i * 3 + j] as number) * (x[j] as number), 0));
    back.forEach((v, i) => expect(v).toBeCloseTo(i + 1, 12));
    const inv = choleskyInverse(L, 3);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      const e = [0, 1, 2].reduce((s, k) => s + (A[i * 3 + k] as number) * (inv[k * 3 + j] as number), 0);
      expect(e).toBeCloseTo(i === j ? 1 : 0, 12);
    }
  });

  it('refuses a matrix that is not positive definite', () => {
    expect(cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toBeNull();
  });
});

describe('L-BFGS', () => {
  it('finds the minimum of the Rosenbrock function', () => {
    const r = minimizeLbfgs((x, g) => {
      const [a, b] = [x[0] as number, x[1] as number];
      g[0] = -400 * a * (b - a * a) - 2 * (1 - a);
      g[1] = 200 * (b - a * a);
      return 100 * (b - a * a) ** 2 + (1 - a) ** 2;
    }, [-1.2, 1], { maxIterations: 200, relativeTolerance: 0 });
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
  });

  it('stops on the bound of a box when the minimum lies outside', () => {
    const r = minimizeLbfgs((x, g) => {
      g[0] = 2 * ((x[0] as number) - 3);
      g[1] = 2 * ((x[1] as number) - 0.5);
      return ((x[0] as number) - 3) ** 2 + ((x[1] as number) - 0.5) ** 2;
    }, [0.2, 0.2], { lower: [0, 0], upper: [1, 1] });
    expect(r.x[0]).toBe(1);
    expect(r.x[1]).toBeCloseTo(0.5, 6);
  });
});

// Five points in two inputs, the second categorical.
const data: GpData = {
  x: Float64Array.from([0.1, 0, 0.4, 1, 0.5, 0, 0.8, 2, 0.95, 1]),
  y: Float64Array.from([0.3, -1.2, 0.5, 1.4, -0.9]),
  n: 5,
  d: 2,
  categorical: Uint8Array.from([0, 1]),
};
const theta = Float64Array.from([Math.log(0.3), Math.log(0.8), Math.log(1.3), Math.log(0.01)]);

describe('the Gaussian process', () => {
  it('Matérn-5/2 has the closed form at r = 1 and the slope of a finite difference', () => {
    const e = Math.exp(-Math.sqrt(5));
    expect(matern52(1, 2).k).toBeCloseTo(2 * (1 + Math.sqrt(5) + 5 / 3) * e, 14);
    const h = 1e-6;
    expect(matern52(0.7, 1.5).dkdr2).toBeCloseTo((matern52(0.7 + h, 1.5).k - matern52(0.7 - h, 1.5).k) / (2 * h), 7);
    expect(matern52(0, 1).k).toBe(1);
  });

  it.each([
    ['unit', 'unit'],
    ['dimension', 'dimension'],
    ['unit', 'dimension'],
  ] as const)('log posterior gradient matches finite differences (numeric and categorical length scales, %s prior, %s for choices)', (family, choices) => {
    expectGradientMatches(data, family, choices);
  });

  it('the profile likelihood under a GLS mean has the gradient of its finite differences too', () => {
    expectGradientMatches({ ...data, priorMean: 'gls' }, 'unit', 'unit');
  });

  function expectGradientMatches(data: GpData, family: 'unit' | 'dimension', choices: 'unit' | 'dimension'): void {
    const dist = pairDistances(data);
    const prior = defaultPrior(2, 100, family);
    if (choices !== family) prior.choices = defaultPrior(2, 100, choices);
    const grad = new Float64Array(4);
    const f0 = negLogPosterior(theta, data, dist, prior, grad);
    expect(Number.isFinite(f0)).toBe(true);
    for (let k = 0; k < 4; k++) {
      const h = 1e-5;
      const up = theta.slice();
      const down = theta.slice();
      up[k] = (up[k] as number) + h;
      down[k] = (down[k] as number) - h;
      const scratch = new Float64Array(4);
      const fd = (negLogPosterior(up, data, dist, prior, scratch) - negLogPosterior(down, data, dist, prior, scratch)) / (2 * h);
      expect(grad[k]).toBeCloseTo(fd, 5);
    }
  }

  it('the unit prior on the length scales is -(0.1 / l + 0.1 l) at l = 1 / length^2, lowest at length 1', () => {
    const at = (length: number, family: 'unit' | 'dimension'): number => {
      const t = Float64Array.from([Math.log(length), Math.log(length), 0, Math.log(0.01)]);
      return negLogPosterior(t, data, pairDistances(data), defaultPrior(2, 100, family), new Float64Array(4));
    };
    // the data term is the same under both priors, so their difference is the two length terms
    const unitTerm = (length: number): number => 2 * 0.1 * (length ** 2 + length ** -2);
    const mu = Math.SQRT2 + 0.5 * Math.log(2);
    const lognormalTerm = (length: number): number => (2 * (Math.log(length) - mu) ** 2) / 6;
    for (const length of [0.3, 1, 4]) {
      expect(at(length, 'unit') - at(length, 'dimension')).toBeCloseTo(unitTerm(length) - lognormalTerm(length), 10);
    }
  });

  it("a choices' prior applies to the categorical input alone", () => {
    const t = Float64Array.from([Math.log(0.7), Math.log(2), 0, Math.log(0.01)]);
    const value = (prior: ReturnType<typeof defaultPrior>): number => negLogPosterior(t, data, pairDistances(data), prior, new Float64Array(4));
    const mixed = defaultPrior(2, 100, 'unit');
    mixed.choices = defaultPrior(2, 100, 'dimension');
    const unitTerm = (length: number): number => 0.1 * (length ** 2 + length ** -2);
    const lognormalTerm = (length: number): number => (Math.log(length) - (Math.SQRT2 + 0.5 * Math.log(2))) ** 2 / 6;
    // input 1 is the categorical one: only its length term changes family
    expect(value(mixed) - value(defaultPrior(2, 100, 'unit'))).toBeCloseTo(lognormalTerm(2) - unitTerm(2), 10);
  });

  it('one observation: mean and variance by hand', () => {
    const one: GpData = { x: Float64Array.from([0.2]), y: Float64Array.from([1.5]), n: 1, d: 1, categorical: Uint8Array.from([0]) };
    const t = Float64Array.from([Math.log(0.5), 0, Math.log(0.1)]);
    const post = buildPosterior(one, t);
    const k = matern52(((0.6 - 0.2) / 0.5) ** 2, 1).k;
    const p = predict(post, [0.6]);
    const noise = 0.1 + MIN_NOISE;
    expect(p.mean).toBeCloseTo((k * 1.5) / (1 + noise), 12);
    expect(p.variance).toBeCloseTo(1 - (k * k) / (1 + noise), 12);
  });

  it('gradients of the posterior mean, variance and log EI match finite differences', () => {
    const post = buildPosterior(data, theta);
    const x = [0.62, 1];
    const p = predict(post, x, true);
    const a = logExpectedImprovement(post, x, -1.2, true);
    const h = 1e-6;
    const up = [x[0]! + h, 1];
    const down = [x[0]! - h, 1];
    expect(p.dMean?.[0]).toBeCloseTo((predict(post, up).mean - predict(post, down).mean) / (2 * h), 6);
    expect(p.dVariance?.[0]).toBeCloseTo((predict(post, up).variance - predict(post, down).variance) / (2 * h), 6);
    const fd = (logExpectedImprovement(post, up, -1.2).value - logExpectedImprovement(post, down, -1.2).value) / (2 * h);
    expect(a.gradient?.[0]).toBeCloseTo(fd, 5);
    expect(a.gradient?.[1]).toBe(0);
  });
});

describe('log expected improvement', () => {
  const direct = (z: number): number => Math.log(Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) + z * normalCdf(z));

  it('equals log(phi(z) + z Phi(z)) where that is computable, on both sides of the switch', () => {
    for (const z of [3, 1, 0, -0.5, -0.999, -1, -1.5, -3, -8]) expect(logH(z).value).toBeCloseTo(direct(z), 9);
  });

  it('stays finite, increasing and with the right slope deep in the tail', () => {
    const zs = [-10, -40, -200, -1e3, -1e5];
    const values = zs.map((z) => logH(z).value);
    values.forEach((v) => expect(Number.isFinite(v)).toBe(true));
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThan(values[i - 1] as number);
    for (const z of [2, 0.3, -0.7, -1.3, -6, -30]) {
      const h = 1e-6 * Math.max(1, Math.abs(z));
      expect(logH(z).slope).toBeCloseTo((logH(z + h).value - logH(z - h).value) / (2 * h), 4);
    }
  });
});

describe('the noise floor', () => {
  it('stays at MIN_NOISE while the five best targets are far apart, and falls to a tenth of their spread (as a sd) when they close up', () => {
    expect(noiseFloor([0.3, -1.2, 0.5, 1.4, -0.9, 2])).toBe(MIN_NOISE);
    expect(noiseFloor([1])).toBe(MIN_NOISE);
    // the five lowest span 1e-3 (the sixth, far above, does not count): sd 1e-4, variance 1e-8
    expect(noiseFloor([3, -1, -1 + 1e-3, -1 + 2e-4, -1 + 5e-4, -1 + 7e-4])).toBeCloseTo(1e-8, 20);
    // ties at the best: bounded below, so K stays invertible
    expect(noiseFloor([0, 0, 0, 0, 0, 1])).toBe(1e-9);
  });

  it('is the floor the likelihood and the posterior use, and the gradient still matches finite differences', () => {
    const low: GpData = { ...data, minNoise: 1e-9 };
    const t = Float64Array.from([Math.log(0.3), Math.log(0.8), Math.log(1.3), Math.log(1e-9)]);
    const grad = new Float64Array(4);
    const dist = pairDistances(low);
    const prior = defaultPrior(2);
    negLogPosterior(t, low, dist, prior, grad);
    const h = 1e-5;
    const at = (delta: number): number => {
      const u = t.slice();
      u[3] = (u[3] as number) + delta;
      return negLogPosterior(u, low, dist, prior, new Float64Array(4));
    };
    expect(grad[3]).toBeCloseTo((at(h) - at(-h)) / (2 * h), 5);
    // with a floor of 2e-9 in all, the posterior mean at a training point is its target to ~1e-8
    const post = buildPosterior(low, t);
    expect(predict(post, [0.4, 1]).mean).toBeCloseTo(-1.2, 7);
    expect(Math.abs(predict(buildPosterior(data, t), [0.4, 1]).mean + 1.2)).toBeGreaterThan(1e-7);
  });
});

describe('the prior mean by generalized least squares', () => {
  // Two runs at one point and one far away: K = [[s + e, s, 0], [s, s + e, 0], [0, 0, s + e]] for
  // signal s and noise e, so K^-1 1 = [1 / (2s + e), 1 / (2s + e), 1 / (s + e)]: the twins weigh
  // about as much as the lone run, where the plain mean would count them twice.
  const twins: GpData = { x: Float64Array.from([0.1, 0.1, 0.9]), y: Float64Array.from([-1, -1.2, 1.4]), n: 3, d: 1, categorical: Uint8Array.from([0]), priorMean: 'gls' };
  const t = Float64Array.from([Math.log(0.01), 0, Math.log(0.05)]);
  const e = 0.05 + MIN_NOISE;
  const w = [1 / (2 + e), 1 / (2 + e), 1 / (1 + e)];
  const gls = (w[0]! * -1 + w[1]! * -1.2 + w[2]! * 1.4) / (w[0]! + w[1]! + w[2]!);

  it('is the weighted mean of the targets, the twins weighing as about one run', () => {
    const post = buildPosterior(twins, t);
    expect(post.priorMean).toBeCloseTo(gls, 12);
    expect(gls).toBeGreaterThan((-1 - 1.2 + 1.4) / 3 + 0.2);
  });

  it('is what the model predicts far from every run, and the data are still fitted near them', () => {
    const post = buildPosterior(twins, t);
    expect(predict(post, [0.5]).mean).toBeCloseTo(gls, 9);
    expect(predict(buildPosterior({ ...twins, priorMean: undefined }, t), [0.5]).mean).toBeCloseTo(0, 9);
    // at the lone run: the prior mean plus its residual shrunk by s / (s + e)
    expect(predict(post, [0.9]).mean).toBeCloseTo(gls + (1.4 - gls) / (1 + e), 9);
  });

  it("enters the fit's likelihood as a zero mean's residuals do", () => {
    const dist = pairDistances(twins);
    const prior = defaultPrior(1);
    const profiled = negLogPosterior(t, { ...twins, priorMean: 'gls' }, dist, prior, new Float64Array(3));
    const shifted = negLogPosterior(t, { ...twins, priorMean: undefined, y: twins.y.map((v) => v - gls) }, dist, prior, new Float64Array(3));
    expect(profiled).toBeCloseTo(shifted, 12);
  });
});
