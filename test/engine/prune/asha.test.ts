import { describe, expect, it } from 'vitest';
import { bracketOf, bracketWeights, decidePrune, prunerProblem, resolvePruner, type Curve, type PrunerOptions } from '../../../src/engine/prune/index.js';
import { rungCrossed } from '../../../src/engine/prune/asha.js';

const curve = (id: number, values: number[], state: Curve['state'] = 'running'): Curve => ({ id, state, steps: values.map((_, i) => i + 1), values });

function asha(curves: Curve[], id: number, options: PrunerOptions = {}) {
  return decidePrune({ settings: resolvePruner({ name: 'asha', reductionFactor: 3, minSteps: 1, ...options }), goal: 'minimize', seed: 0, curves, id });
}

describe('ASHA rungs', () => {
  it('finds the rung a trial crossed with its latest step (rungs at min * eta^k)', () => {
    expect(rungCrossed(1, 3, 0, 0, 1)).toBe(1);
    expect(rungCrossed(1, 3, 0, 1, 2)).toBeNull();
    expect(rungCrossed(1, 3, 0, 2, 3)).toBe(3);
    expect(rungCrossed(1, 3, 0, 0, 4)).toBe(3); // a program that reports every few epochs jumps rungs
    expect(rungCrossed(2, 4, 0, 7, 8)).toBe(8);
    expect(rungCrossed(1, 3, 1, 0, 2)).toBeNull(); // a bracket with rate 1 starts at 3
    expect(rungCrossed(1, 3, 1, 2, 3)).toBe(3);
  });
});

describe('ASHA promotions (eta 3)', () => {
  // five trials already past rung 1 with 0.5 .. 0.9 there
  const rung1 = [0.5, 0.6, 0.7, 0.8, 0.9].map((v, id) => curve(id, [v, v - 0.1]));

  it('keeps a trial among the best 1/eta at the rung it just reached', () => {
    // six values: the best floor(6/3) = 2 go on: 0.5 and 0.55
    expect(asha([...rung1, curve(5, [0.55])], 5).prune).toBe(false);
  });

  it('stops one that is not, naming the cutoff', () => {
    const decision = asha([...rung1, curve(5, [0.65])], 5);
    expect(decision.prune).toBe(true);
    expect(decision.reason).toBe('pruned at step 1 (asha): value 0.65 at the rung of step 1 is not among the best 2 of 6 trials there (cutoff 0.6)');
  });

  it('under a sampler that models curves (the GP), prunes nothing until five trials are complete; under the TPE at once', () => {
    const settings = resolvePruner({ name: 'asha', reductionFactor: 3, minSteps: 1 });
    const curves = [...rung1, curve(5, [0.65])];
    const judged = (modelled: boolean, complete: number) => {
      const marked = curves.map((c, i) => (i < complete ? { ...c, state: 'complete' as const } : c));
      return decidePrune({ settings, goal: 'minimize', seed: 0, curves: marked, id: 5, curvesModelled: () => modelled }).prune;
    };
    expect(judged(false, 0)).toBe(true);
    expect(judged(true, 0)).toBe(false);
    expect(judged(true, 4)).toBe(false);
    expect(judged(true, 5)).toBe(true);
    // an explicit start-up applies whatever the sampler
    expect(asha(curves, 5, { rungStartup: 1 }).prune).toBe(false);
    expect(decidePrune({ settings: resolvePruner({ name: 'asha', reductionFactor: 3, minSteps: 1, rungStartup: 0 }), goal: 'minimize', seed: 0, curves, id: 5, curvesModelled: () => true }).prune).toBe(true);
  });

  it('lets a trial finish that the program has already run to the full run while its value was judged', () => {
    const settings = resolvePruner({ name: 'asha', reductionFactor: 3, minSteps: 1, maxSteps: 4 });
    const context = { settings, goal: 'minimize' as const, seed: 0, curves: [...rung1, curve(5, [0.65])], id: 5 };
    expect(decidePrune({ ...context, reached: 3 }).prune).toBe(true);
    expect(decidePrune({ ...context, reached: 4 })).toEqual({ prune: false, reason: null });
    // a NaN still stops it: the run diverged
    expect(decidePrune({ ...context, curves: [...rung1, curve(5, [Number.NaN])], reached: 4 }).prune).toBe(true);
  });

  it('with fewer than eta values at a rung, only the best goes on (no waiting, as Optuna)', () => {
    expect(asha([curve(0, [0.5]), curve(1, [0.6])], 1).prune).toBe(true);
    expect(asha([curve(0, [0.5]), curve(1, [0.4])], 1).prune).toBe(false);
    expect(asha([curve(0, [0.5])], 0).prune).toBe(false);
  });

  it('judges only at a rung: between rungs a trial runs on', () => {
    expect(asha([...rung1, curve(5, [0.55, 5])], 5).prune).toBe(false);
  });

  it('compares values at the rung, counting complete and pruned trials that reached it', () => {
    // rung 3: trials 0..2 reached it with 0.3, 0.4, 0.5; trial 3 was pruned at step 1 and does not count
    const curves = [curve(0, [1, 1, 0.3], 'complete'), curve(1, [1, 1, 0.4], 'pruned'), curve(2, [1, 1, 0.5]), curve(3, [2], 'pruned')];
    // a full run is 27 steps (else trial 0's 3 would be the full run, with no rung at 3)
    expect(asha([...curves, curve(4, [0.5, 0.5, 0.45])], 4, { maxSteps: 27 }).prune).toBe(true); // best 1 of 4: 0.3
    expect(asha([...curves, curve(4, [0.5, 0.5, 0.25])], 4, { maxSteps: 27 }).prune).toBe(false);
  });

  it('has no rung at or past the full run', () => {
    const curves = [curve(0, [1, 1, 0.3], 'complete'), curve(1, [1, 1, 0.4], 'complete')];
    expect(asha([...curves, curve(2, [0.5, 0.5, 0.9])], 2).prune).toBe(false);
    expect(asha([...curves, curve(2, [0.5, 0.5, 0.9])], 2, { maxSteps: 4 }).prune).toBe(true);
  });
});

