// The expected improvement's incumbent: the best full run's value, or in a noisy fit the lowest
// posterior mean at the full runs, so that one lucky run does not set a bar no prediction reaches
// (docs/gp.md, "A noise-aware incumbent").
import { describe, expect, it } from 'vitest';
import { incumbentTarget } from '../../../src/engine/gp/incumbent.js';
import { buildPosterior, predict } from '../../../src/engine/gp/posterior.js';
import { gpDecide } from '../../../src/engine/gp/step.js';
import type { GpData } from '../../../src/engine/gp/fit.js';
import type { TrialRecord } from '../../../src/study/types.js';
import { createRng, normalDraw } from '../../../src/util/rng.js';
import { uniformSpace } from '../spaces.js';

/** 20 rows of a line plus noise, row 7 a lucky draw far below it; `noise` the fit's noise variance. */
function posterior(noise: number): ReturnType<typeof buildPosterior> {
  const rng = createRng('incumbent');
  const x = Float64Array.from({ length: 20 }, (_, i) => i / 19);
  const y = Float64Array.from(x, (v, i) => (i === 7 ? -3 : v + 0.3 * normalDraw(rng)));
  const data: GpData = { x, y, n: 20, d: 1, categorical: new Uint8Array(1) };
  return buildPosterior(data, Float64Array.from([Math.log(0.3), 0, Math.log(noise)]));
}

describe('incumbentTarget', () => {
  const rows = (post: ReturnType<typeof buildPosterior>): number[] => [...Array(20).keys()].sort((a, b) => (post.data.y[a] as number) - (post.data.y[b] as number));

  it('is the lowest posterior mean at the full runs in a noisy fit, above the lucky value', () => {
    const post = posterior(0.5);
    const means = [...Array(20).keys()].map((i) => predict(post, post.data.x.subarray(i, i + 1)).mean);
    expect(incumbentTarget(post, rows(post), 'mean')).toBeCloseTo(Math.min(...means), 12);
    expect(incumbentTarget(post, rows(post), 'mean')).toBeGreaterThan(-2);
    expect(incumbentTarget(post, rows(post), 'value')).toBe(-3);
  });

  it('is the best value in a fit that calls next to nothing noise, and Infinity without a full run', () => {
    const post = posterior(1e-4);
    expect(incumbentTarget(post, rows(post), 'mean')).toBe(-3);
    expect(incumbentTarget(post, [], 'mean')).toBe(Infinity);
  });

  it("sets the GP's incumbent of an ask off a lucky run of a noisy study", () => {
    const space = uniformSpace([['x', 0, 1], ['y', 0, 1]]);
    const rng = createRng('incumbent-ask');
    // a fit calls noise noise only once it has enough trials (with 60 it still bends around each one)
    const history: TrialRecord[] = Array.from({ length: 100 }, (_, id) => {
      const [x, y] = [rng.next(), rng.next()];
      return { id, params: { x, y }, state: 'complete', value: id === 20 ? -3 : (x - 0.6) ** 2 + (y - 0.4) ** 2 + 0.5 * normalDraw(rng) };
    });
    const asked = (incumbent: 'value' | 'mean') => gpDecide(space, history, 100, { algo: 'gp', seed: 1, gp: { incumbent } }).model;
    const byValue = asked('value');
    const byMean = asked('mean');
    expect(byValue?.best).toBe(Math.min(...(byValue?.fitted.y ?? [])));
    const share = (byMean?.post.noise ?? 0) / ((byMean?.post.noise ?? 0) + (byMean?.post.signal ?? 1));
    expect(share).toBeGreaterThan(0.05);
    expect(byMean?.best).toBeGreaterThan((byValue?.best ?? 0) + 2);
  });
});
