// Reports of large search spaces (a user audit, "large spaces"): many parameters, many or long options.
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportHtml } from '../../src/report/html/report.js';
import type { ReportData } from '../../src/report/html/report-data.js';
import { MAX_MODEL_PANELS } from '../../src/report/html/shown-params.js';
import { artifacts, available, builtAssets, CHROMIUM, FLAGS, openReport, reason } from './open-report.js';
import { demoStudy, numeric, spaceOf } from './synthetic-study.js';

function embedded(html: string): ReportData {
  const match = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html);
  return JSON.parse(match?.[1] ?? 'null') as ReportData;
}

describe.skipIf(!available)(`reports of large spaces in headless Chromium${reason}`, () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  });

  afterAll(async () => {
    await browser?.close();
  });

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

    const { page, errors, requests } = await openReport(browser, html, 'report-many-params');
    expect(await page.$$eval('#tpe .panel', (panels) => panels.length)).toBe(MAX_MODEL_PANELS);
    expect(await page.$eval('#tpe p.omitted', (p) => p.textContent)).toBe(
      `Panels for the ${MAX_MODEL_PANELS} parameters ranked most important; the other ${40 - MAX_MODEL_PANELS} are left out to keep this file small (hypertune explain <label> --at <trial> draws any of them).`,
    );
    expect(await page.$$eval('#effects canvas', (canvases) => canvases.length)).toBe(40);
    await page.screenshot({ path: join(artifacts, 'report-many-params.png') });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
