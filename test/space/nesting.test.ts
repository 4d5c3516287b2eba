import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { activeLabels, parseSpace, sample } from '../../src/space/index.js';
import { chiSquare, chiSquareThreshold } from './stats.js';

const NEURAL = readFileSync(new URL('../../spaces/neural-network.yaml', import.meta.url), 'utf8');

// Two levels of nesting: the kernel size only exists for a cnn whose padding is `same`.
const DEEP = `params:
  model:
    choice:
      - mlp:
          width: quniform(32, 512, 32)
      - cnn:
          padding:
            choice:
              - valid
              - same:
                  kernel: choice(3, 5, 7)
      - linear
  lr: loguniform(1e-4, 1e-1)
`;

describe('sample(parseSpace(text), { seed: 1, count: 400 }) on the neural-network example', () => {
  const space = parseSpace(NEURAL);
  const configs = sample(space, { seed: 1, count: 400 });

  it('gives 400 typed, bounded configurations', () => {
    expect(configs).toHaveLength(400);
    for (const c of configs) {
      expect(c['learning_rate']).toBeGreaterThanOrEqual(1e-5);
      expect(c['learning_rate']).toBeLessThanOrEqual(1);
      expect(c['dropout']).toBeGreaterThanOrEqual(0);
      expect(c['dropout']).toBeLessThanOrEqual(0.5);
      expect(Number.isInteger(c['hidden'])).toBe(true);
      expect((c['hidden'] as number) % 16).toBe(0);
      expect(c['hidden']).toBeGreaterThanOrEqual(16);
      expect(c['hidden']).toBeLessThanOrEqual(256);
      expect([1, 2, 3, 4, 5]).toContain(c['layers']);
      expect(typeof c['momentum']).toBe('number');
      expect(c['weight_decay']).toBeGreaterThanOrEqual(1e-6);
      expect(c['weight_decay']).toBeLessThanOrEqual(1e-2);
      expect([16, 32, 64]).toContain(c['batch']);
      expect(['relu', 'tanh', 'leaky relu']).toContain(c['activation']);
      expect(['adam', 'sgd', 'rmsprop']).toContain(c['optimizer']);
      expect(c['epochs']).toBe(20);
    }
  });

  it('is correctly nested: beta1 only with adam, nesterov (a boolean) only with sgd', () => {
    for (const c of configs) {
      expect('beta1' in c).toBe(c['optimizer'] === 'adam');
      expect('nesterov' in c).toBe(c['optimizer'] === 'sgd');
      if (c['optimizer'] === 'adam') {
        expect(c['beta1']).toBeGreaterThanOrEqual(0.8);
        expect(c['beta1']).toBeLessThanOrEqual(0.999);
      }
      if (c['optimizer'] === 'sgd') expect(typeof c['nesterov']).toBe('boolean');
      expect(Object.keys(c).sort()).toEqual([...activeLabels(space, c)].sort());
    }
  });

  it('keeps file order in each configuration', () => {
    const first = configs.find((c) => c['optimizer'] === 'adam') ?? {};
    expect(Object.keys(first)).toEqual([
      'learning_rate', 'dropout', 'hidden', 'layers', 'momentum', 'weight_decay', 'batch', 'activation', 'optimizer', 'beta1', 'epochs',
    ]);
  });
});

describe('nested choices', () => {
  const space = parseSpace(DEEP);
  const configs = sample(space, { seed: 3, count: 3000 });

  it('never shows an inactive label, at any depth', () => {
    for (const c of configs) {
      expect('width' in c).toBe(c['model'] === 'mlp');
      expect('padding' in c).toBe(c['model'] === 'cnn');
      expect('kernel' in c).toBe(c['model'] === 'cnn' && c['padding'] === 'same');
      expect(Object.keys(c).sort()).toEqual([...activeLabels(space, c)].sort());
    }
  });

  it('reaches every option of every choice', () => {
    expect(new Set(configs.map((c) => c['model']))).toEqual(new Set(['mlp', 'cnn', 'linear']));
    expect(new Set(configs.map((c) => c['padding']).filter((v) => v !== undefined))).toEqual(new Set(['valid', 'same']));
    expect(new Set(configs.map((c) => c['kernel']).filter((v) => v !== undefined))).toEqual(new Set([3, 5, 7]));
  });

  it('chooses uniformly at each level (the kernel exists in a sixth of the draws)', () => {
    const models = configs.map((c) => c['model']);
    expect(chiSquare(models, new Map(['mlp', 'cnn', 'linear'].map((m) => [m, 1 / 3])))).toBeLessThan(chiSquareThreshold(2));
    const withKernel = configs.filter((c) => 'kernel' in c).length / configs.length;
    expect(Math.abs(withKernel - 1 / 6)).toBeLessThan(0.03);
  });

  it('records the parent condition of each nested node', () => {
    const byLabel = new Map(space.nodes.map((node) => [node.label, node]));
    expect(byLabel.get('width')?.condition).toEqual({ parent: 'model', option: 0 });
    expect(byLabel.get('padding')?.condition).toEqual({ parent: 'model', option: 1 });
    expect(byLabel.get('kernel')?.condition).toEqual({ parent: 'padding', option: 1 });
    expect(byLabel.get('lr')?.condition).toBeNull();
  });

  it('pchoice options with their own parameters follow the probabilities', () => {
    const weighted = parseSpace(`params:
  optimizer:
    pchoice:
      - [0.7, adam]
      - - 0.3
        - sgd:
            momentum: uniform(0, 0.99)
`);
    const draws = sample(weighted, { seed: 11, count: 10_000 });
    const optimizers = draws.map((c) => c['optimizer']);
    expect(chiSquare(optimizers, new Map([['adam', 0.7], ['sgd', 0.3]]))).toBeLessThan(chiSquareThreshold(1));
    for (const c of draws) expect('momentum' in c).toBe(c['optimizer'] === 'sgd');
  });
});

describe('seeds', () => {
  const space = parseSpace(NEURAL);

  it('the same seed gives the same draws', () => {
    expect(sample(space, { seed: 42, count: 50 })).toEqual(sample(parseSpace(NEURAL), { seed: 42, count: 50 }));
    expect(sample(space, { seed: 'study-a', count: 20 })).toEqual(sample(space, { seed: 'study-a', count: 20 }));
  });

  it('different seeds give different draws', () => {
    const a = sample(space, { seed: 1, count: 50 });
    const b = sample(space, { seed: 2, count: 50 });
    expect(a).not.toEqual(b);
    const sameRate = a.filter((c, i) => c['learning_rate'] === b[i]?.['learning_rate']).length;
    expect(sameRate).toBe(0);
  });

  it('a longer sample starts with the shorter one (one stream per seed)', () => {
    expect(sample(space, { seed: 9, count: 30 }).slice(0, 10)).toEqual(sample(space, { seed: 9, count: 10 }));
  });
});
