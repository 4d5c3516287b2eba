// A GP proposal's fit (`fit`) and an ask that starts from it (`gpWarmStart`): what a shared study's
// worker does when its proposal made before the study's ask lock is overtaken (loop/ask-locked.ts).
import { describe, expect, it } from 'vitest';
import { propose } from '../../../src/engine/index.js';
import type { GpWarmStart, OptimizerOptions } from '../../../src/engine/index.js';
import type { Config, Space } from '../../../src/space/types.js';
import type { TrialRecord } from '../../../src/study/types.js';
import { uniformSpace } from '../spaces.js';

const square = uniformSpace([['x', -5, 5], ['y', -5, 5]]);
const bowl = (p: Config): number => (Number(p.x) - 1) ** 2 + (Number(p.y) + 2) ** 2;

/** A sequential study whose every ask starts from the fit of the GP proposal `lag` trials before it (none when lag < 0). */
function study(space: Space, f: (p: Config) => number, options: OptimizerOptions, trials: number, lag: number): TrialRecord[] {
  const history: TrialRecord[] = [];
  const fits: (GpWarmStart | undefined)[] = [];
  for (let id = 0; id < trials; id++) {
    const warm = lag >= 0 ? fits[id - lag] : undefined;
    const proposal = propose(space, history, id, warm === undefined ? options : { ...options, gpWarmStart: warm });
    if (proposal === null) throw new Error('no proposal');
    fits.push(proposal.fit);
    history.push({ id, params: proposal.params, state: 'complete', value: f(proposal.params) });
  }
  return history;
}

describe('a GP ask started from an earlier fit', () => {
  const options: OptimizerOptions = { algo: 'gp', seed: 3 };
  const history = study(square, bowl, options, 14, -1);

  it('comes with the fit only when the GP proposed', () => {
    expect(propose(square, history, 14, { algo: 'tpe', seed: 3 })?.fit).toBeUndefined();
    // the start-up points need no model
    expect(propose(square, history.slice(0, 5), 5, options)?.fit).toBeUndefined();
    for (const algo of ['gp', 'auto'] as const) {
      const fit = propose(square, history, 14, { algo, seed: 3 })?.fit;
      expect(fit?.theta).toHaveLength(2 + 2); // two length scales, the signal and the noise
      expect(['none', 'log']).toContain(fit?.warp);
    }
  });

  it('gives the proposal of a fresh fit when started from the fit of the same history', () => {
    const fresh = propose(square, history, 14, options);
    const started = propose(square, history, 14, { ...options, gpWarmStart: fresh?.fit });
    // the same optimum of the hyperparameters, to the optimiser's tolerance
    expect(started?.params.x).toBeCloseTo(Number(fresh?.params.x), 3);
    expect(started?.params.y).toBeCloseTo(Number(fresh?.params.y), 3);
  });

  it('ignores a fit whose inputs do not match the space and fits afresh', () => {
    const fresh = propose(square, history, 14, options);
    expect(propose(square, history, 14, { ...options, gpWarmStart: { warp: 'none', theta: [0, 0, 0] } })).toEqual(fresh);
  });

  it('is deterministic, never repeats a trial, and still beats random search 20x on a 2-D bowl when the fit is 4 trials old', () => {
    const auto = (seed: number): OptimizerOptions => ({ algo: 'auto', seed });
    expect(study(square, bowl, auto(1), 16, 4)).toEqual(study(square, bowl, auto(1), 16, 4));
    const best = (records: TrialRecord[]): number => Math.min(...records.map((t) => t.value ?? Infinity));
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const seeds = Array.from({ length: 10 }, (_, i) => i);
    const stale = seeds.map((seed) => study(square, bowl, auto(seed), 25, 4));
    for (const records of stale) expect(new Set(records.map((t) => JSON.stringify(t.params))).size).toBe(records.length);
    const random = median(seeds.map((seed) => best(study(square, bowl, { algo: 'random', seed }, 25, -1))));
    expect(median(stale.map(best))).toBeLessThan(random / 20);
    expect(median(stale.map(best))).toBeLessThan(0.01);
  });
});
