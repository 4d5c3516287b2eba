// A Katib Experiment manifest read as a space file: spec.parameters with Katib's string bounds, the
// objective, algorithm, trial count and median stopping in hypertune's terms, and the trial container's
// command kept with `${trialParameters.x}` as `{label}` placeholders.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSpace } from '../../src/space/index.js';

// Katib's random-search example, as its repository has it, with a parameter of each kind added
const EXPERIMENT = readFileSync(fileURLToPath(new URL('../fixtures/spaces/katib-random.yaml', import.meta.url)), 'utf8');

const refusal = (text: string): string => {
  try {
    parseSpace(text, { file: 'exp.yaml' });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('not refused');
};

describe('a Katib Experiment as a space file', () => {
  it('reads its parameters, objective, algorithm, trial count and median stopping', () => {
    const space = parseSpace(EXPERIMENT, { file: 'exp.yaml' });
    const byLabel = Object.fromEntries(space.nodes.map((node) => [node.label, node]));
    expect(byLabel['lr']).toMatchObject({ kind: 'numeric', family: 'uniform', args: [0.01, 0.03] });
    expect(byLabel['num-layers']).toMatchObject({ kind: 'numeric', family: 'uniformint', args: [2, 5] });
    expect(byLabel['optimizer']).toMatchObject({ kind: 'choice', options: [{ value: 'sgd' }, { value: 'adam' }, { value: 'ftrl' }] });
    // a discrete parameter's values are numbers, though Katib writes them as text
    expect(byLabel['batch']).toMatchObject({ kind: 'choice', options: [{ value: 16 }, { value: 32 }, { value: 64 }] });
    expect(byLabel['wd']).toMatchObject({ family: 'loguniform', args: [0.00001, 0.01] });
    expect(byLabel['width']).toMatchObject({ family: 'quniform', args: [64, 512, 64] });
    expect(space).toMatchObject({ goal: 'maximize', metric: 'Validation-accuracy', extraMetrics: ['Train-accuracy'], stop: { at: 0.99 }, algo: 'random', trials: 12 });
    expect(space.prune).toEqual({ name: 'median', startupTrials: 3, warmupSteps: 4 });
    expect(space.origin).toEqual({ format: 'katib', command: ['python3', '/opt/mxnet-mnist/mnist.py', '--batch-size=64', '--lr={lr}', '--num-layers={num-layers}'] });
  });

  it('takes the algorithms hypertune has, and leaves its default for the others', () => {
    const algo = (name: string): string | null => parseSpace(EXPERIMENT.replace('algorithmName: random', `algorithmName: ${name}`)).algo;
    expect([algo('tpe'), algo('multivariate-tpe'), algo('bayesianoptimization'), algo('cmaes'), algo('hyperband')]).toEqual(['tpe', 'tpe', 'gp', null, null]);
    // grid search needs a step for each double, as Katib's does
    expect(() => algo('grid')).toThrow(/^<space>:27:22: lr: grid search needs points for this continuous parameter/);
  });

  it('names each mistake at its line', () => {
    expect(refusal(EXPERIMENT.replace('parameterType: double\n      feasibleSpace:\n        min: "0.01"', 'parameterType: float\n      feasibleSpace:\n        min: "0.01"'))).toBe(
      'exp.yaml:27:22: lr: parameterType must be double, int, discrete, categorical (got "float")',
    );
    expect(refusal(EXPERIMENT.replace('min: "0.01"', 'min: "0.05"'))).toBe('exp.yaml:29:14: lr: feasibleSpace.min must be below max (got 0.05, 0.03)');
    expect(refusal(EXPERIMENT.replace('min: "2"', 'min: "two"'))).toBe('exp.yaml:34:14: num-layers: feasibleSpace.min must be a number (got "two")');
    expect(refusal(EXPERIMENT.replace('algorithmName: medianstop', 'algorithmName: other'))).toMatch(/^exp\.yaml:19:20: earlyStopping: algorithmName must be medianstop/);
  });
});
