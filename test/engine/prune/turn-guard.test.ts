import { describe, expect, it } from 'vitest';
import { createOptimizer } from '../../../src/engine/index.js';
import { decidePrune, resolvePruner, type Curve, type PrunerOptions } from '../../../src/engine/prune/index.js';
import { uniformSpace } from '../spaces.js';
import { turnStep } from '../../../src/engine/prune/turn-guard.js';

const curve = (id: number, values: number[], state: Curve['state'] = 'complete'): Curve => ({ id, state, steps: values.map((_, i) => i + 1), values });

/** 27 steps falling towards `floor`, then (with `turnAt`) rising by `rise` per step: a validation loss that overfits. */
function shape(floor: number, turnAt: number | null = null, rise = 0.02): number[] {
  return Array.from({ length: 27 }, (_, i) => {
    const t = i + 1;
    const fall = floor + 2 / (1 + t);
    return turnAt !== null && t > turnAt ? floor + 2 / (1 + turnAt) + rise * (t - turnAt) : fall;
  });
}

describe('the turn of the good curves', () => {
  it('is null while the complete curves end at their best', () => {
    const falling = [0.1, 0.2, 0.3, 0.4].map((floor, i) => curve(i, shape(floor)));
    expect(turnStep(falling, 'minimize')).toBeNull();
  });

  it('is the median step of the best values of the good curves that turned up', () => {
    // the better half by their own best (floors 0.1 and 0.2) turned at steps 8 and 12; the others did not
    const curves = [curve(0, shape(0.1, 8)), curve(1, shape(0.2, 12)), curve(2, shape(0.5)), curve(3, shape(0.6))];
    expect(turnStep(curves, 'minimize')).toBe(10);
  });

  it('needs two good complete curves (the better half of three or more), and counts neither running nor pruned ones', () => {
    const two = [curve(0, shape(0.1, 8)), curve(1, shape(0.2, 8))];
    expect(turnStep(two, 'minimize')).toBeNull();
    expect(turnStep([...two, curve(2, shape(0.9))], 'minimize')).toBe(8);
    const others = [curve(2, shape(0.05, 5), 'running'), curve(3, shape(0.05, 5), 'pruned')];
    expect(turnStep([...two, ...others], 'minimize')).toBeNull();
  });

  it('takes a wobble within the curves\' noise for no turn', () => {
    // 2 % noise on every step of a flat tail: the last value sits a little above the lowest by chance
    const wobble = (id: number, floor: number) => curve(id, shape(floor).map((v, i) => (i >= 14 ? floor + 2 / 28 + (i % 2 === 0 ? 0.02 : -0.02) * floor : v)));
    const curves = [wobble(0, 0.1), wobble(1, 0.2), wobble(2, 0.3), wobble(3, 0.4)];
    expect(turnStep(curves, 'minimize')).toBeNull();
  });

  it('reads a maximized metric the other way round: an accuracy that falls after its peak', () => {
    const accuracy = (id: number, floor: number, turnAt: number) => curve(id, shape(floor, turnAt).map((v) => 3 - v));
    const flat = curve(2, shape(0.9).map((v) => 3 - v));
    expect(turnStep([accuracy(0, 0.1, 6), accuracy(1, 0.2, 10), flat], 'maximize')).toBe(8);
  });
});

describe('no pruner stops a trial before the turn', () => {
  // three complete curves, the two best turned at step 12, and a newcomer that is the worst at every step so far
  const turned = [curve(0, shape(0.1, 12)), curve(1, shape(0.2, 12)), curve(10, shape(0.9))];
  const peers = [0.3, 0.4, 0.5].map((floor, i) => curve(2 + i, shape(floor).slice(0, 9), 'running'));
  const judge = (name: 'asha' | 'median' | 'hyperband', step: number, options: PrunerOptions = {}) => {
    const newcomer = curve(9, shape(3).slice(0, step), 'running');
    const settings = resolvePruner({ name, minSteps: 3, startupTrials: 2, warmupSteps: 2, ...options });
    return decidePrune({ settings, goal: 'minimize', seed: 0, curves: [...turned, ...peers, newcomer], id: 9 }).prune;
  };

  it('asha and the median let the worst trial go on before the turn, and stop it after', () => {
    for (const name of ['asha', 'median'] as const) {
      expect(judge(name, 3)).toBe(false);
      expect(judge(name, 3, { turnGuard: false })).toBe(true);
    }
    // the decision says why the trial goes on, for the run to tell once
    const settings = resolvePruner({ name: 'median', startupTrials: 2, warmupSteps: 2 });
    const held = decidePrune({ settings, goal: 'minimize', seed: 0, curves: [...turned, ...peers, curve(9, shape(3).slice(0, 3), 'running')], id: 9 });
    expect(held).toEqual({ prune: false, reason: null, held: expect.stringContaining("curves turn up after step 12 (overfitting?), so no trial is stopped before it") });
    expect(judge('median', 13)).toBe(true);
  });

  it('is off while the sampler reads pruned trials as steps of a curve (the GP), not as bad results', () => {
    const newcomer = curve(9, shape(3).slice(0, 3), 'running');
    // asha's start-up under the GP (five complete trials) left out: the guard is what is looked at
    const settings = resolvePruner({ name: 'asha', minSteps: 3, rungStartup: 0 });
    const context = { settings, goal: 'minimize' as const, seed: 0, curves: [...turned, ...peers, newcomer], id: 9 };
    expect(decidePrune(context).prune).toBe(false);
    expect(decidePrune({ ...context, curvesModelled: () => true }).prune).toBe(true);
    expect(decidePrune({ ...context, curvesModelled: () => false }).prune).toBe(false);
  });

  it('asha judges a rung past the turn as before', () => {
    // the rung at step 9 is before the turn at 12; with the turn at step 6 it is after it
    const early = [curve(0, shape(0.1, 6)), curve(1, shape(0.2, 6)), curve(10, shape(0.9))];
    const newcomer = curve(9, shape(3).slice(0, 9), 'running');
    const settings = resolvePruner({ name: 'asha', minSteps: 3 });
    expect(decidePrune({ settings, goal: 'minimize', seed: 0, curves: [...turned, ...peers, newcomer], id: 9 }).prune).toBe(false);
    expect(decidePrune({ settings, goal: 'minimize', seed: 0, curves: [...early, ...peers, newcomer], id: 9 }).prune).toBe(true);
  });
});

describe('the library asks which sampler learns from the pruned trials', () => {
  // three complete runs whose two best turned at step 12, then a newcomer that is the worst at step 3
  const run = (algo: 'tpe' | 'gp' | 'random'): boolean => {
    const opt = createOptimizer(uniformSpace([['x', 0, 1]]), { algo, seed: 3, pruner: { name: 'asha', minSteps: 3, rungStartup: 0 } });
    for (const values of [shape(0.1, 12), shape(0.2, 12), shape(0.9)]) {
      const { id } = opt.ask();
      values.forEach((value, i) => opt.report(id, i + 1, value));
      opt.tell(id, values[values.length - 1] as number);
    }
    const { id } = opt.ask();
    return shape(3).slice(0, 3).map((value, i) => opt.report(id, i + 1, value)).some(Boolean);
  };

  it('keeps the newcomer under the TPE and random search, and stops it under the GP, which models the curves', () => {
    expect(run('tpe')).toBe(false);
    expect(run('random')).toBe(false);
    expect(run('gp')).toBe(true);
  });
});
