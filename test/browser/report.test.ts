import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportHtml } from '../../src/report/html/report.js';
import { demoSpace, demoStudy } from './synthetic-study.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const artifacts = join(root, 'test-artifacts');
const available = existsSync(CHROMIUM);
const reason = available ? '' : ` (skipped: no browser at ${CHROMIUM}; install the Debian package chromium, as .ci/run does)`;

function assets(): { uplotJs: string; uplotCss: string } {
  const require = createRequire(import.meta.url);
  return {
    uplotJs: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    uplotCss: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
  };
}

describe.skipIf(!available)(`the HTML report in headless Chromium${reason}`, () => {
  let browser: Browser;
  let file: string;

  beforeAll(async () => {
    const space = demoSpace();
    const state = demoStudy(space, { trials: 60, seed: 3, failing: [4, 31], lastRunning: true });
    const html = buildReportHtml({ space, state, metric: 'loss', goal: 'minimize', optimizer: { algo: 'tpe', seed: 3 }, generatedAt: new Date(0), assets: assets() });
    mkdirSync(artifacts, { recursive: true });
    file = join(artifacts, 'report.html');
    writeFileSync(file, html);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('draws every view without console errors or network requests, and the slider moves the densities', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('request', (request) => {
      if (request.url() !== pathToFileURL(file).href) requests.push(request.url());
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });

    const sections = await page.$$eval('section.card', (cards) => cards.map((card) => card.id));
    expect(sections).toEqual(['best', 'history', 'importance', 'effects', 'parallel', 'tpe', 'trials', 'failures']);

    // every plot drew: each canvas has painted pixels, each SVG has shapes
    const plots = await page.evaluate(() => {
      const inked = (canvas: HTMLCanvasElement): number => {
        const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
        let count = 0;
        for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) count++;
        return count;
      };
      const canvases = [...document.querySelectorAll('section.card canvas')].map((c) => inked(c as HTMLCanvasElement));
      const svgs = [...document.querySelectorAll('section.card svg')].map((s) => s.querySelectorAll('rect, path, line, text').length);
      const data = JSON.parse(document.getElementById('report-data')?.textContent ?? '{}') as { densities: { tracks: Array<{ kind: string }> } };
      const numericTracks = data.densities.tracks.filter((t) => t.kind === 'numeric').length;
      return { canvases, svgs, numericTracks };
    });
    // the history, one scatter per parameter (5), one density per numeric parameter TPE modelled
    expect(plots.numericTracks).toBeGreaterThanOrEqual(3);
    expect(plots.canvases.length).toBe(1 + 5 + plots.numericTracks);
    for (const pixels of plots.canvases) expect(pixels).toBeGreaterThan(500);
    // importance bars, parallel coordinates, the optimizer choice bars
    expect(plots.svgs.length).toBe(3);
    for (const shapes of plots.svgs) expect(shapes).toBeGreaterThan(10);

    const densityPixels = () =>
      page.$$eval('#tpe canvas', (canvases) => canvases.map((c) => (c as HTMLCanvasElement).toDataURL()));
    const choiceBars = () => page.$eval('#tpe svg', (s) => s.innerHTML);
    const label = () => page.$eval('#tpe output', (o) => o.textContent ?? '');
    const before = { pixels: await densityPixels(), bars: await choiceBars(), label: await label() };
    expect(before.label).toContain('next proposal (trial 60');
    await page.$eval('#tpe input[type=range]', (input) => {
      (input as HTMLInputElement).value = '0';
      input.dispatchEvent(new Event('input'));
    });
    const after = { pixels: await densityPixels(), bars: await choiceBars(), label: await label() };
    expect(after.label).not.toBe(before.label);
    expect(after.label).toMatch(/^trial \d+, proposed after \d+ finished trials$/);
    expect(after.pixels.filter((png, i) => png !== before.pixels[i]).length).toBeGreaterThanOrEqual(3);
    expect(after.bars).not.toBe(before.bars);

    // sortable table: sorting by the metric puts the best trial first
    await page.click('#trials th:nth-child(3)');
    const firstRow = await page.$eval('#trials tbody tr', (row) => row.className);
    expect(firstRow).toBe('is-best');
    // failed trials show their error tails, as text (never as markup)
    const failures = await page.$$eval('#failures details', (items) => items.map((d) => d.querySelector('pre')?.textContent ?? ''));
    expect(failures).toHaveLength(2);
    expect(failures[0]).toContain('<script>alert(1)</script>');

    await page.$eval('#tpe input[type=range]', (input) => {
      (input as HTMLInputElement).value = (input as HTMLInputElement).max;
      input.dispatchEvent(new Event('input'));
    });
    await page.screenshot({ path: join(artifacts, 'report.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
