// Outliers: results far worse than the fit predicts without them leave the fit; a result better than
// predicted (a narrow basin) never does.
import { describe, expect, it } from 'vitest';
import { createOptimizer, explainGpProposal, nextTrialId, type OptimizerOptions } from '../../../src/engine/index.js';
import { fitTheta, MIN_NOISE, type GpData } from '../../../src/engine/gp/fit.js';
import { outlierRows } from '../../../src/engine/gp/outliers.js';
import { buildPosterior } from '../../../src/engine/gp/posterior.js';
import { choleskySolve } from '../../../src/util/linalg.js';
import type { Config } from '../../../src/space/types.js';
import { uniformSpace } from '../spaces.js';

/** 24 points of a smooth curve on [0, 1], with `shift` added to the results of the rows given. */
function curve(shift: Record<number, number>): GpData {
  const n = 24;
  const x = Float64Array.from({ length: n }, (_, i) => (i + 0.5) / n);
  const y = x.map((v, i) => Math.sin(4 * v) + (shift[i] ?? 0));
  return { x, y, n, d: 1, categorical: new Uint8Array(1), minNoise: MIN_NOISE };
}
// length 0.2, signal 1, a little noise: fixed, so the test is about the rule, not the fit
const theta = Float64Array.from([Math.log(0.2), 0, Math.log(0.01)]);
/** The posterior under the MAP fit, as an ask makes it. */
const fitted = (data: GpData) => buildPosterior(data, fitTheta(data, [Float64Array.from([Math.log(0.5), 0, Math.log(1e-3)])]).theta);

describe('outlierRows', () => {
  it('finds results far above the prediction made without them', () => {
    expect(outlierRows(buildPosterior(curve({ 5: 3, 17: 2.5 }), theta), 3, new Set())).toEqual([5, 17]);
  });

  it('finds none on a smooth curve, and never a result below the prediction (a basin) nor its neighbours', () => {
    expect(outlierRows(buildPosterior(curve({}), theta), 3, new Set())).toEqual([]);
    expect(outlierRows(fitted(curve({})), 3, new Set())).toEqual([]);
    expect(outlierRows(fitted(curve({ 9: -3 })), 3, new Set())).toEqual([]);
    expect(outlierRows(fitted(curve({ 5: 3, 17: 2.5 })), 3, new Set())).toEqual([5, 17]);
  });

  it('keeps a result less than one standard deviation of the results above its prediction: the rim of a well the fit has smoothed away', () => {
    // residuals of a nearly noise-free fit are tiny, so three robust sds would pass a shift of 0.8
    expect(outlierRows(buildPosterior(curve({ 5: 0.8 }), theta), 3, new Set())).toEqual([]);
    expect(outlierRows(buildPosterior(curve({ 5: 1.5 }), theta), 3, new Set())).toEqual([5]);
  });

  it('keeps the row it is told to keep, and takes at most a fifth of the rows, the worst first', () => {
    expect(outlierRows(buildPosterior(curve({ 5: 3, 17: 2.5 }), theta), 3, new Set([5]))).toEqual([17]);
    const many = Object.fromEntries([2, 6, 10, 14, 18, 22].map((i, k) => [i, 2 + 0.2 * k]));
    // four of 24 (a fifth, rounded down): the four largest shifts
    expect(outlierRows(buildPosterior(curve(many), theta), 3, new Set())).toEqual([10, 14, 18, 22]);
  });

  it('reads the residuals as the leave-one-out formula gives them: a refit without the row agrees', () => {
    const data = curve({ 5: 3 });
    const post = buildPosterior(data, theta);
    const unit = new Float64Array(data.n);
    unit[5] = 1;
    const kii = choleskySolve(post.factor, data.n, unit)[5] as number;
    const fromInverse = (data.y[5] as number) - (post.alpha[5] as number) / kii;
    const rest = (keep: (i: number) => boolean): Float64Array => Float64Array.from([...data.x].filter((_, i) => keep(i)));
    const without: GpData = { ...data, n: data.n - 1, x: rest((i) => i !== 5), y: Float64Array.from([...data.y].filter((_, i) => i !== 5)) };
    const refit = buildPosterior(without, theta);
    // the prediction at row 5's point from the other 23 rows
    let mean = 0;
    for (let i = 0; i < without.n; i++) {
      const r = Math.abs((without.x[i] as number) - (data.x[5] as number)) / 0.2;
      const k = (1 + Math.sqrt(5) * r + (5 / 3) * r * r) * Math.exp(-Math.sqrt(5) * r);
      mean += k * (refit.alpha[i] as number);
    }
    expect(fromInverse).toBeCloseTo(mean, 8);
  });
});

