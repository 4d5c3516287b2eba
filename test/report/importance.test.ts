import { describe, expect, it } from 'vitest';
import { parseSpace } from '../../src/space/index.js';
import { computeImportance } from '../../src/report/importance.js';
import { studyImportance } from '../../src/report/importance-model.js';
import { formatImportance } from '../../src/report/importance-format.js';
import type { ChoiceNode, NumericNode, Space } from '../../src/space/types.js';
import type { TrialRecord } from '../../src/study/types.js';
import { createRng } from '../../src/util/rng.js';

const position = { line: 1, column: 1 };

function uniform(label: string, low: number, high: number, condition: NumericNode['condition'] = null): NumericNode {
  return { kind: 'numeric', family: 'uniform', label, condition, position, args: [low, high], low, high, mu: null, sigma: null, q: null, log: false, integer: false, grid: null };
}

function loguniform(label: string, low: number, high: number): NumericNode {
  return { ...uniform(label, low, high), family: 'loguniform', log: true };
}

function spaceOf(nodes: Space['nodes']): Space {
  return { params: nodes.filter((n) => n.condition === null), nodes, metric: 'loss', goal: 'minimize', trials: null, grid: null, pattern: null, objective: 'last', metricStream: 'stdout', metricFile: null, file: null, text: '' };
}

/** Random-search trials of a known function: `lr` (log scale) dominates, `momentum` matters a little, `seedish` not at all. */
function syntheticStudy(count: number): { space: Space; trials: TrialRecord[] } {
  const optimizer: ChoiceNode = {
    kind: 'choice', family: 'choice', label: 'optimizer', condition: null, position, probabilities: [0.5, 0.5],
    options: [
      { value: 'sgd', params: [uniform('nesterov_mix', 0, 1, { parent: 'optimizer', option: 0 })] },
      { value: 'adam', params: [] },
    ],
  };
  const nodes = [loguniform('lr', 1e-5, 1), uniform('momentum', 0, 1), uniform('seedish', 0, 100), optimizer, ...optimizer.options[0]!.params];
  const space = spaceOf(nodes);
  const rng = createRng(7);
  const trials: TrialRecord[] = [];
  for (let id = 0; id < count; id++) {
    const lr = Math.exp(Math.log(1e-5) + rng.next() * Math.log(1e5));
    const momentum = rng.next();
    const seedish = rng.next() * 100;
    const sgd = rng.next() < 0.5;
    const mix = rng.next();
    const loss = 4 * (Math.log10(lr) + 3) ** 2 + 3 * (momentum - 0.9) ** 2 + (sgd ? 1 + 0.5 * mix : 0) + 0.3 * rng.next();
    const params = sgd ? { lr, momentum, seedish, optimizer: 'sgd', nesterov_mix: mix } : { lr, momentum, seedish, optimizer: 'adam' };
    trials.push({ id, params, state: id % 17 === 5 ? 'failed' : 'complete', value: id % 17 === 5 ? null : loss });
  }
  return { space, trials };
}

