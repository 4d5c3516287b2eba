// Narrow basins: the leave-one-out z of the best trial, and the asks that go to the model of its
// neighbourhood when the global fit explains it as noise (docs/gp.md, "Narrow basins").
import { describe, expect, it } from 'vitest';
import { propose } from '../../../src/engine/index.js';
import { buildPosterior, predict } from '../../../src/engine/gp/posterior.js';
import { leaveOneOutZ } from '../../../src/engine/gp/local.js';
import { gpDecide } from '../../../src/engine/gp/step.js';
import type { GpData } from '../../../src/engine/gp/fit.js';
import type { TrialRecord } from '../../../src/study/types.js';
import { createRng } from '../../../src/util/rng.js';
import { uniformSpace } from '../spaces.js';

describe('the leave-one-out z', () => {
  it('is the z of a trial under the posterior of all the others (same hyperparameters)', () => {
    const rng = createRng('loo');
    const n = 12;
    const x = Float64Array.from({ length: 2 * n }, () => rng.next());
    const y = Float64Array.from({ length: n }, (_, i) => Math.sin(4 * (x[2 * i] as number)) + (x[2 * i + 1] as number));
    y[5] = -3; // a spike the smooth rest does not predict
    const data: GpData = { x, y, n, d: 2, categorical: new Uint8Array(2) };
    const theta = Float64Array.from([Math.log(0.4), Math.log(0.3), 0, Math.log(0.01)]);
    const post = buildPosterior(data, theta);
    for (const i of [0, 5, 11]) {
      const keep = [...Array(n).keys()].filter((j) => j !== i);
      const others: GpData = {
        x: Float64Array.from(keep.flatMap((j) => [x[2 * j] as number, x[2 * j + 1] as number])),
        y: Float64Array.from(keep.map((j) => y[j] as number)),
        n: n - 1,
        d: 2,
        categorical: new Uint8Array(2),
      };
      const without = buildPosterior(others, theta);
      const at = predict(without, x.subarray(2 * i, 2 * i + 2));
      const z = ((y[i] as number) - at.mean) / Math.sqrt(at.variance + without.noise);
      expect(leaveOneOutZ(post, i)).toBeCloseTo(z, 6);
    }
    expect(leaveOneOutZ(post, 5)).toBeLessThan(-3);
  });
});

describe('asks in a narrow basin', () => {
  // a broad bowl at (0.8, 0.8) and, far from it, one trial that fell into a well 0.02 wide
  const space = uniformSpace([['x', 0, 1], ['y', 0, 1]]);
  const well = { x: 0.2, y: 0.3 };
  const f = (x: number, y: number): number => (x - 0.8) ** 2 + (y - 0.8) ** 2 - 3 * Math.exp(-((x - well.x) ** 2 + (y - well.y) ** 2) / (2 * 0.01 ** 2));
  function history(): TrialRecord[] {
    const rng = createRng('narrow');
    const trials: TrialRecord[] = [];
    for (let id = 0; id < 30; id++) {
      const [x, y] = id === 17 ? [well.x + 0.004, well.y - 0.003] : [rng.next(), rng.next()];
      trials.push({ id, params: { x, y }, state: 'complete', value: f(x, y) });
    }
    return trials;
  }
  const distance = (p: Record<string, unknown>): number => Math.hypot(Number(p.x) - well.x, Number(p.y) - well.y);

  it("go to the model of the best trial's neighbourhood: a proposal inside the box of its six nearest trials", () => {
    const past = history();
    const best = past[17] as TrialRecord;
    const gap = (p: Record<string, unknown>): number => Math.hypot(Number(p.x) - Number(best.params.x), Number(p.y) - Number(best.params.y));
    const sixth = past.map((t) => gap(t.params)).sort((a, b) => a - b)[6] as number;
    const local = propose(space, past, 30, { algo: 'gp', seed: 3 });
    const global = propose(space, past, 30, { algo: 'gp', seed: 3, gp: { local: false } });
    expect(local.params).not.toEqual(global.params);
    expect(local.sampler).toBe('gp');
    expect(gap(local.params)).toBeLessThan(sixth);
    expect(distance(local.params)).toBeLessThan(sixth);
  });

  it('only every other ask: the odd ones stay with the global model', () => {
    const past = history();
    const odd = propose(space, past, 31, { algo: 'gp', seed: 3 });
    const off = propose(space, past, 31, { algo: 'gp', seed: 3, gp: { local: false } });
    expect(odd.params).toEqual(off.params);
  });
});

