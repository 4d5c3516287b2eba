import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildReportHtml } from '../../src/report/html/report.js';
import type { StudyState } from '../../src/study/replay.js';
import { artifacts, available, builtAssets, inkedCanvases, openReport, reason, launchedBrowser } from './open-report.js';
import { demoSpace, demoStudy } from './synthetic-study.js';

const space = demoSpace();
const pageOf = (state: StudyState): string =>
  buildReportHtml({ space, state, metric: 'loss', goal: 'minimize', optimizer: { algo: 'tpe', seed: 7 }, generatedAt: new Date(0), assets: builtAssets() });

interface Marker {
  id: number;
  step: number;
  x: number;
  y: number;
}

/** Moves the pointer onto a marker of the curves' canvas (its canvas pixels to page coordinates). */
async function pointAt(page: Page, marker: Marker): Promise<void> {
  const box = await page.$eval('#curves canvas', (c) => {
    c.scrollIntoView({ block: 'center' });
    const r = c.getBoundingClientRect();
    return { left: r.left, top: r.top, scale: (c as HTMLCanvasElement).width / r.width };
  });
  await page.mouse.move(box.left + marker.x / box.scale, box.top + marker.y / box.scale);
}

describe.skipIf(!available)(`the learning curves in headless Chromium${reason}`, () => {
  const browser = launchedBrowser();

  it('draws one line per trial, crosses each pruned trial where it stopped, and names the line under the pointer', async () => {
    const state = demoStudy(space, { trials: 30, seed: 7, steps: 27, pruned: [9, 17, 24], failing: [5], lastRunning: true });
    const { page, errors, requests } = await openReport(browser(), pageOf(state), 'curves');
    expect(await page.$eval('#curves .plot', (p) => p.getAttribute('data-scale'))).toBe('linear');
    const [pixels] = await inkedCanvases(page, '#curves canvas');
    expect(pixels).toBeGreaterThan(5_000);
    const legend = await page.$$eval('#curves .legend span', (keys) => keys.map((k) => k.textContent));
    expect(legend).toEqual(['complete', 'failed', 'pruned (× where stopped)', 'running', `best: trial ${state.trials.find((t) => t.value === Math.min(...state.trials.map((u) => u.value ?? Infinity)))?.id}`]);

    // each pruned trial's cross sits at its last step (a third of 27), painted opaque in the pruned grey
    const markers = JSON.parse((await page.$eval('#curves', (c) => c.getAttribute('data-pruned'))) ?? '[]') as Marker[];
    expect(markers.map((m) => [m.id, m.step])).toEqual([[9, 9], [17, 9], [24, 9]]);
    const painted = await page.$eval(
      '#curves canvas',
      (canvas, marks) => {
        const ctx = (canvas as HTMLCanvasElement).getContext('2d');
        return marks.map((m) => {
          const data = ctx?.getImageData(m.x - 3, m.y - 3, 7, 7).data ?? new Uint8ClampedArray();
          let grey = 0;
          for (let i = 0; i < data.length; i += 4) {
            const [r, g, b, a] = [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0, data[i + 3] ?? 0];
            if (a > 200 && Math.abs(r - 107) < 30 && Math.abs(g - 114) < 30 && Math.abs(b - 128) < 30) grey++;
          }
          return grey;
        });
      },
      markers,
    );
    for (const count of painted) expect(count).toBeGreaterThanOrEqual(5);

    // pointing at a cross names the pruned trial and the step it stopped at
    await pointAt(page, markers[0]!);
    await expect.poll(() => page.$eval('#curves .note', (n) => n.textContent)).toMatch(/^trial 9 \(pruned at step 9\) · step 9: \d/);
    // its line is drawn dark on the layer over the plot, and gone when the pointer leaves
    const [highlight] = await inkedCanvases(page, '#curves canvas.hover');
    expect(highlight).toBeGreaterThan(100);
    await page.mouse.move(1, 1);
    await expect.poll(async () => (await inkedCanvases(page, '#curves canvas.hover'))[0]).toBe(0);
    expect(await page.$eval('#curves .note', (n) => n.textContent)).toBe('Point at a line to see its trial.');
    await page.locator('#curves').screenshot({ path: join(artifacts, 'curves.png') });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('draws the step 0 of a program that counts its epochs from 0, and crosses a pruned trial at its own step (a user audit)', async () => {
    const state = demoStudy(space, { trials: 12, seed: 7, steps: 9, pruned: [6] });
    for (const trial of state.trials) trial.steps = trial.intermediate.map((_, k) => k);
    const { page, errors } = await openReport(browser(), pageOf(state), 'curves-from-0');
    const markers = JSON.parse((await page.$eval('#curves', (c) => c.getAttribute('data-pruned'))) ?? '[]') as Marker[];
    expect(markers.map((m) => [m.id, m.step])).toEqual([[6, 2]]);
    expect(await page.$eval('#curves .plot', (p) => p.getAttribute('data-steps'))).toBe('0..8');
    // pointing at the cross names the step the trial itself reported
    await pointAt(page, markers[0]!);
    await expect.poll(() => page.$eval('#curves .note', (n) => n.textContent)).toMatch(/^trial 6 \(pruned at step 2\) · step 2: \d/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('turns to a log axis when a diverging run spans decades, and leaves a gap for its NaN', async () => {
    const state = demoStudy(space, { trials: 16, seed: 7, steps: 12 });
    const diverged = state.trials[11]!;
    diverged.intermediate = diverged.intermediate.map((v, k) => (k < 6 ? v : k < 10 ? v * 10 ** (k - 4) : NaN));
    const { page, errors } = await openReport(browser(), pageOf(state), 'curves-log');
    expect(await page.$eval('#curves .plot', (p) => p.getAttribute('data-scale'))).toBe('log');
    const data = await page.$eval('#report-data', (s) => JSON.parse(s.textContent ?? '{}') as { trials: Array<{ curve: Array<number | null> }> });
    expect(data.trials[11]?.curve.slice(9)).toEqual([expect.any(Number), null, null]);
    const [pixels] = await inkedCanvases(page, '#curves canvas');
    expect(pixels).toBeGreaterThan(2_000);
    await page.locator('#curves').screenshot({ path: join(artifacts, 'curves-log.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws curves of thousands of values thinned for the page, the pruned one crossed at its real step', async () => {
    const state = demoStudy(space, { trials: 12, seed: 7, steps: 3000, pruned: [6] });
    const html = pageOf(state);
    // 12 trials of 3,000 values each, carried as ~200 points per trial
    expect(Buffer.byteLength(html)).toBeLessThan(builtAssets().script.length + 150_000);
    const { page, errors } = await openReport(browser(), html, 'curves-long');
    const markers = JSON.parse((await page.$eval('#curves', (c) => c.getAttribute('data-pruned'))) ?? '[]') as Marker[];
    expect(markers.map((m) => [m.id, m.step])).toEqual([[6, 1000]]);
    const [pixels] = await inkedCanvases(page, '#curves canvas:not(.hover)');
    expect(pixels).toBeGreaterThan(2_000);
    await pointAt(page, markers[0]!);
    await expect.poll(() => page.$eval('#curves .note', (n) => n.textContent)).toMatch(/^trial 6 \(pruned at step 1000\) · step 1000: \d/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows no curve section when no trial reported more than one value', async () => {
    const state = demoStudy(space, { trials: 12, seed: 7, steps: 1 });
    const { page, errors } = await openReport(browser(), pageOf(state), 'curves-none');
    const sections = await page.$$eval('section.card', (cards) => cards.map((card) => card.id));
    expect(sections).not.toContain('curves');
    expect(sections).toContain('history');
    expect(errors).toEqual([]);
    await page.close();
  });
});
