// createOptimizer's nested settings (tpe, gp, auto) of the wrong kind are refused with the setting's
// path: multivariate: 'no' (truthy) ran the joint model, weights: 'EI' and gp.warp: 'foo' a default,
// a typo inside tpe.pending was dropped, and the hyperopt preset dropped hypertune's TPE settings,
// each unsaid (a library user's audit).
import { describe, expect, it } from 'vitest';
import { createOptimizer, parseSpace, UsageError, type CreateOptimizerOptions } from '../../src/index.js';

const space = parseSpace('params:\n  x: uniform(0, 1)\n');
const loose = (value: unknown): CreateOptimizerOptions => value as CreateOptimizerOptions;
const refused = (options: unknown): string => {
  try {
    createOptimizer(space, loose(options));
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(options)}`);
};

describe('nested settings of the wrong kind', () => {
  it.each([
    [{ tpe: { multivariate: 'no' } }, "tpe.multivariate is true or false (got \"no\")"],
    [{ tpe: { weights: 'EI' } }, "tpe.weights is one of 'ei', 'uniform' (got \"EI\")"],
    [{ tpe: { exploreEvery: 0.5 } }, 'tpe.exploreEvery is a whole number >= 0 (got 0.5)'],
    [{ tpe: { weightPower: Number.NaN } }, 'tpe.weightPower is a number >= 0 (got NaN)'],
    [{ tpe: { pending: { constantLier: true } } }, 'unknown option tpe.pending.constantLier (did you mean tpe.pending.constantLiar?)'],
    [{ tpe: { pending: { penaltyRadius: -1 } } }, 'tpe.pending.penaltyRadius is a number >= 0 (got -1)'],
    [{ tpe: { staleExplore: true } }, 'tpe.staleExplore is an object of settings (stale, every, tolerance), or false (got true)'],
    [{ gp: { warp: 'foo' } }, "gp.warp is one of 'auto', 'none', 'log', 'rank' (got \"foo\")"],
    [{ gp: { restarts: -1 } }, 'gp.restarts is a whole number >= 0 (got -1)'],
    [{ gp: { outliers: 0 } }, 'gp.outliers is a number above 0, or false (got 0)'],
    [{ gp: { censored: 2 } }, 'gp.censored is a number from 0 to 1, or null (got 2)'],
    [{ gp: { local: { every: 0 } } }, 'gp.local.every is a whole number >= 1 (got 0)'],
    [{ auto: { maxGpParams: '3' } }, 'auto.maxGpParams is a whole number >= 0 (got "3")'],
    [{ auto: { conditional: 'x' } }, "auto.conditional is one of 'gp', 'tpe' (got \"x\")"],
    [{ algo: 'hyperopt', tpe: { multivariate: true } }, "tpe.multivariate is a setting of hypertune's TPE; hyperopt's (preset 'hyperopt') reads only startupTrials, candidates, gamma, priorWeight"],
  ])('refuses %j', (options, message) => {
    expect(refused(options)).toContain(message);
  });

  it('takes every documented form: false to turn a part off, null for the default, infinities where a threshold may be one', () => {
    const options: CreateOptimizerOptions = {
      tpe: { multivariate: false, weights: 'uniform', exploreEvery: 0, staleExplore: { stale: 5 }, pending: { constantLiar: true, believer: 0 }, pruned: 'rank' },
      gp: { warp: 'log', outliers: false, local: false, prunedLocal: { z: Infinity, apart: 0 }, explore: { stale: 0 }, chanceFailures: false, censored: null, prunedConfirmed: null, inactiveAt: 0, stuckMove: 'both' },
      auto: { maxGpParams: 0, maxGpTrials: 10, conditional: 'tpe' },
    };
    const opt = createOptimizer(space, options);
    expect(opt.ask().params.x).toEqual(expect.any(Number));
    expect(() => createOptimizer(space, { algo: 'hyperopt', tpe: { startupTrials: 5, gamma: 0.5 } })).not.toThrow();
  });
});
