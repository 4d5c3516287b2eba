// A noisy metric's report: the page named the lucky run its best with nothing of its configuration's
// other runs (a noise audit: trial 12's return 1275, four runs of its configuration averaging 527, median
// 290), and its noise note said "run both again" of configurations that had. The best card now gives the
// configurations run more than once, and the note's advice follows what ran, as summary's does.
import { describe, expect, it } from 'vitest';
import { buildReportHtml } from '../../src/report/html/report.js';
import { parseSpace } from '../../src/space/index.js';
import type { StudyEvent } from '../../src/study/events.js';
import { replay, type StudyState } from '../../src/study/replay.js';
import { createRng, normalDraw } from '../../src/util/rng.js';
import { available, builtAssets, openReport, reason, launchedBrowser } from './open-report.js';

const SPACE = 'metric: return\ngoal: maximize\nparams:\n  x: uniform(-2, 2)\n  y: uniform(-2, 2)\n';
const truth = (x: number, y: number): number => -((x - 0.5) ** 2 + (y + 0.3) ** 2);

/** 40 noisy returns of a bowl, a lucky 0.9 far up its side (trial 40), and three more runs of that configuration. */
function noisyStudy(): StudyState {
  const events: StudyEvent[] = [{ type: 'study_created', meta: { name: 'rl', spaceText: SPACE, spaceFile: null, command: ['python3', 'train.py'], options: { algo: 'random', seed: 1 }, target: 50, createdAt: 0 } }];
  const rng = createRng('report-noise');
  const finish = (id: number, params: { x: number; y: number }, value: number): void => {
    const at = 1000 + id * 100;
    events.push({ type: 'trial_asked', id, params, startup: false, sampler: id > 40 ? 'enqueued' : 'random', worker: 'test:1', at, retryOf: null });
    events.push({ type: 'trial_started', id, worker: 'test:1', at: at + 1 });
    events.push({ type: 'trial_finished', id, state: 'complete', value, exitCode: 0, error: null, at: at + 50 });
  };
  for (let id = 0; id < 40; id++) {
    const x = -2 + 4 * rng.next();
    const y = -2 + 4 * rng.next();
    finish(id, { x, y }, truth(x, y) + 0.15 * normalDraw(rng));
  }
  const lucky = { x: 1.7, y: 1.6 };
  [0.9, -5.1, -4.8, -5.3].forEach((value, i) => finish(40 + i, lucky, value));
  const state = replay(events);
  if (state === null) throw new Error('replay gave no study');
  return state;
}

describe.skipIf(!available)(`the report of a noisy study in headless Chromium${reason}`, () => {
  const browser = launchedBrowser();

  it("says under the best trial that it is one of four runs, their mean and median, and runs again only the model's pick", async () => {
    const space = parseSpace(SPACE);
    const rerunHint = (ids: number[]): string => `hypertune enqueue --study rl --rerun ${ids.join(',')}`;
    const html = buildReportHtml({ space, state: noisyStudy(), metric: 'return', goal: 'maximize', optimizer: { algo: 'random', seed: 1 }, generatedAt: new Date(0), assets: builtAssets(), rerunHint });
    const { page, errors, requests } = await openReport(browser(), html, 'report-repeats');
    expect(await page.$eval('#best .value', (v) => v.textContent)).toBe('0.9');
    const notes = await page.$$eval('#best .best-notes p', (ps) => ps.map((p) => [p.className, p.textContent ?? '']));
    expect(notes.slice(0, 3)).toEqual([
      ['', 'Configurations run more than once (1), by their mean return: one run is one draw of a noisy metric'],
      ['more', 'trials 40, 41, 42, 43: mean -3.575 \u00b1 2.99, median -4.95 (sd of 4 complete runs)'],
      ['more', 'The best trial, 40, is one of 4 runs of its configuration: the mean of its complete ones is -3.575.'],
    ]);
    expect(notes).toHaveLength(3);
    const note = await page.$eval('#best .noise-note', (p) => p.textContent ?? '');
    expect(note).toMatch(/^Noise: the model of the study reads about \u00b1[\d.]+ of return as noise\./);
    expect(note).toMatch(/trial 40's 0\.9 may be a lucky run: the model predicts -[\d.]+ for its configuration and rates trial \d+ best/);
    // trial 40's configuration ran four times: the pick alone runs again, with the command the CLI gives
    const pick = Number(/rates trial (\d+) best/.exec(note)?.[1]);
    expect(note).toMatch(new RegExp(`To tell them apart, run trial ${pick} again: hypertune enqueue --study rl --rerun ${pick}$`));
    expect(await page.$eval('#best .noise-note code', (c) => c.textContent)).toBe(`hypertune enqueue --study rl --rerun ${pick}`);
    expect([errors, requests]).toEqual([[], []]);
  });
});
