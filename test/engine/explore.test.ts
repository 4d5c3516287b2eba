// Space-filling points between model proposals in small spaces (docs/tpe.md, session 3): the model
// alone never looks far from its good trials, so a narrow minimum elsewhere would stay unseen.
import { describe, expect, it } from 'vitest';
import { createOptimizer } from '../../src/engine/index.js';
import type { OptimizerOptions } from '../../src/engine/index.js';
import type { Config, Space } from '../../src/space/types.js';
import { uniformSpace } from './spaces.js';

function startupFlags(space: Space, options: OptimizerOptions, trials: number, f: (p: Config) => number): boolean[] {
  const opt = createOptimizer(space, options);
  return Array.from({ length: trials }, () => {
    const { id, params, startup } = opt.ask();
    opt.tell(id, f(params));
    return startup;
  });
}

const box = (d: number): Space => uniformSpace(Array.from({ length: d }, (_, i) => [`x${i + 1}`, 0, 1] as [string, number, number]));
const sphere = (p: Config): number => Object.values(p).reduce<number>((s, v) => s + (Number(v) - 0.7) ** 2, 0);

describe('space-filling points in the default TPE', () => {
  it('take every 5th trial after the 8 start-up trials in a space of fewer than 5 parameters', () => {
    const flags = startupFlags(box(2), { algo: 'tpe', seed: 1 }, 40, sphere);
    const filling = flags.map((f, i) => (f ? i : -1)).filter((i) => i >= 8);
    expect(filling).toEqual([12, 17, 22, 27, 32, 37]);
  });

  it('are not used from 5 parameters on, nor when turned off', () => {
    expect(startupFlags(box(5), { algo: 'tpe', seed: 1 }, 30, sphere).slice(8)).not.toContain(true);
    expect(startupFlags(box(2), { algo: 'tpe', seed: 1, tpe: { exploreEvery: 0 } }, 30, sphere).slice(8)).not.toContain(true);
  });

  it('find a narrow well far from a broad plateau that the model alone misses', () => {
    // 0.2 (x - 0.75)^2 with a well 0.03 wide at x = 0.12: the plateau's slope leads away from the well.
    const well = (p: Config): number => 0.2 * (Number(p.x) - 0.75) ** 2 - Math.exp(-0.5 * ((Number(p.x) - 0.12) / 0.015) ** 2);
    const space = uniformSpace([['x', 0, 1]]);
    const found = (options: OptimizerOptions): number =>
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((seed) => {
        const opt = createOptimizer(space, { ...options, seed });
        let best = Infinity;
        for (let i = 0; i < 100; i++) {
          const { id, params } = opt.ask();
          best = Math.min(best, well(params));
          opt.tell(id, well(params));
        }
        return best < -0.5;
      }).length;
    expect(found({ algo: 'tpe' })).toBeGreaterThanOrEqual(9);
    expect(found({ algo: 'tpe', tpe: { exploreEvery: 0 } })).toBeLessThan(found({ algo: 'tpe' }));
  });
});
