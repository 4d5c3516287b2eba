// Failed trials in the GP's fit: a crash region's failures are believed at the worst loss, a failure
// among runs that ran (a preempted job) carries a noise of its own and no longer stops the search
// from refining its neighbourhood.
import { describe, expect, it } from 'vitest';
import { createOptimizer, explainGpProposal, nextTrialId, type OptimizerOptions } from '../../../src/engine/index.js';
import { encodeSpace } from '../../../src/engine/gp/encode.js';
import { imputeFailures } from '../../../src/engine/gp/failures.js';
import type { Observation } from '../../../src/engine/observations.js';
import type { Config } from '../../../src/space/types.js';
import { createRng } from '../../../src/util/rng.js';
import { uniformSpace } from '../spaces.js';

const line = uniformSpace([['x', 0, 1]]);
const trial = (id: number, x: number, state: Observation['state'], loss = state === 'complete' ? x : Infinity): Observation => ({ id, params: { x }, loss, state, step: 0, firstStep: 0 });

describe('imputeFailures', () => {
  const encoding = encodeSpace(line);
  if (encoding === null) throw new Error('a plain line has an encoding');
  const chance = { noise: 1, neighbours: 5, allowed: 1 };
  // runs at 0.05, 0.15, ..., 0.65; a failure at 0.32 among them; three failures side by side at 0.9-0.95
  const runs = [0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65].map((x, i) => trial(i, x, 'complete'));
  const observations = [...runs, trial(7, 0.32, 'failed'), trial(8, 0.9, 'failed'), trial(9, 0.92, 'failed'), trial(10, 0.95, 'failed'), trial(11, 0.33, 'running')];

  it('gives a failure among runs that ran a noise of its own, and none to failures next to failures', () => {
    const rows = imputeFailures(encoding, observations, 0.5, chance);
    expect(rows.map((o) => [o.id, o.loss, o.extraNoise])).toEqual([[7, 0.5, 1], [8, 0.5, undefined], [9, 0.5, undefined], [10, 0.5, undefined]]);
  });

  it('allows one failure among the neighbours, and counts how many neighbours it is told to', () => {
    // 0.32 and 0.33 failed side by side: each has one failure among its five nearest, still chance
    const pair = [...runs, trial(7, 0.32, 'failed'), trial(8, 0.33, 'failed')];
    expect(imputeFailures(encoding, pair, 0.5, chance).map((o) => o.extraNoise)).toEqual([1, 1]);
    expect(imputeFailures(encoding, pair, 0.5, { ...chance, neighbours: 1, allowed: 0 }).map((o) => o.extraNoise)).toEqual([undefined, undefined]);
  });

  it('takes neither pruned nor running trials as neighbours: a pruned run never showed that it runs to the end', () => {
    // 0.88 failed; next to it runs that were pruned or still run; the nearest complete or failed trial is a failure at 0.5
    const around = [trial(0, 0.1, 'complete'), trial(1, 0.5, 'failed'), trial(2, 0.89, 'pruned', 0.7), trial(3, 0.9, 'pruned', 0.8), trial(4, 0.88, 'failed'), trial(5, 0.87, 'running')];
    const rows = imputeFailures(encoding, around, 0.1, { ...chance, neighbours: 1, allowed: 0 });
    expect(rows.map((o) => [o.id, o.extraNoise])).toEqual([[1, undefined], [4, undefined]]);
  });

  it('treats every failure as a crash region when turned off', () => {
    expect(imputeFailures(encoding, observations, 0.5, null).every((o) => o.extraNoise === undefined && o.loss === 0.5)).toBe(true);
  });
});

describe('failures by chance', () => {
  // a 2-D bowl where one run in five fails whatever its parameters (drawn from the seed and trial id)
  const square = uniformSpace([['x', 0, 1], ['y', 0, 1]]);
  const bowl = (p: Config): number => (Number(p.x) - 0.3) ** 2 + 2 * (Number(p.y) - 0.6) ** 2;
  const bestOf = (options: OptimizerOptions, seed: number): number => {
    const opt = createOptimizer(square, { ...options, seed });
    let best = Infinity;
    for (let i = 0; i < 30; i++) {
      const { id, params } = opt.ask();
      if (createRng(`flaky/${seed}/${id}`).next() < 0.2) opt.tell(id, { state: 'failed', error: 'preempted' });
      else {
        opt.tell(id, bowl(params));
        best = Math.min(best, bowl(params));
      }
    }
    return best;
  };

  it('names the failures it took for chance, and takes none for chance under a pruner (there a failure is mostly a diverged curve)', () => {
    const opt = createOptimizer(square, { algo: 'gp', seed: 3 });
    for (let i = 0; i < 20; i++) {
      const { id, params } = opt.ask();
      if (id % 6 === 5) opt.tell(id, { state: 'failed', error: 'preempted' });
      else opt.tell(id, bowl(params));
    }
    const trials = opt.trials();
    const byChance = (options: OptimizerOptions): readonly number[] => explainGpProposal(square, trials, options, nextTrialId(trials)).parameters?.[0]?.byChance ?? [];
    const taken = byChance({ algo: 'gp', seed: 3 });
    expect(taken.length).toBeGreaterThan(0);
    expect(taken.every((id) => [5, 11, 17].includes(id))).toBe(true);
    expect(byChance({ algo: 'gp', seed: 3, pruner: 'asha' })).toEqual([]);
  });

  it('refines a bowl where runs fail at random better than when every failure is believed at the worst loss', () => {
    const seeds = [0, 1, 2, 3];
    const withNoise = seeds.map((seed) => bestOf({ algo: 'gp' }, seed));
    const asCrashes = seeds.map((seed) => bestOf({ algo: 'gp', gp: { chanceFailures: false } }, seed));
    const geo = (v: number[]): number => Math.exp(v.reduce((s, x) => s + Math.log(Math.max(x, 1e-12)), 0) / v.length);
    expect(geo(withNoise)).toBeLessThan(geo(asCrashes) / 3);
  });
});
