// A best value at the end of its range is named only where the model says the range holds the search
// back: a parameter that does not matter may sit at a bound in the best trial and is left out.
import { describe, expect, it } from 'vitest';
import { studyPicture } from '../../src/report/importance-model.js';
import { rangeEdgeLines, rangeEdges } from '../../src/report/range-edges.js';
import { parseSpace } from '../../src/space/index.js';
import type { Goal } from '../../src/space/types.js';
import type { TrialRecord } from '../../src/study/types.js';
import { createRng } from '../../src/util/rng.js';

const SPACE = 'params:\n  lr: loguniform(0.0001, 0.01)\n  width: randint(1, 5)\n  idle: uniform(0, 1)\n  shift: uniform(-1, 1)\n  batch: choice(64, 8, 16, 32)\n  pair: choice(1, 2)\n';
const space = parseSpace(SPACE);

/**
 * Best at lr 0.1 and width 6, both past their ranges' tops, and the smallest batch of all; `idle` does
 * nothing; `shift` is best at 0.2, inside; `pair` of two options is best at 1, an option it has.
 */
const loss = (p: Record<string, number>): number =>
  (Math.log10(p['lr'] as number) + 1) ** 2 + 0.3 * ((p['width'] as number) - 6) ** 2 + ((p['shift'] as number) - 0.2) ** 2 + 0.5 * Math.log2((p['batch'] as number) / 4) + 0.5 * ((p['pair'] as number) - 1);

/** 30 random trials, then 6 near the best corner, the best of them with `idle` at its bound 0. */
function study(goal: Goal): TrialRecord[] {
  const rng = createRng('range-edges');
  const sign = goal === 'maximize' ? -1 : 1;
  const configs: Array<Record<string, number>> = Array.from({ length: 30 }, () => ({
    lr: 1e-4 * 100 ** rng.next(),
    width: 1 + Math.floor(4 * rng.next()),
    idle: rng.next(),
    shift: -1 + 2 * rng.next(),
    batch: [64, 8, 16, 32][Math.floor(4 * rng.next())] as number,
    pair: 1 + Math.floor(2 * rng.next()),
  }));
  for (let i = 0; i < 5; i++) configs.push({ lr: 0.01 * 0.8 ** (i + 1), width: 4 - (i % 2), idle: rng.next(), shift: 0.2 + 0.1 * (rng.next() - 0.5), batch: 8 * 2 ** (i % 2), pair: 1 });
  configs.push({ lr: 0.01, width: 4, idle: 0, shift: 0.2, batch: 8, pair: 1 });
  return configs.map((params, id) => ({ id, params, state: 'complete', value: sign * loss(params) }));
}

describe('rangeEdges', () => {
  for (const goal of ['minimize', 'maximize'] as const) {
    it(`names the parameters whose best value is a bound the model says holds the search back, not one that does not matter (${goal})`, () => {
      const trials = study(goal);
      const edges = rangeEdges(space, studyPicture(space, trials, goal), trials, goal);
      expect(edges.map((e) => [e.label, e.side, e.value])).toEqual([
        ['lr', 'high', 0.01],
        ['width', 'high', 4],
        ['batch', 'low', 8],
      ]);
      const [lr, width, batch] = edges;
      // a choice of numbers is ordered by its values, not as written: the next option inward is 16
      expect([batch?.inward, batch?.options, batch?.range]).toEqual([16, true, 'choice(64, 8, 16, 32)']);
      expect([lr?.options, width?.options]).toEqual([false, false]);
      // a tenth of the log range below 0.01; the coarse integer steps one value in (a tenth rounds back to 4)
      expect(lr?.inward).toBeCloseTo(0.01 * 100 ** -0.1, 12);
      expect(width?.inward).toBe(3);
      expect(lr?.range).toBe('loguniform(0.0001, 0.01)');
      expect(width?.range).toBe('randint(1, 5)');
      for (const edge of edges) {
        expect(edge.z).toBeGreaterThanOrEqual(2);
        // in the metric's own units: worse inward, whichever way the metric goes
        expect(goal === 'minimize' ? edge.inwardPredicted > edge.predicted : edge.inwardPredicted < edge.predicted).toBe(true);
      }
      // the truth, for scale: moving width from 4 to 3 costs 0.3 x (9 - 4) = 1.5
      expect(Math.abs((width?.inwardPredicted ?? 0) - (width?.predicted ?? 0))).toBeGreaterThan(0.5);
    });
  }

  it('names nothing without a model, or where the best lies inside every range', () => {
    const trials = study('minimize');
    expect(rangeEdges(space, null, trials, 'minimize')).toEqual([]);
    const inside = parseSpace('params:\n  lr: loguniform(0.0001, 1)\n  width: randint(1, 9)\n  idle: uniform(0, 1)\n  shift: uniform(-1, 1)\n  batch: choice(4, 16, 32, 64, 128)\n  pair: choice(1, 2)\n');
    const moved = trials.map((t) => ({ ...t, params: { ...t.params, lr: (t.params['lr'] as number) * 10, width: (t.params['width'] as number) + 2, batch: (t.params['batch'] as number) * 2 } }));
    // the smallest batch moves to 16, inside the options 4..128, and 16 stays the best one tried
    const rescored = moved.map((t) => ({ ...t, value: loss({ ...(t.params as Record<string, number>), batch: (t.params['batch'] as number) / 4 }) }));
    expect(rangeEdges(inside, studyPicture(inside, rescored, 'minimize'), rescored, 'minimize').filter((e) => e.label !== 'idle')).toEqual([]);
  });

  it("says where, what the model expects, and how to search past it, as summary prints it", () => {
    const trials = study('minimize');
    const edges = rangeEdges(space, studyPicture(space, trials, 'minimize'), trials, 'minimize');
    const lines = rangeEdgeLines(edges, 'val_loss', 'HINT');
    expect(lines[0]).toBe('');
    expect(lines[1]).toBe('At the end of their ranges: the best trial\'s value is a bound, and the model expects worse a tenth of the range (or an option) inside:');
    expect(lines[2]).toMatch(/^ {2}lr 0\.01, the top of loguniform\(0\.0001, 0\.01\): val_loss [\d.]+ expected at 0\.00630957, against [\d.]+ at 0\.01 \([\d.]+ sd apart\); if lr can go above 0\.01, a better one may lie there$/);
    expect(lines[3]).toMatch(/^ {2}width 4, the top of randint\(1, 5\): val_loss [\d.]+ expected at 3, against [\d.]+ at 4 /);
    expect(lines[4]).toMatch(/^ {2}batch 8, the smallest option of choice\(64, 8, 16, 32\): val_loss [\d.]+ expected at 16, against [\d.]+ at 8 \([\d.]+ sd apart\); if batch can go below 8, a better one may lie there$/);
    expect(lines[5]).toBe('  To search past them: HINT');
    expect(rangeEdgeLines([], 'val_loss', 'HINT')).toEqual([]);
  });
});
