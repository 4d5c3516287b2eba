// The summary's note on a lucky best: the model's reading of a noisy study names the configuration it
// rates best; a noise-free study, or a best that the model rates best too, gets no note.
import { describe, expect, it } from 'vitest';
import { studyPicture } from '../../src/report/importance-model.js';
import { noiseLines, readNoise } from '../../src/report/noise-reading.js';
import { parseSpace } from '../../src/space/index.js';
import type { Goal } from '../../src/space/types.js';
import type { TrialRecord } from '../../src/study/types.js';
import { createRng, normalDraw } from '../../src/util/rng.js';

const space = parseSpace('params:\n  x: uniform(-2, 2)\n  y: uniform(-2, 2)\n');
const bowl = (x: number, y: number): number => (x - 0.5) ** 2 + (y + 0.3) ** 2;
const hint = (ids: number[]): string => `hypertune enqueue --rerun ${ids.join(',')}`;

/** 40 runs of a bowl with Gaussian noise, and (lucky) one far up its side that reported -1. */
function study(noiseSd: number, lucky: boolean, goal: Goal = 'minimize'): TrialRecord[] {
  const rng = createRng(`noise-reading-${noiseSd}`);
  const sign = goal === 'maximize' ? -1 : 1;
  const trials: TrialRecord[] = Array.from({ length: 40 }, (_, id) => {
    const x = -2 + 4 * rng.next();
    const y = -2 + 4 * rng.next();
    return { id, params: { x, y }, state: 'complete', value: sign * (bowl(x, y) + noiseSd * normalDraw(rng)) };
  });
  if (lucky) trials.push({ id: 40, params: { x: 1.7, y: 1.6 }, state: 'complete', value: sign * -1 });
  return trials;
}

describe('readNoise and noiseLines', () => {
  for (const goal of ['minimize', 'maximize'] as const) {
    it(`names a lucky best and the configuration the model rates best (${goal})`, () => {
      const trials = study(0.15, true, goal);
      const reading = readNoise(studyPicture(space, trials, goal), trials, goal);
      expect(reading?.best.id).toBe(40);
      const pick = trials.find((t) => t.id === reading?.pick.id);
      // the model's pick is near the bowl's bottom; the lucky run sits where the truth is 7.3
      expect(bowl(pick?.params['x'] as number, pick?.params['y'] as number)).toBeLessThan(0.5);
      expect(reading?.bestLuck).toBeGreaterThan(3);
      const lines = noiseLines(reading, 'val_loss', hint);
      expect(lines[1]).toMatch(/^Noise: the model of the study reads about \u00b1[0-9.]+ of val_loss as noise\. If val_loss is noisy/);
      expect(lines[2]).toContain(`trial 40's ${goal === 'minimize' ? '-1' : '1'} may be a lucky run`);
      expect(lines[2]).toContain(`rates trial ${reading?.pick.id} best`);
      expect(lines[3]).toBe(`  To tell them apart, run both again: hypertune enqueue --rerun 40,${reading?.pick.id}`);
    });
  }

  it('says nothing of a noise-free study, nor of a noisy one whose best the model rates best', () => {
    const clean = study(0, false);
    expect(noiseLines(readNoise(studyPicture(space, clean, 'minimize'), clean, 'minimize'), 'loss', hint)).toEqual([]);
    // the model rates the best trial's configuration best too, or the best is within a noise sd of its prediction
    const best = { id: 3, value: 0.1, predicted: 0.12 };
    const other = { id: 7, value: 0.15, predicted: 0.11 };
    expect(noiseLines({ noiseSd: 0.05, best, pick: best, bestLuck: 5 }, 'loss', hint)).toEqual([]);
    expect(noiseLines({ noiseSd: 0.05, best, pick: other, bestLuck: 0.4 }, 'loss', hint)).toEqual([]);
    expect(noiseLines({ noiseSd: 0.05, best, pick: other, bestLuck: 1.2 }, 'loss', hint)).toHaveLength(4);
    const agreed = study(0.15, false);
    expect(readNoise(null, agreed, 'minimize')).toBeNull();
  });
});