describe('the GP with runs that blow up', () => {
  it('leaves the blown-up runs out of its fit and finds the bowl\'s floor better for it', () => {
    const space = uniformSpace([['x', -1, 1], ['y', -1, 1]]);
    const bowl = (p: Config): number => (Number(p.x) - 0.3) ** 2 + (Number(p.y) + 0.2) ** 2;
    // every fifth run reports 6x its loss plus 0.5
    const run = (options: OptimizerOptions): number => {
      const opt = createOptimizer(space, options);
      let best = { seen: Infinity, truth: Infinity };
      for (let i = 0; i < 40; i++) {
        const { id, params } = opt.ask();
        const truth = bowl(params);
        const seen = id % 5 === 4 ? 6 * truth + 0.5 : truth;
        opt.tell(id, seen);
        if (seen < best.seen) best = { seen, truth };
      }
      return { truth: best.truth, trials: opt.trials() };
    };
    const seeds = [1, 2, 3, 4];
    const with3 = seeds.map((seed) => run({ algo: 'gp', seed, gp: { outliers: 3 } }).truth);
    const without = seeds.map((seed) => run({ algo: 'gp', seed, gp: { outliers: false } }).truth);
    const geo = (v: number[]): number => Math.exp(v.reduce((s, x) => s + Math.log(Math.max(x, 1e-12)), 0) / v.length);
    expect(geo(with3)).toBeLessThan(geo(without));
    // explain says which trials the fit left out: blown-up runs only. Seed 2: at seed 1 the converged
    // search's exploration (docs/gp.md) puts trials in the far corners, whose losses widen the spread
    // until no blown-up run stands out any more
    const options: OptimizerOptions = { algo: 'gp', seed: 2, gp: { outliers: 3 } };
    const { trials } = run(options);
    const leftOut = explainGpProposal(space, trials, options, nextTrialId(trials)).parameters?.[0]?.leftOut ?? [];
    expect(leftOut.length).toBeGreaterThan(0);
    expect(leftOut.every((id) => id % 5 === 4)).toBe(true);
    // nine GP studies of 40 trials: 5-15 s alone, 30 s on a CI machine loaded by other work (it timed out there)
  }, 120_000);

  it('never leaves a crash out of the fit: its row keeps the GP off a crash region next to the best runs', () => {
    // the study of sampler.test.ts's 'stays out of a region where trials fail', which counts the crashes
    const line = uniformSpace([['x', 0, 1]]);
    const options: OptimizerOptions = { algo: 'gp', seed: 1, gp: { outliers: 3 } };
    const opt = createOptimizer(line, options);
    for (let i = 0; i < 30; i++) {
      const { id, params } = opt.ask();
      // the loss falls towards x = 1, but everything above 0.6 crashes
      if (Number(params.x) > 0.6) opt.tell(id, { state: 'failed' });
      else opt.tell(id, 1 - Number(params.x));
    }
    const trials = opt.trials();
    const failed = new Set(trials.filter((t) => t.state === 'failed').map((t) => t.id));
    const leftOut = explainGpProposal(line, trials, options, nextTrialId(trials)).parameters?.[0]?.leftOut ?? [];
    expect(failed.size).toBeGreaterThan(0);
    expect(leftOut.filter((id) => failed.has(id))).toEqual([]);
  });

  it('leaves a fit that sees little noise as it is: a steep but noise-free objective is proposed for exactly as without the rule', () => {
    // without the noise gate the rule takes rows of this valley's walls out, and the trials differ
    const space = uniformSpace([['x', -5, 5], ['y', -5, 5]]);
    const rosenbrock = (p: Config): number => (1 - Number(p.x)) ** 2 + 100 * (Number(p.y) - Number(p.x) ** 2) ** 2;
    const trials = (options: OptimizerOptions) => {
      const opt = createOptimizer(space, options);
      for (let i = 0; i < 30; i++) {
        const { id, params } = opt.ask();
        opt.tell(id, rosenbrock(params));
      }
      return opt.trials();
    };
    expect(trials({ algo: 'gp', seed: 1 })).toEqual(trials({ algo: 'gp', seed: 1, gp: { outliers: false } }));
  });
});