describe('computeImportance (PED-ANOVA)', () => {
  it('ranks the dominant parameter first and the irrelevant one last', () => {
    const { space, trials } = syntheticStudy(300);
    const ranked = computeImportance(space, trials, 'minimize');
    const labels = ranked.map((item) => item.label);
    expect(labels[0]).toBe('lr');
    expect(labels.at(-1)).toBe('seedish');
    expect(labels.indexOf('momentum')).toBeLessThan(labels.indexOf('seedish'));
    const total = ranked.reduce((sum, item) => sum + (item.importance ?? 0), 0);
    expect(total).toBeCloseTo(1, 9);
    expect(ranked[0]!.importance!).toBeGreaterThan(0.5);
  });

  it('judges a conditional parameter only on the trials where it was active', () => {
    const { space, trials } = syntheticStudy(300);
    const mix = computeImportance(space, trials, 'minimize').find((item) => item.label === 'nesterov_mix')!;
    const complete = trials.filter((trial) => trial.state === 'complete');
    expect(mix.total).toBe(complete.length);
    expect(mix.active).toBe(complete.filter((trial) => 'nesterov_mix' in trial.params).length);
    expect(mix.active).toBeLessThan(mix.total);
    expect(mix.top).toBe(Math.ceil(0.1 * mix.active));
  });

  it('follows the goal: maximizing the negated loss gives the same ranking', () => {
    const { space, trials } = syntheticStudy(200);
    const flipped = trials.map((trial) => ({ ...trial, value: trial.value === null ? null : -trial.value }));
    const minimized = computeImportance(space, trials, 'minimize').map((item) => item.label);
    const maximized = computeImportance(space, flipped, 'maximize').map((item) => item.label);
    expect(maximized).toEqual(minimized);
  });

  it('says so instead of guessing when there are too few trials', () => {
    const { space, trials } = syntheticStudy(6);
    const ranked = computeImportance(space, trials, 'minimize');
    expect(ranked.every((item) => item.importance === null && item.note !== null)).toBe(true);
    expect(formatImportance(ranked)).toContain('nesterov_mix  -                            -  needs 10 complete trials where active');
    expect(formatImportance(ranked)).toMatch(/^ {2}lr .* needs 10 complete trials$/m);
  });

  it('formats one line per parameter with a bar and its share', () => {
    const { space, trials } = syntheticStudy(300);
    const text = formatImportance(computeImportance(space, trials, 'minimize'));
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toContain('PED-ANOVA');
    expect(lines).toHaveLength(6);
    expect(lines[1]).toMatch(/^ {2}lr\s+█+.*\s0\.\d\d$/);
    expect(text).toMatch(/nesterov_mix .* active in \d+\/\d+/);
  });
});

/**
 * Trials as a model-based sampler leaves them (a user audit, session 45): `a` narrows onto its best
 * value, `b` (log scale) matters a little, and the irrelevant `f` drifts to its lower edge with the
 * later, better trials, so the best tenth of the trials sits at that edge while the best tenth of the
 * space does not.
 */
function crowdedStudy(): { space: Space; trials: TrialRecord[] } {
  const space = spaceOf([uniform('a', 0, 1), loguniform('b', 0.01, 100), uniform('c', 0, 1), loguniform('f', 1e-4, 1)]);
  const rng = createRng(11);
  const trials: TrialRecord[] = [];
  for (let id = 0; id < 60; id++) {
    const late = Math.min(1, id / 40);
    const a = Math.min(1, Math.max(0, 0.3 + (1 - 0.9 * late) * (rng.next() - 0.5)));
    const b = 10 ** (Math.log10(2) + (1 - 0.5 * late) * 4 * (rng.next() - 0.5));
    const c = rng.next();
    const f = 10 ** (-4 + 4 * (1 - late) * rng.next());
    const value = 10 * (a - 0.3) ** 2 + 0.5 * (Math.log10(b) - Math.log10(2)) ** 2 + 1;
    trials.push({ id, params: { a, b, c, f }, state: 'complete', value });
  }
  return { space, trials };
}

describe('studyImportance (PED-ANOVA on the GP\'s model of the study)', () => {
  it('ranks what matters first when the trials crowd into the best basin; the trials alone do not', () => {
    const { space, trials } = crowdedStudy();
    const onTrials = computeImportance(space, trials, 'minimize');
    // the defect the model mends: on the trials, a is not first and the drifting f counts
    expect(onTrials[0]?.label).not.toBe('a');
    expect(onTrials.find((item) => item.label === 'f')?.importance).toBeGreaterThan(0.1);
    const onModel = studyImportance(space, trials, 'minimize');
    expect(onModel.map((item) => item.label).slice(0, 2)).toEqual(['a', 'b']);
    expect(onModel.every((item) => item.basis === 'model')).toBe(true);
    const share = (label: string) => onModel.find((item) => item.label === label)?.importance ?? 1;
    expect(share('a')).toBeGreaterThan(0.5);
    expect(share('c') + share('f')).toBeLessThan(0.05);
    expect(formatImportance(onModel)).toContain("PED-ANOVA on the GP's model of the study");
    // the same study maximized, as its negative: the same picture
    const flipped = trials.map((trial) => ({ ...trial, value: -(trial.value as number) }));
    expect(studyImportance(space, flipped, 'maximize').map((item) => item.label)).toEqual(onModel.map((item) => item.label));
  });

  it('reads the trials themselves while the GP has no model (too few finished trials)', () => {
    const { space, trials } = crowdedStudy();
    expect(studyImportance(space, trials.slice(0, 5), 'minimize').every((item) => item.basis === 'trials' && item.importance === null)).toBe(true);
  });
});

