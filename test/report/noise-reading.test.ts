// The summary's note on a lucky best: the model's reading of a noisy study names the configuration it
// rates best; a noise-free study, or a best that the model rates best too, gets no note.
import { describe, expect, it } from 'vitest';
import { runsPicture, studyPicture } from '../../src/report/importance-model.js';
import { closeRival, noiseLines, readNoise } from '../../src/report/noise-reading.js';
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

describe("the runs' picture (the note's and show best --by model's)", () => {
  it('leaves failed trials out: crashes next to the best runs no longer bend their predicted loss up (a user audit named a truly worse trial best)', () => {
    const ran = study(0.05, false);
    const best = ran.reduce((a, b) => ((a.value as number) < (b.value as number) ? a : b));
    // three failures at the best run's very configuration, and one far off
    const failed: TrialRecord[] = [41, 42, 43].map((id) => ({ id, params: { ...best.params }, state: 'failed', value: null }));
    const trials = [...ran, ...failed, { id: 44, params: { x: -1.9, y: 1.9 }, state: 'failed', value: null }];
    const all = studyPicture(space, trials, 'minimize');
    const runs = runsPicture(space, trials, 'minimize', {}, all);
    const alone = studyPicture(space, ran, 'minimize');
    const at = (picture: typeof all): number => picture?.predictLoss([best.params])[0] as number;
    expect(at(runs)).toBeCloseTo(at(alone), 10);
    expect(at(all)).toBeGreaterThan(at(alone));
    // nothing failed: the same picture, no second fit
    expect(runsPicture(space, ran, 'minimize', {}, alone)).toBe(alone);
  });
});

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
    const best = { id: 3, value: 0.1, predicted: 0.12, runs: [0.1], queued: 0 };
    const other = { id: 7, value: 0.15, predicted: 0.11, runs: [0.15], queued: 0 };
    expect(noiseLines({ noiseSd: 0.05, best, pick: best, bestLuck: 5, goal: 'minimize' }, 'loss', hint)).toEqual([]);
    expect(noiseLines({ noiseSd: 0.05, best, pick: other, bestLuck: 0.4, goal: 'minimize' }, 'loss', hint)).toEqual([]);
    expect(noiseLines({ noiseSd: 0.05, best, pick: other, bestLuck: 1.2, goal: 'minimize' }, 'loss', hint)).toHaveLength(4);
    // predictions that round alike to three digits get the digits that tell them apart (a user audit: "0.16 ... 0.16")
    const near = noiseLines({ noiseSd: 0.05, best: { ...best, predicted: 0.16012 }, pick: { ...other, predicted: 0.15981 }, bestLuck: 1.2, goal: 'minimize' }, 'loss', hint);
    expect(near[2]).toContain('the model predicts 0.1601 for its configuration and rates trial 7 best (measured 0.15, predicted 0.1598)');
    // its configuration run again gave the very same value: a deterministic program, no lucky run (a user audit)
    expect(noiseLines({ noiseSd: 0.05, best: { ...best, runs: [0.1, 0.1] }, pick: other, bestLuck: 1.2, goal: 'minimize' }, 'loss', hint)).toEqual([]);
    expect(noiseLines({ noiseSd: 0.05, best: { ...best, runs: [0.1, 0.13] }, pick: other, bestLuck: 1.2, goal: 'minimize' }, 'loss', hint)).toHaveLength(4);
    // noise under a tenth of the median result's distance from the best: a lucky run moved the best by
    // little (a user audit: the README's deterministic example got the note, its noise 5-6 % of that)
    expect(noiseLines({ noiseSd: 0.05, best, pick: other, bestLuck: 1.2, spread: 0.6, goal: 'minimize' }, 'loss', hint)).toEqual([]);
    expect(noiseLines({ noiseSd: 0.05, best, pick: other, bestLuck: 1.2, spread: 0.4, goal: 'minimize' }, 'loss', hint)).toHaveLength(4);
    const agreed = study(0.15, false);
    expect(readNoise(null, agreed, 'minimize')).toBeNull();
  });

  it('names no other run of the best trial\'s own configuration as the one the model rates best', () => {
    // the bowl's bottom run eight times, one of them lucky: the model rates that configuration best,
    // and its other runs are no other configuration to run "both again" with
    const trials = study(0.15, false);
    const bottom = { x: 0.5, y: -0.3 };
    const rng = createRng('noise-reading-repeats');
    for (let i = 0; i < 8; i++) trials.push({ id: 40 + i, params: { ...bottom }, state: 'complete', value: i === 5 ? -0.6 : 0.15 * normalDraw(rng) });
    const reading = readNoise(studyPicture(space, trials, 'minimize'), trials, 'minimize');
    expect(reading?.best.id).toBe(45);
    expect(reading?.best.runs).toHaveLength(8);
    expect(reading?.pick.id).toBe(45);
    expect(noiseLines(reading, 'loss', hint)).toEqual([]);
  });

  it('names a configuration run more often that the model cannot tell from its pick, with the mean of its runs', () => {
    // the lucky study, and a configuration near the bottom run eight times: the model's pick, run once
    // nearby, leads it by less than its uncertainty; one far up the side, run eight times, is no rival
    const trials = study(0.15, true);
    const rng = createRng('noise-reading-rival');
    const runs = (params: { x: number; y: number }, from: number): TrialRecord[] =>
      Array.from({ length: 8 }, (_, i) => ({ id: from + i, params: { ...params }, state: 'complete' as const, value: bowl(params.x, params.y) + 0.15 * normalDraw(rng) }));
    trials.push(...runs({ x: 0.65, y: -0.15 }, 41));
    const picture = studyPicture(space, trials, 'minimize');
    const reading = readNoise(picture, trials, 'minimize');
    expect(reading?.best.id).toBe(40);
    expect(reading?.pick.runs).toHaveLength(1);
    expect(reading?.rival?.id).toBe(41);
    expect(reading?.rival?.runs).toHaveLength(8);
    expect(reading?.rival?.separation).toBeLessThan(1.645);
    const lines = noiseLines(reading, 'loss', hint);
    const mean = (reading?.rival?.runs ?? []).reduce((a, b) => a + b, 0) / 8;
    expect(lines[2]).toContain(`. It cannot tell it from trial 41's configuration, run more often (mean of 8 complete runs ${Number(mean.toPrecision(6))} \u00b1 `);
    expect(lines[2]).toMatch(/standard error, predicted [0-9.]+\): the gap between their predictions is 0\.\d\d sd of the model's uncertainty, under the 1\.645 a 95 % test asks\.$/);
    const pick = { key: 'pick', params: trials.find((t) => t.id === reading?.pick.id)?.params ?? {}, predicted: reading?.pick.predicted ?? 0, runs: [0.1] };
    const side = { key: 'side', params: { x: -1.5, y: 1.5 }, predicted: 3.3, runs: runs({ x: -1.5, y: 1.5 }, 49).map((t) => t.value as number) };
    expect(picture === null ? undefined : closeRival(pick, [pick, side], picture.separation)).toBeNull();
  });

  describe('how to tell them apart, from what ran already', () => {
    const lines = (best: { runs: number[]; queued?: number }, pick: { runs: number[]; queued?: number }, goal: Goal = 'maximize'): string[] =>
      noiseLines(
        { noiseSd: 40, best: { id: 12, value: 1275, predicted: 342, queued: 0, ...best }, pick: { id: 46, value: 414, predicted: 374, queued: 0, ...pick }, bestLuck: 3, goal },
        'return',
        hint,
      ).slice(3);

    it('runs both again while neither ran twice, and only the one that has not', () => {
      expect(lines({ runs: [1275] }, { runs: [414] })).toEqual(['  To tell them apart, run both again: hypertune enqueue --rerun 12,46']);
      expect(lines({ runs: [1275, 260, 300] }, { runs: [414] })).toEqual(['  To tell them apart, run trial 46 again: hypertune enqueue --rerun 46']);
    });

    it('does not queue again what is queued already', () => {
      expect(lines({ runs: [1275], queued: 2 }, { runs: [414], queued: 2 })).toEqual([
        '  To tell them apart, both are queued to run again: run them with hypertune resume, then "Configurations run more than once" compares the means.',
      ]);
      expect(lines({ runs: [1275], queued: 1 }, { runs: [414] })).toEqual([
        "  To tell them apart, run trial 46 again (trial 12's configuration is queued already: run it with hypertune resume): hypertune enqueue --rerun 46",
      ]);
    });

    it('compares the means once both ran more than once, by the goal', () => {
      // the lucky run's configuration averages far below the other: a t-test on four runs each settles it
      const settled = lines({ runs: [1275, 260, 300, 280] }, { runs: [414, 610, 520, 480] });
      expect(settled[0]).toBe("  Run more than once: trial 12's configuration averages 528.75 \u00b1 249 over 4 complete runs, trial 46's 506 \u00b1 41 over 4 (mean \u00b1 standard error).");
      expect(settled[1]).toMatch(/^ {2}Their runs cannot tell them apart yet: the gap is within the noise \(about \d+ runs of each would settle it, were the means to hold\); one more of each: hypertune enqueue --rerun 12,46$/);
      const clear = lines({ runs: [300, 260, 290, 280] }, { runs: [414, 450, 520, 480] });
      expect(clear[1]).toBe("  Trial 46's configuration is ahead by more than the gap's noise (a 95 % t-test on the two means): deploy that one.");
      // the same runs as losses: the lower mean is ahead
      expect(lines({ runs: [300, 260, 290, 280] }, { runs: [414, 450, 520, 480] }, 'minimize')[1]).toContain("Trial 12's configuration is ahead");
    });
  });
});
