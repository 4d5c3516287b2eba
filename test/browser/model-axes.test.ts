// The axes of the TPE and Gaussian-process panels (a user audit): a log parameter's axis spans the space's
// range, not whole decades past it; the pick of a joint TPE model is drawn on the score axis; the log EI
// axis stops a fixed depth below its peak instead of at -80,000, where the curve was a flat line.
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportHtml } from '../../src/report/html/report.js';
import { LOG_EI_DEPTH } from '../../src/report/log-ei-floor.js';
import type { ReportData } from '../../src/report/html/report-data.js';
import { drawnTexts, recordCanvasText } from './canvas-text.js';
import { available, builtAssets, CHROMIUM, FLAGS, openReport, reason, type OpenedReport } from './open-report.js';
import { axisValues, plotAreas, recordCanvasDots } from './plot-area.js';
import { demoStudy, numeric, spaceOf } from './synthetic-study.js';

const BEST = '#f59e0b';
const space = spaceOf([numeric('lr', 'loguniform', 1e-6, 1e-1), numeric('batch', 'qloguniform', 8, 300, { q: 8, args: [8, 300, 8] }), numeric('dropout', 'uniform', 0, 0.5)]);
const loss = (p: Record<string, unknown>): number => (Math.log10(Number(p['lr'])) + 3) ** 2 + 3 * (Number(p['batch']) / 300 - 0.3) ** 2 + Number(p['dropout']);
/** Each parameter's range, and ticks its axis must show (the ends of a log range, or decades inside it). */
const ranges: Record<string, { low: number; high: number; shows: number[] }> = {
  lr: { low: 1e-6, high: 0.1, shows: [1e-6, 0.1] },
  batch: { low: 4, high: 300, shows: [10, 100] },
  dropout: { low: 0, high: 0.5, shows: [0, 0.5] },
};

describe.skipIf(!available)(`the model panels' axes in headless Chromium${reason}`, () => {
  let browser: Browser;
  let tpe: OpenedReport;
  let gp: OpenedReport;
  const record = async (page: OpenedReport['page']): Promise<void> => {
    await recordCanvasText(page);
    await recordCanvasDots(page);
  };
  const data = (opened: OpenedReport): Promise<ReportData> => opened.page.evaluate(() => JSON.parse(document.getElementById('report-data')?.textContent ?? '{}') as ReportData);

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
    const report = (algo: 'tpe' | 'auto', trials: number): string =>
      buildReportHtml({ space, state: demoStudy(space, { trials, seed: 2, loss, algo }), metric: 'loss', goal: 'minimize', optimizer: { algo, seed: 2 }, generatedAt: new Date(0), assets: builtAssets() });
    tpe = await openReport(browser, report('tpe', 40), 'model-axes-tpe', record);
    gp = await openReport(browser, report('auto', 30), 'model-axes-gp', record);
  });

  afterAll(async () => {
    await tpe?.page.close();
    await gp?.page.close();
    await browser?.close();
  });

  it.each(['tpe', 'gp'] as const)("spans each parameter's range on the %s panels' x axes, loguniform(1e-6, 1e-1) to 0.1, not 1 (found by a user audit)", async (card) => {
    const opened = card === 'tpe' ? tpe : gp;
    const d = await data(opened);
    const labels = (card === 'tpe' ? d.densities : d.gp).tracks.map((t) => t.label);
    expect(labels).toEqual(['lr', 'batch', 'dropout']);
    const texts = await drawnTexts(opened.page, `#${card} canvas`);
    const areas = await plotAreas(opened.page, `#${card} canvas`);
    labels.forEach((label, k) => {
      const range = ranges[label]!;
      const ticks = axisValues(texts[k]!.texts, areas[k]!.box).bottom;
      expect(ticks, label).toEqual(expect.arrayContaining(range.shows));
      expect(Math.min(...ticks), label).toBeGreaterThanOrEqual(range.low * 0.999);
      expect(Math.max(...ticks), label).toBeLessThanOrEqual(range.high * 1.001);
    });
    expect(opened.errors).toEqual([]);
  });

  it("draws the joint TPE's pick on the score axis, where its joint score lies past the marginal's curve (found by a user audit)", async () => {
    const d = await data(tpe);
    const frames = d.densities.tracks.map((t) => t.frames.at(-1)!);
    expect(frames.every((f) => f.model === 'joint')).toBe(true);
    // the study shows the defect: the pick's joint score lies above every score of the curve drawn
    const beyond = frames.filter((f) => {
      const curve = f.logL.flatMap((l, i) => (l === null || f.logG[i] == null ? [] : [l - (f.logG[i] as number)]));
      const pick = f.candidates.find((c) => c.x === f.chosen)?.score ?? Number.NaN;
      return pick > Math.max(...curve) + 1;
    });
    expect(beyond.length).toBeGreaterThanOrEqual(2);
    const areas = await plotAreas(tpe.page, '#tpe canvas');
    for (const { box, dots } of areas) {
      const picks = dots.filter((dot) => dot.fill === BEST);
      expect(picks).toHaveLength(1);
      expect(picks[0]!.y).toBeGreaterThanOrEqual(box.top);
      expect(picks[0]!.y).toBeLessThanOrEqual(box.bottom);
      expect(picks[0]!.x).toBeGreaterThanOrEqual(box.left);
      expect(picks[0]!.x).toBeLessThanOrEqual(box.right);
    }
    expect(tpe.errors).toEqual([]);
  });

  it(`ends the log EI axis ${LOG_EI_DEPTH} below the curve's peak, and says the curve is clipped there (found by a user audit: -80,000)`, async () => {
    const d = await data(gp);
    const peaks = d.gp.tracks.map((t) => {
      const known = t.frames.at(-1)!.logEi.filter((v): v is number => v !== null);
      return { peak: Math.max(...known), lowest: Math.min(...known) };
    });
    // the study shows the defect: log EI falls hundreds below its peak
    expect(peaks.filter((p) => p.lowest < p.peak - 100).length).toBeGreaterThanOrEqual(1);
    const texts = await drawnTexts(gp.page, '#gp canvas');
    const areas = await plotAreas(gp.page, '#gp canvas');
    const notes = await gp.page.$$eval('#gp .note', (items) => items.map((n) => n.textContent ?? ''));
    peaks.forEach(({ peak, lowest }, k) => {
      const ticks = axisValues(texts[k]!.texts, areas[k]!.box).right;
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      expect(Math.min(...ticks)).toBeGreaterThanOrEqual(peak - LOG_EI_DEPTH - 1);
      expect(Math.max(...ticks)).toBeLessThanOrEqual(peak + 1);
      if (lowest < peak - LOG_EI_DEPTH) expect(notes[k]).toMatch(/ · log EI below -?[\d.]+ drawn at the foot of the axis$/);
      else expect(notes[k]).not.toContain('log EI below');
    });
    expect(gp.errors).toEqual([]);
  });
});
