// What `hypertune explain` reads off the GP: the very proposal the ask makes, the model along one
// parameter in the metric's own units, and the acquisition the ask maximised.
import { describe, expect, it } from 'vitest';
import { createOptimizer, explainGpParameter, propose } from '../../../src/engine/index.js';
import type { OptimizerOptions } from '../../../src/engine/index.js';
import type { Config } from '../../../src/space/types.js';
import type { TrialRecord } from '../../../src/study/types.js';
import { choice, makeSpace, numeric, uniformSpace } from '../spaces.js';

const line = uniformSpace([['x', 0, 1]]);
const parabola = (p: Config): number => (Number(p.x) - 0.3) ** 2;

function history(options: OptimizerOptions, trials: number, f: (p: Config) => number, space = line): TrialRecord[] {
  const opt = createOptimizer(space, options);
  for (let i = 0; i < trials; i++) {
    const { id, params } = opt.ask();
    opt.tell(id, f(params));
  }
  return opt.trials();
}

const grid = Array.from({ length: 101 }, (_, i) => i / 100);

describe('the GP trace for explain', () => {
  const options: OptimizerOptions = { algo: 'gp', seed: 3 };
  const past = history(options, 14, parabola);

  it('is part of the library: the package entry exports it with its trace types', async () => {
    const api = await import('../../../src/index.js');
    expect(api.explainGpParameter(line, past, 'x', options, 14)?.params).toEqual(propose(line, past, 14, options)?.params);
    expect(api.explainGpProposal).toBeTypeOf('function');
  });

  it('is made by the very ask it explains', () => {
    const trace = explainGpParameter(line, past, 'x', options, 14)!;
    expect(trace.params).toEqual(propose(line, past, 14, options)!.params);
    expect(trace.kind).toBe('numeric');
    expect(trace.fittedTrials).toBe(14);
    expect(trace.lengths.map((l) => l.label)).toEqual(['x']);
    expect(trace.incumbent).toBe(Math.min(...past.map((t) => t.value as number)));
  });

  it('draws the model in the metric\'s units: the trials\' values at their points, a band around the mean', () => {
    const trace = explainGpParameter(line, past, 'x', options, 14)!;
    for (const t of past) {
      const at = trace.at(t.params.x as number);
      expect(Math.abs(at.mean - (t.value as number))).toBeLessThan(0.02);
    }
    for (const x of grid) {
      const at = trace.at(x);
      expect(at.lower).toBeLessThanOrEqual(at.mean);
      expect(at.upper).toBeGreaterThanOrEqual(at.mean);
    }
    // between the trials the band is wider than at them
    const at = (x: number): number => trace.at(x).upper - trace.at(x).lower;
    const xs = past.map((t) => t.params.x as number).sort((a, b) => a - b);
    const gaps = xs.slice(1).map((x, i) => [x - (xs[i] as number), ((xs[i] as number) + x) / 2] as const).sort((a, b) => b[0] - a[0]);
    expect(at((gaps[0] as readonly [number, number])[1])).toBeGreaterThan(at(xs[0] as number));
  });

  it('shows the acquisition the ask maximised: the proposal is where log EI is highest', () => {
    const trace = explainGpParameter(line, past, 'x', options, 14)!;
    if (trace.move !== 'improvement') return; // the narrow-basin move refines the best trial instead
    const chosen = trace.at(trace.params.x as number).logEi;
    expect(chosen).toBeGreaterThanOrEqual(Math.max(...grid.map((x) => trace.at(x).logEi)) - 0.05);
  });

  it('keeps the metric\'s direction when it is maximised', () => {
    const hill = (p: Config): number => 1 - parabola(p);
    const up: OptimizerOptions = { ...options, goal: 'maximize' };
    const trials = history(up, 14, hill);
    const trace = explainGpParameter(line, trials, 'x', up, 14)!;
    expect(trace.incumbent).toBe(Math.max(...trials.map((t) => t.value as number)));
    expect(trace.at(0.3).mean).toBeGreaterThan(trace.at(0.9).mean);
    expect(Math.abs(trace.at(0.3).mean - 1)).toBeLessThan(0.05);
  });

  it('reads a choice option by option, and says nothing where no model proposed', () => {
    const mixed = makeSpace([numeric('x', 'uniform', { low: 0, high: 1 }), choice('c', ['a', 'b'])]);
    const f = (p: Config): number => parabola(p) + (p.c === 'b' ? 0 : 1);
    const trials = history(options, 14, f, mixed);
    const trace = explainGpParameter(mixed, trials, 'c', options, 14)!;
    expect(trace.kind).toBe('categorical');
    expect(trace.at('b').mean).toBeLessThan(trace.at('a').mean);
    expect(trace.lengths.map((l) => [l.label, l.categorical])).toEqual([['x', false], ['c', true]]);
    expect(explainGpParameter(mixed, trials.slice(0, 3), 'c', options, 3)).toBeNull();
  });
});
