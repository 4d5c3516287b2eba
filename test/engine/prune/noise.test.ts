import { describe, expect, it } from 'vitest';
import { decidePrune, prunerProblem, relativeStepNoise, resolvePruner, NOISE_MARGIN_Z, type Curve, type PrunerOptions } from '../../../src/engine/prune/index.js';

const curve = (id: number, values: number[], state: Curve['state'] = 'running'): Curve => ({ id, state, steps: values.map((_, i) => i + 1), values });

// Eight trials that printed 1, 1, 1.06: one second difference each, 1.06 - 2 + 1 = 0.06, relative to the
// middle value 1. The noise is 1.4826 * 0.06 / sqrt(6) = 0.036316.
const history = Array.from({ length: 8 }, (_, id) => curve(id, [1, 1, 1.06]));
const NOISE = (1.4826 * 0.06) / Math.sqrt(6);

function asha(curves: Curve[], id: number, options: PrunerOptions = {}) {
  const settings = resolvePruner({ name: 'asha', reductionFactor: 3, minSteps: 1, maxSteps: 27, ...options });
  return decidePrune({ settings, goal: 'minimize', seed: 0, curves, id });
}

describe('step-to-step noise', () => {
  it('is the scaled median absolute second difference, relative to the value', () => {
    expect(relativeStepNoise(history, 'minimize')).toBeCloseTo(NOISE, 12);
    // a straight descent has no second difference: slope is not noise
    const straight = Array.from({ length: 8 }, (_, id) => curve(id, [1, 0.9, 0.8, 0.7]));
    expect(relativeStepNoise(straight, 'minimize')).toBeCloseTo(0, 12);
  });

  it('ignores the few bends that are not noise (a median), NaNs, and interrupted trials', () => {
    const bent = [...history, curve(8, [1, 1, 9]), curve(9, [1, Number.NaN, 1]), curve(10, [1, 1, 50], 'interrupted')];
    expect(relativeStepNoise(bent, 'minimize')).toBeCloseTo(NOISE, 12);
  });

  it('is 0 with fewer than 8 second differences to go on', () => {
    expect(relativeStepNoise(history.slice(0, 7), 'minimize')).toBe(0);
  });
});

describe('the noise margin at a rung (asha; hyperband uses the same rule in its brackets)', () => {
  // at rung 1 the eight trials printed 1; a ninth trial arrives there: the best 3 of 9 go on, cutoff 1
  it('lets a trial within z noises of the cutoff go on', () => {
    // margin 1 * 0.036316 * |1|: 1.03 is inside, 1.04 outside
    expect(asha([...history, curve(8, [1.03])], 8, { noiseMargin: 1 }).prune).toBe(false);
    const outside = asha([...history, curve(8, [1.04])], 8, { noiseMargin: 1 });
    expect(outside.prune).toBe(true);
    expect(outside.reason).toBe('pruned at step 1 (asha): value 1.04 at the rung of step 1 is not among the best 3 of 9 trials there (cutoff 1) by more than the noise margin 0.03632');
    // z 2 doubles the margin to 0.0726
    expect(asha([...history, curve(8, [1.07])], 8, { noiseMargin: 2 }).prune).toBe(false);
  });

  it('with z 0 is the plain rule', () => {
    const decision = asha([...history, curve(8, [1.03])], 8, { noiseMargin: 0 });
    expect(decision.prune).toBe(true);
    expect(decision.reason).toBe('pruned at step 1 (asha): value 1.03 at the rung of step 1 is not among the best 3 of 9 trials there (cutoff 1)');
  });

  it('scales with the cutoff, and works for a metric to maximise', () => {
    const scaled = history.map((c) => ({ ...c, values: c.values.map((v) => v * 10) }));
    expect(asha([...scaled, curve(8, [10.3])], 8, { noiseMargin: 1 }).prune).toBe(false);
    expect(asha([...scaled, curve(8, [10.4])], 8, { noiseMargin: 1 }).prune).toBe(true);
    const accuracy = history.map((c) => ({ ...c, values: c.values.map((v) => -v) }));
    const settings = resolvePruner({ name: 'asha', minSteps: 1, maxSteps: 27, noiseMargin: 1 });
    expect(decidePrune({ settings, goal: 'maximize', seed: 0, curves: [...accuracy, curve(8, [-1.03])], id: 8 }).prune).toBe(false);
    expect(decidePrune({ settings, goal: 'maximize', seed: 0, curves: [...accuracy, curve(8, [-1.04])], id: 8 }).prune).toBe(true);
  });

  it('is on by default, and must be a number >= 0', () => {
    expect(resolvePruner({ name: 'asha' }).noiseMargin).toBe(NOISE_MARGIN_Z);
    expect(resolvePruner({ name: 'hyperband' }).noiseMargin).toBe(1);
    expect(resolvePruner({ name: 'hyperband', noiseMargin: 0.5 }).noiseMargin).toBe(0.5);
    expect(prunerProblem(resolvePruner({ name: 'asha', noiseMargin: -1 }))).toBe('noise margin must be a number >= 0 (got -1)');
  });
});
