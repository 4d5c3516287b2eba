// Pruned trials as low-fidelity observations: the posterior asked with its fidelity input held, the
// fidelity of a trial, and what the GP and auto do with pruned trials once a full run's length is known.
import { describe, expect, it } from 'vitest';
import { autoReason, createOptimizer, propose } from '../../../src/engine/index.js';
import { fidelityOf, firstRunStep, fullRunSteps } from '../../../src/engine/gp/fidelity.js';
import type { GpData } from '../../../src/engine/gp/fit.js';
import { buildPosterior, predict, withTail } from '../../../src/engine/gp/posterior.js';
import type { Observation } from '../../../src/engine/observations.js';
import type { TrialRecord } from '../../../src/study/types.js';
import { uniformSpace } from '../spaces.js';

const seen = (state: Observation['state'], step: number): Observation => ({ id: 0, params: {}, loss: 1, state, step, firstStep: 1 });

describe('fidelity', () => {
  it('measures a full run by the longest complete trial, and needs one of two steps or more', () => {
    expect(fullRunSteps([seen('complete', 27), seen('complete', 20), seen('pruned', 30)])).toBe(27);
    expect(fullRunSteps([seen('complete', 1), seen('pruned', 3)])).toBeNull();
    expect(fullRunSteps([seen('pruned', 3)])).toBeNull();
  });

  it('takes the declared max_steps over what complete trials reported, before any trial completes too', () => {
    expect(fullRunSteps([seen('pruned', 3)], 27)).toBe(27);
    expect(fullRunSteps([seen('complete', 20), seen('pruned', 3)], 27)).toBe(27);
    expect(fullRunSteps([seen('complete', 27)], 1)).toBeNull();
  });

  it('puts a pruned trial at its share of a full run, linear or in log steps; complete ones at 1', () => {
    expect(fidelityOf(seen('pruned', 9), 27, 'linear')).toBeCloseTo(1 / 3, 12);
    expect(fidelityOf(seen('pruned', 9), 27, 'log')).toBeCloseTo(2 / 3, 12);
    expect(fidelityOf(seen('pruned', 1), 27, 'log')).toBeCloseTo(0, 12);
    expect(fidelityOf(seen('pruned', 0), 27, 'log')).toBeCloseTo(0, 12);
    expect(fidelityOf(seen('pruned', 40), 27, 'log')).toBe(1);
    expect(fidelityOf(seen('complete', 5), 27, 'log')).toBe(1);
  });

  it('starts the log scale at the first step the trials report', () => {
    expect(fidelityOf(seen('pruned', 100), 2700, 'log', 100)).toBeCloseTo(0, 12);
    expect(fidelityOf(seen('pruned', 300), 2700, 'log', 100)).toBeCloseTo(1 / 3, 12);
    expect(fidelityOf(seen('pruned', 900), 2700, 'log', 100)).toBeCloseTo(2 / 3, 12);
    // from a first step of 1 it is the scale of sessions 8-10, to the last bit
    expect(fidelityOf(seen('pruned', 9), 27, 'log', 1)).toBe(1 + Math.log(9 / 27) / Math.log(27));
    const first = (state: Observation['state'], firstStep: number): Observation => ({ ...seen(state, 900), firstStep });
    expect(firstRunStep([first('complete', 100), first('pruned', 200), first('running', 0)])).toBe(100);
    expect(firstRunStep([first('complete', 0), first('failed', 0)])).toBe(1); // epochs from 0, or not known
  });
});

describe('a posterior asked with its last input held', () => {
  // three points of (x, fidelity)
  const data: GpData = { x: Float64Array.from([0.1, 0, 0.5, 1, 0.9, 0.5]), y: Float64Array.from([1, -1, 0.5]), n: 3, d: 2, categorical: new Uint8Array(2) };
  const post = buildPosterior(data, Float64Array.from([Math.log(0.4), Math.log(0.8), 0, Math.log(1e-3)]));

  it('predicts what the full posterior predicts at the point with the held value appended', () => {
    const held = withTail(post, [1]);
    for (const x of [0.2, 0.5, 0.77]) {
      const a = predict(held, [x]);
      const b = predict(post, [x, 1]);
      expect(a.mean).toBeCloseTo(b.mean, 12);
      expect(a.variance).toBeCloseTo(b.variance, 12);
    }
  });

  it('gives gradients in the free inputs only, matching finite differences', () => {
    const held = withTail(post, [1]);
    const p = predict(held, [0.3], true);
    expect(p.dMean?.length).toBe(1);
    const h = 1e-6;
    const up = predict(held, [0.3 + h]);
    const down = predict(held, [0.3 - h]);
    expect(p.dMean?.[0]).toBeCloseTo((up.mean - down.mean) / (2 * h), 5);
    expect(p.dVariance?.[0]).toBeCloseTo((up.variance - down.variance) / (2 * h), 5);
  });
});