describe('Hyperband brackets', () => {
  it('has classic Hyperband proportions: (s + 1) / (s - b + 1) * eta^(s - b)', () => {
    expect(bracketWeights(1, 3, 27, 'classic')).toEqual([27, 12, 6, 4]);
    expect(bracketWeights(1, 3, 26, 'classic')).toEqual([(3 / 3) * 9, (3 / 2) * 3, 3]);
    expect(bracketWeights(27, 3, 27, 'classic')).toEqual([1]);
    expect(bracketWeights(27, 3, 27, 'scaled')).toEqual([1]);
  });

  it('scaled shares: the classic count times eta^-b', () => {
    // 27 steps from 1: 27 * 1, 12 / 3, 6 / 9, 4 / 27, about 85 : 13 : 2 : 0.5 %
    expect(bracketWeights(1, 3, 27, 'scaled')).toEqual([27, 4, 6 / 9, 4 / 27]);
    // the default first rung, 27 / 9 = 3: s = 2, classic 9 : 4.5 : 3, scaled 9 : 1.5 : 1 / 3
    expect(bracketWeights(3, 3, 27, 'classic')).toEqual([9, 4.5, 3]);
    expect(bracketWeights(3, 3, 27, 'scaled')).toEqual([9, 1.5, 3 / 9]);
    const weights = bracketWeights(3, 3, 27, 'scaled');
    const counts = [0, 0, 0];
    for (let id = 0; id < 4000; id++) counts[bracketOf(1, id, weights)] += 1;
    // 4000 draws: within 1.5 % of 83.1 : 13.8 : 3.1 %
    counts.forEach((count, b) => expect(Math.abs(count / 40 - (100 * (weights[b] as number)) / (9 + 1.5 + 1 / 3))).toBeLessThan(1.5));
  });

  it('puts a trial in one bracket for good, from (seed, id), in those proportions', () => {
    const weights = bracketWeights(1, 3, 27, 'classic');
    expect(bracketOf(4, 17, weights)).toBe(bracketOf(4, 17, weights));
    const counts = [0, 0, 0, 0];
    for (let id = 0; id < 4900; id++) counts[bracketOf(1, id, weights)] += 1;
    // 4900 draws: within 1.5 % of the proportions 27 : 12 : 6 : 4
    counts.forEach((count, b) => expect(Math.abs(count / 100 - (weights[b] as number))).toBeLessThan(1.5));
  });

  it('prunes within a bracket only, from its own first rung; the last bracket never prunes', () => {
    const weights = bracketWeights(1, 3, 27, 'scaled'); // the default shares: bracket 3 draws 0.5 % of trials
    const idsIn = (b: number) => Array.from({ length: 2000 }, (_, id) => id).filter((id) => bracketOf(0, id, weights) === b);
    const settings = resolvePruner({ name: 'hyperband', maxSteps: 27, minSteps: 1 });
    const judge = (curves: Curve[], id: number) => decidePrune({ settings, goal: 'minimize', seed: 0, curves, id }).prune;
    const [a, b] = idsIn(0);
    expect(judge([curve(a as number, [0.5]), curve(b as number, [0.9])], b as number)).toBe(true);
    const [c, d] = idsIn(1);
    // bracket 1 starts at step 3: step 1 is no rung there, and bracket 0's trials are no competitors
    expect(judge([curve(a as number, [0.1]), curve(d as number, [0.9])], d as number)).toBe(false);
    expect(judge([curve(c as number, [1, 1, 0.5]), curve(d as number, [1, 1, 0.9])], d as number)).toBe(true);
    expect(judge([curve(a as number, [0.1, 0.1, 0.1]), curve(d as number, [1, 1, 0.9])], d as number)).toBe(false);
    const [e, f] = idsIn(3);
    expect(judge([curve(e as number, [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]), curve(f as number, [9, 9, 9, 9, 9, 9, 9, 9, 9])], f as number)).toBe(false);
  });

  it('needs the length of a full run: no pruning before max_steps is given or a trial completes', () => {
    const settings = resolvePruner({ name: 'hyperband', minSteps: 1 });
    const curves = Array.from({ length: 30 }, (_, id) => curve(id, [id]));
    expect(curves.every((c) => !decidePrune({ settings, goal: 'minimize', seed: 0, curves, id: c.id }).prune)).toBe(true);
  });
});

