import { describe, expect, it } from 'vitest';
import { buildReportHtml } from '../../src/report/html/report.js';
import type { StudyEvent } from '../../src/study/events.js';
import { replay } from '../../src/study/replay.js';
import { available, builtAssets, openReport, reason, launchedBrowser } from './open-report.js';
import { flatDemoSpace, demoLoss } from './synthetic-study.js';

const TRIALS = 450;

/** A finished study of TRIALS random trials of the flat demo space, written as a run writes them (no optimizer: it is the page under test). */
function bigStudyHtml(): string {
  const space = flatDemoSpace();
  const events: StudyEvent[] = [
    { type: 'study_created', meta: { name: 'big', spaceText: space.text, spaceFile: null, command: ['node', 'train.js'], options: { algo: 'random', seed: 1 }, target: TRIALS, createdAt: 0 } },
  ];
  let x = 12345;
  const next = (): number => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let id = 0; id < TRIALS; id++) {
    const params = { lr: 10 ** (-5 + 5 * next()), layers: 1 + Math.floor(next() * 6), optimizer: ['sgd', 'adam', 'rmsprop'][Math.floor(next() * 3)] ?? 'sgd' };
    events.push({ type: 'trial_asked', id, params, startup: false, sampler: 'random', worker: 'test:1', at: 1_000 + id * 10, retryOf: null });
    events.push({ type: 'trial_finished', id, state: 'complete', value: demoLoss(params), exitCode: 0, error: null, at: 1_005 + id * 10 });
  }
  const state = replay(events);
  if (state === null) throw new Error('replay gave no study');
  return buildReportHtml({ space, state, metric: 'loss', goal: 'minimize', optimizer: { algo: 'random', seed: 1 }, generatedAt: new Date(0), assets: builtAssets() });
}

describe.skipIf(!available)(`the trial table of a big study in headless Chromium${reason}`, () => {
  const browser = launchedBrowser();

  it('draws 200 rows at a time in the sorted order, more on request, and a sort starts again from the top', async () => {
    const { page, errors } = await openReport(browser(), bigStudyHtml(), 'big-table');
    const rows = (): Promise<{ drawn: number; said: string | null; ids: string[]; more: string[] }> =>
      page.evaluate(() => ({
        drawn: document.querySelectorAll('#trials tbody tr').length,
        said: document.querySelector('#trials table')?.getAttribute('data-rows') ?? null,
        ids: [...document.querySelectorAll('#trials tbody tr td:first-child')].map((td) => td.textContent ?? ''),
        more: [...document.querySelectorAll('#trials .more button')].map((b) => b.textContent ?? ''),
      }));
    const first = await rows();
    expect(first.drawn).toBe(200);
    expect(first.said).toBe(`200 of ${TRIALS}`);
    expect(first.ids.slice(0, 3)).toEqual(['0', '1', '2']);
    expect(first.more).toEqual(['Show 200 more', `Show all ${TRIALS} (slow)`]);
    expect(await page.$eval('#trials .more span', (s) => s.textContent)).toBe(`Showing the first 200 of ${TRIALS} trials in this order; a click on a column sorts them all. `);

    await page.click('#trials .more button:first-of-type');
    const second = await rows();
    expect(second.drawn).toBe(400);
    expect(second.ids.slice(198, 202)).toEqual(['198', '199', '200', '201']);
    expect(second.more).toEqual([`Show ${TRIALS - 400} more`]);

    // sorted by the metric: the whole study is sorted, the best trial first, 200 rows again
    await page.click('#trials th[data-key="value"]');
    const sorted = await rows();
    expect(sorted.drawn).toBe(200);
    expect(await page.$eval('#trials tbody tr', (tr) => tr.className)).toBe('is-best');
    const values = await page.$$eval('#trials tbody tr td:nth-child(3)', (tds) => tds.map((td) => Number(td.textContent)));
    expect(values).toEqual([...values].sort((a, b) => a - b));

    await page.click('#trials .more button:last-of-type');
    const all = await rows();
    expect(all.drawn).toBe(TRIALS);
    expect(all.said).toBe(`${TRIALS} of ${TRIALS}`);
    expect(all.more).toEqual([]);
    expect(new Set(all.ids).size).toBe(TRIALS);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fades the parallel coordinates\' lines of a big study so that they do not merge into one band; the best stays whole', async () => {
    const { page, errors } = await openReport(browser(), bigStudyHtml(), 'big-parallel');
    const pens = await page.$$eval('svg.parallel path:not(.bridge)', (paths) =>
      paths.map((p) => ({ opacity: Number(p.getAttribute('stroke-opacity')), best: (p.querySelector('title')?.textContent ?? '').startsWith('best') })),
    );
    expect(pens).toHaveLength(TRIALS);
    const plain = pens.filter((p) => !p.best).map((p) => p.opacity);
    // full strength is 0.35 (worst) to 0.85 (best) up to 300 lines; at 450, sqrt(300 / 450) of it
    const fade = Math.sqrt(300 / TRIALS);
    expect(Math.max(...plain)).toBeCloseTo(0.85 * fade, 2);
    expect(Math.min(...plain)).toBeCloseTo(0.35 * fade, 2);
    expect(pens.filter((p) => p.best).map((p) => p.opacity)).toEqual([1]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
