import { describe, expect, it } from 'vitest';
import { decidePrune, resolvePruner, type Curve, type PrunerOptions } from '../../../src/engine/prune/index.js';
import { asGoodAsBestRun } from '../../../src/engine/prune/best-run.js';

const curve = (id: number, values: number[], state: Curve['state'] = 'running'): Curve => ({ id, state, steps: values.map((_, i) => i + 1), values });

describe("the best run's standing at a rung", () => {
  // trial 0 ended best (0.1) from a slow start (0.8 at step 3); trial 1 started fast (0.4) and ended worse
  const done = [curve(0, [2, 1.2, 0.8, 0.5, 0.1], 'complete'), curve(1, [1, 0.6, 0.4, 0.35, 0.3], 'complete')];

  it('compares with the best complete run by its last value, not with the fastest start', () => {
    expect(asGoodAsBestRun(done, 3, 0.7, 'minimize')).toBe(true);
    expect(asGoodAsBestRun(done, 3, 0.8, 'minimize')).toBe(true);
    expect(asGoodAsBestRun(done, 3, 0.85, 'minimize')).toBe(false);
  });

  it('reads only complete runs: a running or pruned one has no final value yet', () => {
    const others = [curve(2, [3, 2, 1.5, 0.01]), curve(3, [3, 2, 1.5, 0.01], 'pruned')];
    expect(asGoodAsBestRun([...done, ...others], 3, 1.4, 'minimize')).toBe(false);
    expect(asGoodAsBestRun(others, 3, 0.1, 'minimize')).toBe(false);
  });

  it('turns a maximised metric into a loss', () => {
    const accuracy = [curve(0, [0.1, 0.2, 0.3, 0.9], 'complete'), curve(1, [0.5, 0.6, 0.7, 0.8], 'complete')];
    expect(asGoodAsBestRun(accuracy, 3, -0.35, 'maximize')).toBe(true);
    expect(asGoodAsBestRun(accuracy, 3, -0.25, 'maximize')).toBe(false);
  });
});

describe('asha and hyperband keep a trial that stands at a rung as the best run stood there', () => {
  // a full run is 9 steps, rungs at 1 and 3; the best finished run (0.05) was only fourth at step 3
  const finished = [
    curve(0, [0.9, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05], 'complete'),
    curve(1, [0.5, 0.4, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3], 'complete'),
    curve(2, [0.5, 0.4, 0.35, 0.35, 0.35, 0.35, 0.35, 0.35, 0.35], 'complete'),
    curve(3, [0.5, 0.45, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4], 'complete'),
  ];
  const judge = (value: number, options: PrunerOptions) =>
    decidePrune({ settings: resolvePruner({ minSteps: 1, reductionFactor: 3, noiseMargin: 0, ...options }), goal: 'minimize', seed: 0, curves: [...finished, curve(4, [0.9, 0.8, value])], id: 4 });

  it("asha: a start like the best run's goes on, a worse one stops, and the guard can be turned off", () => {
    // the best 5 / 3 = 1 at step 3 is 0.3: 0.55 is far from it, but no worse than the best run's 0.6
    expect(judge(0.55, { name: 'asha' }).prune).toBe(false);
    expect(judge(0.65, { name: 'asha' }).prune).toBe(true);
    expect(judge(0.55, { name: 'asha', bestRunGuard: false }).prune).toBe(true);
  });

  it('hyperband goes through the same rule in every bracket', () => {
    let stoppedWithout = 0;
    for (let seed = 0; seed < 6; seed++) {
      const context = (value: number, guard: boolean) => ({
        settings: resolvePruner({ name: 'hyperband', minSteps: 1, reductionFactor: 3, noiseMargin: 0, bestRunGuard: guard }),
        goal: 'minimize' as const, seed, curves: [...finished, curve(4, [0.9, 0.8, value])], id: 4,
      });
      expect(decidePrune(context(0.55, true)).prune).toBe(false);
      // without the guard the same trial may be stopped, depending on its bracket; with it, never
      if (decidePrune(context(0.55, false)).prune) {
        stoppedWithout += 1;
        expect(decidePrune(context(0.65, true)).prune).toBe(true);
      }
    }
    expect(stoppedWithout).toBeGreaterThan(0);
  });
});