describe('the GP and auto over pruned trials', () => {
  const line = uniformSpace([['x', 0, 1]]);
  // complete trials ran 10 steps; the pruned ones stopped at step 1 with a value lower than any final
  // one (early values are not final values): the incumbent stays the best complete trial
  const complete: TrialRecord[] = Array.from({ length: 10 }, (_, id) => ({ id, params: { x: id / 10 }, state: 'complete' as const, value: 1 + (id / 10 - 0.3) ** 2, step: 10 }));
  const pruned: TrialRecord[] = Array.from({ length: 6 }, (_, i) => ({ id: 10 + i, params: { x: 0.95 - i / 50 }, state: 'pruned' as const, value: 0.5, step: 1 }));

  it('leaves a study without pruned trials exactly as the plain GP (the steps of complete trials change nothing)', () => {
    const withoutSteps = complete.map(({ step: _step, ...t }) => t);
    expect(propose(line, complete, 10, { algo: 'gp', seed: 3 })).toEqual(propose(line, withoutSteps, 10, { algo: 'gp', seed: 3 }));
  });

  it('proposes near the best full run, not where early values were low', () => {
    const proposal = propose(line, [...complete, ...pruned], 16, { algo: 'gp', seed: 3 });
    expect(proposal?.sampler).toBe('gp');
    expect(Math.abs(Number(proposal?.params['x']) - 0.3)).toBeLessThan(0.2);
  });

  it('auto keeps the GP once a complete trial showed a full run, and hands pruned studies to the TPE before that', () => {
    expect(autoReason(line, [...complete, ...pruned]).sampler).toBe('gp');
    const noSteps = complete.map(({ step: _step, ...t }) => t);
    expect(autoReason(line, [...noSteps, ...pruned])).toEqual({ sampler: 'tpe', reason: '6 trials were pruned and no complete trial has shown how long a full run is and max_steps is not set' });
    // max_steps tells the full run's length when the complete trials' steps do not
    expect(autoReason(line, [...noSteps, ...pruned], {}, {}, 10).sampler).toBe('gp');
    const declared = propose(line, [...noSteps, ...pruned], 16, { algo: 'auto', seed: 3, pruner: { name: 'asha', maxSteps: 10 } });
    expect(declared?.sampler).toBe('gp');
    expect(declared).toEqual(propose(line, [...complete, ...pruned], 16, { algo: 'auto', seed: 3 }));
    expect(autoReason(line, [...complete, ...pruned], {}, { pruned: 'last' })).toEqual({ sampler: 'tpe', reason: '6 trials were pruned and the TPE learns better from them' });
  });
});

describe('a pruned study under auto', () => {
  const square = uniformSpace([['x', 0, 1], ['y', 0, 1]]);
  // learning curves that cross: a large x learns fast and ends worse
  const curve = (x: number, y: number): number[] => Array.from({ length: 9 }, (_, t) => 0.2 + (x - 0.3) ** 2 + (y - 0.6) ** 2 + (1 + 2 * x) / (t + 1 + 3 * x));

  it('proposes with the GP after pruning, and a study rebuilt from its trials continues exactly', () => {
    const options = { seed: 4, pruner: { name: 'asha' as const, minSteps: 1, reductionFactor: 3 } };
    const opt = createOptimizer(square, options);
    for (let i = 0; i < 24; i++) {
      const { id, params } = opt.ask();
      const values = curve(Number(params['x']), Number(params['y']));
      let pruned = false;
      for (let t = 1; t <= values.length && !pruned; t++) pruned = opt.report(id, t, values[t - 1] as number) && t < values.length;
      opt.tell(id, pruned ? { state: 'pruned' } : (values[values.length - 1] as number));
    }
    const trials = opt.trials();
    expect(trials.filter((t) => t.state === 'pruned').length).toBeGreaterThan(3);
    expect(trials.find((t) => t.state === 'complete')?.step).toBe(9);
    const next = opt.ask();
    expect(next.sampler).toBe('gp');
    expect(createOptimizer(square, options, trials).ask()).toEqual(next);
  });

  it('runs the same study for a program that counts its steps in hundreds (the scale starts at the first step)', () => {
    const study = (unit: number) => {
      const opt = createOptimizer(square, { seed: 4, pruner: { name: 'asha' as const, minSteps: unit, reductionFactor: 3 } });
      const asked = [];
      for (let i = 0; i < 20; i++) {
        const { id, params, sampler } = opt.ask();
        asked.push({ params, sampler });
        const values = curve(Number(params['x']), Number(params['y']));
        let pruned = false;
        for (let t = 1; t <= values.length && !pruned; t++) pruned = opt.report(id, t * unit, values[t - 1] as number) && t < values.length;
        opt.tell(id, pruned ? { state: 'pruned' } : (values[values.length - 1] as number));
      }
      return asked;
    };
    const epochs = study(1);
    expect(epochs.filter((a) => a.sampler === 'gp').length).toBeGreaterThan(5);
    expect(study(100)).toEqual(epochs);
  });
});

describe('auto past maxGpTrials under a pruner', () => {
  it('counts pruned trials toward the hand-over to the TPE', () => {
    const line = uniformSpace([['x', 0, 1]]);
    const complete: TrialRecord[] = Array.from({ length: 4 }, (_, id) => ({ id, params: { x: id / 4 }, state: 'complete' as const, value: id, step: 10 }));
    const pruned: TrialRecord[] = Array.from({ length: 6 }, (_, i) => ({ id: 4 + i, params: { x: 0.1 + i / 10 }, state: 'pruned' as const, value: 9, step: 2 }));
    expect(autoReason(line, [...complete, ...pruned], { maxGpTrials: 11 }).sampler).toBe('gp');
    expect(autoReason(line, [...complete, ...pruned], { maxGpTrials: 10 })).toEqual({ sampler: 'tpe', reason: '10 trials are complete, failed or pruned (the GP takes up to 10)' });
  });
});
