import { describe, expect, it } from 'vitest';
import { computeImportance } from '../../src/report/importance.js';
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
    expect(formatImportance(ranked)).toContain('needs 10 complete trials where active');
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