describe('asks under pruning (a fit with the fidelity input)', () => {
  // full runs of 10 steps on a bowl at (0.35, 0.55); around it and elsewhere, trials stopped at step 1
  // whose early values are higher than any final one
  const space = uniformSpace([['x', 0, 1], ['y', 0, 1]]);
  const bowl = (x: number, y: number): number => 0.1 + (x - 0.35) ** 2 + (y - 0.55) ** 2;
  function history(): TrialRecord[] {
    const rng = createRng('pruned-local');
    const trials: TrialRecord[] = [];
    for (let id = 0; id < 40; id++) {
      const [x, y] = [rng.next(), rng.next()];
      const full = id % 3 === 0;
      trials.push(full ? { id, params: { x, y }, state: 'complete', value: bowl(x, y), step: 10 } : { id, params: { x, y }, state: 'pruned', value: 1 + bowl(x, y), step: 1 });
    }
    return trials;
  }
  const options = { algo: 'gp' as const, seed: 5, pruner: 'asha' as const };

  it('send every other ask to the model of the full runs around the best one', () => {
    const past = history();
    const complete = past.filter((t) => t.state === 'complete');
    const best = complete.reduce((a, b) => ((a.value as number) <= (b.value as number) ? a : b));
    const gap = (p: Record<string, unknown>): number => Math.hypot(Number(p['x']) - Number(best.params['x']), Number(p['y']) - Number(best.params['y']));
    // the model's neighbours are the six nearest complete trials (pruned rows hold early values)
    const sixth = complete.map((t) => gap(t.params)).sort((a, b) => a - b)[6] as number;
    const decided = gpDecide(space, past, 40, options);
    expect(decided.model?.move).toBe('nearby');
    expect(gap(decided.proposal.params)).toBeLessThan(sixth);
    const off = gpDecide(space, past, 40, { ...options, gp: { prunedLocal: false } });
    expect(off.model?.move).toBe('improvement');
    expect(off.proposal.params).not.toEqual(decided.proposal.params);
  });

  it("never ask again where a trial was pruned: a proposal the pruner stopped does not come back (a user audit: one lr five times)", () => {
    const past = history();
    // the ask, then its point pruned at step 1, and the next local ask; again, four times
    let id = 40;
    for (let round = 0; round < 4; round++, id += 2) {
      const decided = gpDecide(space, past, id, options);
      expect(decided.model?.move).toBe('nearby');
      const { x, y } = decided.proposal.params as { x: number; y: number };
      for (const pruned of past.filter((t) => t.state === 'pruned' && t.id >= 40)) {
        expect(Math.hypot(x - Number(pruned.params['x']), y - Number(pruned.params['y']))).toBeGreaterThan(0.015);
      }
      past.push({ id, params: { x, y }, state: 'pruned', value: 1 + bowl(x, y), step: 1 }, { id: id + 1, params: { x: 0.9, y: 0.1 + round / 10 }, state: 'pruned', value: 2, step: 1 });
    }
    // with no distance kept, (nearly) the same point comes back
    const again = past.slice(0, 40);
    const first = gpDecide(space, again, 40, { ...options, gp: { prunedLocal: { apart: 0 } } }).proposal.params;
    again.push({ id: 40, params: first, state: 'pruned', value: 1 + bowl(Number(first['x']), Number(first['y'])), step: 1 }, { id: 41, params: { x: 0.9, y: 0.1 }, state: 'pruned', value: 2, step: 1 });
    const second = gpDecide(space, again, 42, { ...options, gp: { prunedLocal: { apart: 0 } } }).proposal.params;
    expect(Math.hypot(Number(second['x']) - Number(first['x']), Number(second['y']) - Number(first['y']))).toBeLessThan(0.015);
  });

  it('leave the odd asks, and studies without pruned trials, to the global model', () => {
    const past = history();
    // (the fits differ only in the settings they record)
    expect(gpDecide(space, past, 41, options).proposal.params).toEqual(gpDecide(space, past, 41, { ...options, gp: { prunedLocal: false } }).proposal.params);
    const complete = past.filter((t) => t.state === 'complete').map((t, i) => ({ ...t, id: i }));
    const plain = gpDecide(space, complete, complete.length + 1, { algo: 'gp', seed: 5 });
    expect(plain.proposal.params).toEqual(gpDecide(space, complete, complete.length + 1, { algo: 'gp', seed: 5, gp: { prunedLocal: false } }).proposal.params);
  });
});