describe('studyImportance on plateaus, flat metrics and few trials (found by a user audit)', () => {
  const plateau = parseSpace('metric: loss\nparams:\n  act: choice(a, b, c)\n  n1: uniform(0, 1)\n  n2: uniform(0, 1)\n');
  const drawn = (count: number, loss: (params: Record<string, unknown>) => number): TrialRecord[] => {
    const rng = createRng(5);
    return Array.from({ length: count }, (_, id) => {
      const params = { act: ['a', 'b', 'c'][id % 3] as string, n1: rng.next(), n2: rng.next() };
      return { id, params, state: 'complete' as const, value: loss(params) };
    });
  };

  it("counts a plateau of equal best values as all top, so the option that decides takes it all", () => {
    const trials = drawn(30, (p) => ({ a: 0, b: 2, c: 4 })[p.act as 'a' | 'b' | 'c']);
    const ranked = studyImportance(plateau, trials, 'minimize');
    expect(ranked[0]).toMatchObject({ label: 'act', basis: 'model' });
    expect(ranked[0]?.importance).toBeGreaterThan(0.95);
  });

  it("counts ties on the whole picture's range: a branch's do-nothing parameter gets nothing from the model's ripples (a user audit)", () => {
    const space = parseSpace('params:\n  model:\n    choice:\n      - mlp:\n          width: uniform(10, 500)\n      - linear:\n          alpha: uniform(0, 1)\n  noop: uniform(0, 1)\n');
    const rng = createRng(9);
    const configs = Array.from({ length: 2000 }, (_, i) => (i % 2 === 0 ? { model: 'mlp', width: 10 + 490 * rng.next(), noop: rng.next() } : { model: 'linear', alpha: rng.next(), noop: rng.next() }));
    // the linear branch is flat but for a slope a thousand times smaller than the picture's range (a model's ripple)
    const truth = (p: Record<string, unknown>): number => (p['model'] === 'mlp' ? 1 + ((Number(p['width']) - 200) / 100) ** 2 : 3 + 1e-3 * Number(p['alpha']));
    const surface = configs.map((params) => ({ params, value: truth(params) }));
    const trials = configs.slice(0, 40).map((params, id) => ({ id, params, state: 'complete' as const, value: truth(params) }));
    const ranked = computeImportance(space, trials, 'minimize', { surface });
    expect(ranked[0]?.label).toBe('width');
    expect(ranked.find((item) => item.label === 'alpha')?.importance).toBeLessThan(0.01);
  });

  it('ranks nothing when the metric never varied, and says so', () => {
    const ranked = studyImportance(plateau, drawn(30, () => 0.5), 'minimize');
    expect(ranked.every((item) => item.importance === null && item.note === '0.5 in every complete trial: nothing to rank by')).toBe(true);
    expect(formatImportance(ranked)).toContain('(PED-ANOVA: where the best 10% of complete trials lie');
  });

  it('gives numbers from the model with 8 complete trials, where the trials alone need 10', () => {
    const few = drawn(9, (p) => 10 * ((p.n1 as number) - 0.3) ** 2);
    expect(studyImportance(plateau, few, 'minimize').every((item) => item.importance !== null)).toBe(true);
    expect(computeImportance(plateau, few, 'minimize').every((item) => item.importance === null)).toBe(true);
  });
});
