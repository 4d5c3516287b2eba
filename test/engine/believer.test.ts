import { describe, expect, it } from 'vitest';
import { believePending } from '../../src/engine/tpe/believer.js';
import { modelParam } from '../../src/engine/tpe/dims.js';
import type { Space } from '../../src/space/types.js';
import type { Observation } from '../../src/engine/observations.js';
import { choice, makeSpace, uniformSpace } from './spaces.js';

/** The always-active parameters, as the default TPE hands them to the believer. */
const paramsOf = (space: Space) => space.nodes.flatMap((n) => (n.kind !== 'constant' && n.condition === null ? [modelParam(n)] : []));
const line = paramsOf(uniformSpace([['x', 0, 1]]));
const parabola = (x: number): number => (x - 0.3) ** 2;
const complete = (id: number, x: number, loss = parabola(x)): Observation => ({ id, params: { x }, loss, state: 'complete' });
const running = (id: number, params: Observation['params']): Observation => ({ id, params, loss: Infinity, state: 'running' });

describe('the Kriging believer for running trials', () => {
  it('gives a running trial the value the finished trials around it suggest', () => {
    const xs = Array.from({ length: 21 }, (_, i) => i / 20).filter((x) => x !== 0.3);
    const history = xs.map((x, i) => complete(i, x));
    const believed = believePending(line, [...history, running(20, { x: 0.3 }), running(21, { x: 0.2 })], 0.09);
    expect(believed.slice(0, 20)).toEqual(history);
    const [near, onPoint] = believed.slice(20);
    expect(near?.state).toBe('complete');
    // between 0.25 and 0.35 (both 0.0025) on a parabola whose minimum 0 is at 0.3; the losses average 0.12
    expect(near?.loss).toBeGreaterThan(-0.005);
    expect(near?.loss).toBeLessThan(0.01);
    // on a finished trial's point the GP reproduces its value (noise 1e-4 of the spread)
    expect(onPoint?.loss).toBeCloseTo(parabola(0.2), 3);
  });

  it('leaves the history alone when nothing runs, too little is finished, or it is turned off', () => {
    const done = [complete(0, 0.1), complete(1, 0.9)];
    expect(believePending(line, done, 0.09)).toBe(done);
    const early = [complete(0, 0.1), running(1, { x: 0.5 })];
    expect(believePending(line, early, 0.09)).toBe(early);
    const off = [...done, running(2, { x: 0.5 })];
    expect(believePending(line, off, 0)).toBe(off);
  });

  it('measures a choice as same-or-different and ignores conditional parameters', () => {
    const space = paramsOf(makeSpace([choice('act', ['relu', 'tanh'])]));
    const history: Observation[] = [
      { id: 0, params: { act: 'relu' }, loss: 1, state: 'complete' },
      { id: 1, params: { act: 'relu' }, loss: 1, state: 'complete' },
      { id: 2, params: { act: 'tanh' }, loss: 5, state: 'complete' },
      { id: 3, params: { act: 'tanh' }, loss: 5, state: 'complete' },
    ];
    const believed = believePending(space, [...history, running(4, { act: 'relu' }), running(5, { act: 'tanh' })], 0.5);
    expect(believed[4]?.loss).toBeCloseTo(1, 2);
    expect(believed[5]?.loss).toBeCloseTo(5, 2);
  });
});