describe('automatic first rung: a ninth of a full run', () => {
  it('waits for the full run length, then puts the first rung at round(max / 9)', () => {
    const settings = resolvePruner({ name: 'asha', reductionFactor: 3 });
    const judge = (curves: Curve[], id: number) => decidePrune({ settings, goal: 'minimize', seed: 0, curves, id }).prune;
    const early = [curve(0, [0.1, 0.1, 0.1]), curve(1, [0.9, 0.9, 0.9])];
    expect(judge(early, 1)).toBe(false); // no trial complete: no full run known
    const full = curve(2, Array.from({ length: 27 }, () => 0.05), 'complete');
    expect(judge([full, curve(0, [0.1]), curve(1, [0.9])], 1)).toBe(false); // step 1 is no rung: the first is 3
    expect(judge([full, curve(0, [0.1, 0.1, 0.1]), curve(1, [0.9, 0.9, 0.9])], 1)).toBe(true);
  });
});

describe("a trial's standing at a rung (rungValue, a screen setting)", () => {
  // five trials past rung 3, each at v there after v + 0.1 and v + 0.05; the judged one has a bad epoch at the rung
  const peers = [0.4, 0.5, 0.6, 0.7, 0.8].map((v, id) => curve(id, [v + 0.1, v + 0.05, v]));
  const spiked = curve(5, [0.5, 0.45, 0.9]);
  const judge = (rungValue: PrunerOptions['rungValue']) => asha([...peers, spiked], 5, { minSteps: 3, rungValue });

  it('at (the default): the value on reaching the rung decides, one bad epoch included', () => {
    expect(resolvePruner('asha').rungValue).toBe('at');
    expect(judge('at').reason).toBe('pruned at step 3 (asha): value 0.9 at the rung of step 3 is not among the best 2 of 6 trials there (cutoff 0.5)');
  });

  it('best: every trial by its best value up to the rung (0.45 ties the cutoff)', () => {
    expect(judge('best').prune).toBe(false);
  });

  it('median3: every trial by the median of its last three values (0.5 against the cutoff 0.5)', () => {
    expect(judge('median3').prune).toBe(false);
    // a trial bad at two of its last three stays bad
    expect(asha([...peers, curve(5, [0.5, 0.85, 0.9])], 5, { minSteps: 3, rungValue: 'median3' }).prune).toBe(true);
  });

  it('an unknown rule is refused by name', () => {
    expect(prunerProblem(resolvePruner({ name: 'asha', rungValue: 'mean' as PrunerOptions['rungValue'] }))).toBe('rung value must be one of at, best, median3 (got "mean")');
  });
});
