// Reports of large search spaces (a user audit, "large spaces"): many parameters, many or long options.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReportHtml } from '../../src/report/html/report.js';
import type { ReportData } from '../../src/report/html/report-data.js';
import { MAX_MODEL_PANELS } from '../../src/report/html/shown-params.js';
import { artifacts, available, builtAssets, openReport, reason, launchedBrowser } from './open-report.js';
import type { ChoiceNode } from '../../src/space/types.js';
import { demoStudy, numeric, spaceOf } from './synthetic-study.js';

function embedded(html: string): ReportData {
  const match = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html);
  return JSON.parse(match?.[1] ?? 'null') as ReportData;
}

describe.skipIf(!available)(`reports of large spaces in headless Chromium${reason}`, () => {
  const browser = launchedBrowser();

  it("embeds TPE's densities for the most important parameters only, and says so (200 parameters made a 28 MB page)", async () => {
    const labels = Array.from({ length: 40 }, (_, i) => `p${i}`);
    const space = spaceOf(labels.map((label) => numeric(label, 'uniform', 0, 1)));
    // the first five parameters decide, the others do nothing
    const loss = (params: Record<string, unknown>): number => labels.slice(0, 5).reduce((sum, label, i) => sum + (5 - i) * (Number(params[label]) - 0.3) ** 2, 0);
    const state = demoStudy(space, { trials: 40, seed: 2, loss });
    const html = buildReportHtml({ space, state, metric: 'loss', goal: 'minimize', optimizer: { algo: 'tpe', seed: 2 }, generatedAt: new Date(0), assets: builtAssets() });
    const data = embedded(html);
    expect(data.densities.tracks.map((t) => t.label)).toHaveLength(MAX_MODEL_PANELS);
    expect(data.densities.omitted).toBe(40 - MAX_MODEL_PANELS);
    // the panels kept are the ones the importance ranks first
    const ranked = data.importance.filter((row) => row.importance !== null).map((row) => row.label);
    expect(new Set(data.densities.tracks.map((t) => t.label))).toEqual(new Set(ranked.slice(0, MAX_MODEL_PANELS)));
    // 40 steps of 16 panels, not of 40: well under half of what every panel cost
    expect(JSON.stringify(data.densities).length).toBeLessThan(40 * 16 * 4_500);
    // every parameter keeps the rest of the page: its column, its scatter, its importance
    expect(data.params).toHaveLength(40);
    expect(data.importance).toHaveLength(40);

    const { page, errors, requests } = await openReport(browser(), html, 'report-many-params');
    expect(await page.$$eval('#tpe .panel', (panels) => panels.length)).toBe(MAX_MODEL_PANELS);
    expect(await page.$eval('#tpe p.omitted', (p) => p.textContent)).toBe(
      `Panels for the ${MAX_MODEL_PANELS} parameters ranked most important; the other ${40 - MAX_MODEL_PANELS} are left out to keep this file small (hypertune explain <label> --at <trial> draws any of them).`,
    );
    expect(await page.$$eval('#effects canvas', (canvases) => canvases.length)).toBe(40);
    // 41 axes on the page's width: no tick label runs into another (they read 0.980.980.98 at 50
    // parameters: a scale audit); an axis without room for its ticks gives its range on its name's hover
    const ticks = await page.$$eval('#parallel text.tick', (texts) => texts.map((t) => { const r = t.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; }));
    const overlaps = ticks.filter((a, i) => ticks.some((b, j) => j !== i && a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1));
    expect(ticks.length).toBeGreaterThan(0);
    expect(overlaps).toEqual([]);
    const names = await page.$$eval('#parallel text.axis-name title', (titles) => titles.map((t) => t.textContent ?? ''));
    expect(names).toHaveLength(41);
    expect(names[0]).toMatch(/^p0: 0\.\d+ at the foot to 0\.\d+ at the top$/);
    await page.screenshot({ path: join(artifacts, 'report-many-params.png') });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('cuts option values of 10 KB where the page shows them, whole on hover, so the page stays as wide as the window (it was 78,000 px wide)', async () => {
    const options = ['a', 'b', 'c'].map((c) => c.repeat(10_000));
    const prompt: ChoiceNode = {
      kind: 'choice', family: 'choice', label: 'prompt', condition: null, position: { line: 1, column: 1 }, probabilities: [1 / 3, 1 / 3, 1 / 3],
      options: options.map((value) => ({ value, params: [] })),
    };
    const space = spaceOf([prompt, numeric('lr', 'loguniform', 1e-4, 1), numeric('x', 'uniform', 0, 1)]);
    const loss = (params: Record<string, unknown>): number => (Number(params['x']) - 0.4) ** 2 + (params['prompt'] === options[1] ? 0 : 0.2) + 0.1 * Math.abs(Math.log10(Number(params['lr'])) + 2);
    const state = demoStudy(space, { trials: 16, seed: 4, loss });
    const html = buildReportHtml({ space, state, metric: 'loss', goal: 'minimize', optimizer: { algo: 'tpe', seed: 4 }, generatedAt: new Date(0), assets: builtAssets() });
    const { page, errors, requests } = await openReport(browser(), html, 'report-long-options');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    // the best trial's line and the table: cut, each with its whole value as its title
    const best = await page.$$eval('#best .kv span', (spans) => spans.map((s) => ({ text: s.textContent ?? '', title: s.getAttribute('title') })));
    expect(best[0]?.text).toMatch(/^prompt=([abc])\1{29}\u2026\1{29}$/);
    expect(options).toContain(best[0]?.title);
    expect(best[1]?.title).toBeNull();
    const cells = await page.$$eval('#trials tbody td:nth-child(4)', (tds) => tds.map((td) => ({ text: td.textContent ?? '', title: td.getAttribute('title') })));
    expect(cells).toHaveLength(16);
    for (const cell of cells) {
      expect(cell.text.length).toBeLessThanOrEqual(40);
      expect(options).toContain(cell.title);
    }
    // the plots' option names: cut, the SVG ones with their whole value in a <title>
    const ticks = await page.$$eval('#parallel text.tick', (items) => items.map((t) => ({ text: t.firstChild?.textContent ?? '', title: t.querySelector('title')?.textContent ?? null })));
    expect(ticks.filter((t) => t.title !== null).map((t) => t.title)).toEqual(options);
    for (const tick of ticks) expect(tick.text.length).toBeLessThanOrEqual(24);
    const bars = await page.$$eval('#tpe svg text[text-anchor=end]', (items) => items.map((t) => ({ text: t.firstChild?.textContent ?? '', title: t.querySelector('title')?.textContent ?? null })));
    expect(bars.map((b) => b.title)).toEqual(options);
    for (const bar of bars) expect(bar.text.length).toBeLessThanOrEqual(14);
    // no element of the page reaches past the window
    const widest = await page.evaluate(() => Math.max(...[...document.querySelectorAll('main *')].map((e) => e.getBoundingClientRect().right)));
    expect(widest).toBeLessThanOrEqual(1280);
    await page.screenshot({ path: join(artifacts, 'report-long-options.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
