import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportHtml } from '../../src/report/html/report.js';
import { artifacts, available, builtAssets, CHROMIUM, FLAGS, inkedCanvases, openReport, reason, launchedBrowser } from './open-report.js';
import { demoSpace, demoStudy, flatDemoSpace } from './synthetic-study.js';

describe.skipIf(!available)(`the HTML report in headless Chromium${reason}`, () => {
  let browser: Browser;
  let html: string;

  beforeAll(async () => {
    const space = demoSpace();
    const state = demoStudy(space, { trials: 60, seed: 3, failing: [4, 31], lastRunning: true, steps: 27, pruned: [12, 20, 33, 45] });
    html = buildReportHtml({ space, state, metric: 'loss', goal: 'minimize', optimizer: { algo: 'tpe', seed: 3 }, stop: { at: null, patience: 5, minDelta: 0 }, generatedAt: new Date(0), assets: builtAssets() });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('draws every view without console errors or network requests, and the slider moves the densities', async () => {
    const { page, errors, requests } = await openReport(browser, html, 'report');

    const sections = await page.$$eval('section.card', (cards) => cards.map((card) => card.id));
    expect(sections).toEqual(['best', 'history', 'curves', 'importance', 'effects', 'parallel', 'tpe', 'trials', 'failures']);

    // every plot drew: each canvas has painted pixels, each SVG has shapes
    // (not the empty layer the curves keep for the line under the pointer)
    const canvases = await inkedCanvases(page, 'section.card canvas:not(.hover)');
    const plots = await page.evaluate(() => {
      const svgs = [...document.querySelectorAll('section.card svg')].map((s) => s.querySelectorAll('rect, path, line, text').length);
      const data = JSON.parse(document.getElementById('report-data')?.textContent ?? '{}') as { densities: { tracks: Array<{ kind: string }> } };
      const numericTracks = data.densities.tracks.filter((t) => t.kind === 'numeric').length;
      return { svgs, numericTracks };
    });
    // the history, the learning curves, one scatter per parameter (5), one density per numeric parameter TPE modelled
    expect(plots.numericTracks).toBeGreaterThanOrEqual(3);
    expect(canvases.length).toBe(2 + 5 + plots.numericTracks);
    for (const pixels of canvases) expect(pixels).toBeGreaterThan(500);
    // importance bars, parallel coordinates, the optimizer choice bars
    expect(plots.svgs.length).toBe(3);
    for (const shapes of plots.svgs) expect(shapes).toBeGreaterThan(10);

    const densityPixels = () => page.$$eval('#tpe canvas', (canvases) => canvases.map((c) => (c as HTMLCanvasElement).toDataURL()));
    const choiceBars = () => page.$eval('#tpe svg', (s) => s.innerHTML);
    const label = () => page.$eval('#tpe output', (o) => o.textContent ?? '');
    const notes = () => page.$$eval('#tpe .note', (items) => items.map((n) => n.textContent ?? ''));
    const before = { pixels: await densityPixels(), bars: await choiceBars(), label: await label(), notes: await notes() };
    expect(before.label).toContain('next proposal (trial 60');
    expect(before.notes.some((n) => /^\d+ good, \d+ bad · picked /.test(n))).toBe(true);
    expect(before.notes.some((n) => /^good sgd×\d+ adam×\d+ rmsprop×\d+ · bad /.test(n))).toBe(true);
    await page.$eval('#tpe input[type=range]', (input) => {
      (input as HTMLInputElement).value = '0';
      input.dispatchEvent(new Event('input'));
    });
    const after = { pixels: await densityPixels(), bars: await choiceBars(), label: await label(), notes: await notes() };
    expect(after.label).not.toBe(before.label);
    expect(after.label).toMatch(/^trial \d+, proposed after \d+ finished trials$/);
    expect(after.pixels.filter((png, i) => png !== before.pixels[i]).length).toBeGreaterThanOrEqual(3);
    expect(after.bars).not.toBe(before.bars);
    expect(after.notes).not.toEqual(before.notes);

    // the header counts every state, the pruned ones among the finished
    const chips = await page.$$eval('header .chip', (items) => items.map((c) => c.textContent ?? ''));
    expect(chips).toEqual(['finished 59 / 60', 'complete 53', 'failed 2', 'pruned 4', 'running 1', 'interrupted 0', 'trial time 29s']);
    expect(await page.$eval('#best .value', (v) => v.textContent)).toMatch(/^\d/);
    // and what ended the study before its target
    expect(await page.$eval('header .stopped', (p) => p.textContent)).toMatch(/^Stopped early: \d+ trials in a row did not improve on trial \d+'s loss [\d.e-]+ \(patience 5\)$/);

    // sortable table: sorting by the metric puts the best trial first, and again reverses it
    const headers = await page.$$eval('#trials th', (ths) => ths.map((th) => th.textContent));
    expect(headers).toEqual(['trial', 'state', 'loss', 'lr', 'layers', 'noise', 'optimizer', 'momentum', 'duration s', 'start-up', 'sampler']);
    await page.click('#trials th:nth-child(3)');
    expect(await page.$eval('#trials tbody tr', (row) => row.className)).toBe('is-best');
    expect(await page.$eval('#trials th:nth-child(3)', (th) => th.getAttribute('aria-sort'))).toBe('ascending');
    await page.click('#trials th:nth-child(3)');
    expect(await page.$eval('#trials th:nth-child(3)', (th) => th.getAttribute('aria-sort'))).toBe('descending');
    // empty cells (no value: failed, pruned-without-value, running) stay last in both directions
    // the last, running, shows its latest value in grey (not a result: it sorts with the empty cells)
    expect(await page.$eval('#trials tbody tr:last-child td:nth-child(2)', (td) => td.textContent)).toBe('running');
    expect(await page.$eval('#trials tbody tr:last-child td:nth-child(3)', (td) => `${td.className}: ${td.textContent}`)).toMatch(/^num latest: [\d.]+ @ step \d+$/);
    expect(await page.$eval('#trials tbody tr:nth-last-child(2) td:nth-child(3)', (td) => td.textContent)).toBe('–');
    await page.click('#trials th:nth-child(2)');
    const states = await page.$$eval('#trials tbody td span.state', (spans) => spans.map((s) => s.className));
    expect(states.filter((c) => c === 'state pruned')).toHaveLength(4);
    expect(states.indexOf('state pruned')).toBeGreaterThan(states.lastIndexOf('state failed'));
    expect(states.lastIndexOf('state pruned')).toBeLessThan(states.indexOf('state running'));

    // failed trials show their error tails, as text (never as markup); the first is open
    const failures = await page.$$eval('#failures details', (items) => items.map((d) => ({ open: d.hasAttribute('open'), text: d.querySelector('pre')?.textContent ?? '' })));
    expect(failures.map((f) => f.open)).toEqual([true, false]);
    expect(failures[0]?.text).toContain('<script>alert(1)</script>');
    expect(await page.$eval('#failures summary', (s) => s.textContent)).toBe('trial 4 · exit 1 · RuntimeError: CUDA out of memory (trial 4) <script>alert(1)</script>');

    await page.$eval('#tpe input[type=range]', (input) => {
      (input as HTMLInputElement).value = (input as HTMLInputElement).max;
      input.dispatchEvent(new Event('input'));
    });
    await page.screenshot({ path: join(artifacts, 'report.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it("shows the extra metrics in the trials' table after the metric, sortable, empty where a trial printed none", async () => {
    const space = flatDemoSpace();
    const state = demoStudy(space, { trials: 3, seed: 5 });
    state.trials.forEach((trial, i) => {
      if (i !== 1) trial.extras = { accuracy: 0.5 + i / 10, 'eval/f1': 0.25 };
    });
    const { page, errors } = await openReport(browser, buildReportHtml({ space, state, metric: 'loss', goal: 'minimize', optimizer: { algo: 'tpe', seed: 5 }, generatedAt: new Date(0), assets: builtAssets() }), 'report-extras');
    const headers = await page.$$eval('#trials th', (ths) => ths.map((th) => th.textContent));
    expect(headers.slice(0, 5)).toEqual(['trial', 'state', 'loss', 'accuracy', 'eval/f1']);
    await page.click('#trials th:nth-child(4)');
    await page.click('#trials th:nth-child(4)');
    const column = await page.$$eval('#trials tbody tr td:nth-child(4)', (tds) => tds.map((td) => td.textContent));
    expect(column).toEqual(['0.7', '0.5', '–']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('of a study of one trial, or of failures only, draws its axes over the declared ranges and whole trials, and says so when no trial completed (found by a user audit)', async () => {
    const space = flatDemoSpace();
    const one = demoStudy(space, { trials: 1, seed: 5 });
    const { page, errors } = await openReport(browser, buildReportHtml({ space, state: one, metric: 'loss', goal: 'minimize', optimizer: { algo: 'tpe', seed: 5 }, generatedAt: new Date(0), assets: builtAssets() }), 'report-one');
    // each numeric parameter's axis of the parallel coordinates spans its declared range, not the value ± 0.5
    const ticks = await page.$$eval('#parallel svg text', (items) => items.map((t) => t.textContent ?? ''));
    for (const node of space.nodes) if (node.kind === 'numeric' && !node.log && node.low !== null) expect(ticks).toContain(String(node.low));
    // the history's trial axis: whole trials around the one, not 0 to 100
    const labels = await page.$$eval('#history .u-axis', (axes) => axes.map((a) => a.textContent ?? ''));
    expect(labels[0]).not.toMatch(/100|\.5/);
    expect(errors).toEqual([]);
    await page.close();
    const failed = demoStudy(space, { trials: 4, seed: 5, failing: [0, 1, 2, 3] });
    const second = await openReport(browser, buildReportHtml({ space, state: failed, metric: 'loss', goal: 'minimize', optimizer: { algo: 'tpe', seed: 5 }, generatedAt: new Date(0), assets: builtAssets() }), 'report-failed');
    expect(await second.page.$eval('#history', (card) => card.textContent ?? '')).toContain('No complete trial yet: 4 failed');
    expect(second.errors).toEqual([]);
    await second.page.close();
  });
});

describe.skipIf(!available)(`the Gaussian process's models in the HTML report, headless Chromium${reason}`, () => {
  const browser = launchedBrowser();

  it('draws the mean, band and log EI of each parameter at the GP\'s trials, and the slider moves them', async () => {
    const space = flatDemoSpace();
    const state = demoStudy(space, { trials: 24, seed: 5, failing: [10], algo: 'auto' });
    const html = buildReportHtml({ space, state, metric: 'loss', goal: 'minimize', optimizer: { algo: 'auto', seed: 5 }, generatedAt: new Date(0), assets: builtAssets() });
    const { page, errors, requests } = await openReport(browser(), html, 'report-gp');
    const sections = await page.$$eval('section.card', (cards) => cards.map((card) => card.id));
    // no trial of this study is TPE's: its densities' card is left out, the GP's is there
    expect(sections).toEqual(['best', 'history', 'importance', 'effects', 'parallel', 'gp', 'trials', 'failures']);
    const data = await page.evaluate(() => (JSON.parse(document.getElementById('report-data')?.textContent ?? '{}') as { gp: { steps: Array<{ trial: number; ran: boolean }> } }).gp.steps);
    // a dozen of the 16 trials the GP proposed, evenly spread, and the next proposal
    expect(data).toHaveLength(12);
    expect(data.at(-1)).toEqual(expect.objectContaining({ trial: 24, ran: false }));
    const canvases = await inkedCanvases(page, '#gp canvas');
    expect(canvases).toHaveLength(2);
    for (const pixels of canvases) expect(pixels).toBeGreaterThan(500);
    const pixels = () => page.$$eval('#gp canvas', (items) => items.map((c) => (c as HTMLCanvasElement).toDataURL()));
    const label = () => page.$eval('#gp output', (o) => o.textContent ?? '');
    const rows = () => page.$$eval('#gp table.gp-choice tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
    const before = { pixels: await pixels(), label: await label(), rows: await rows() };
    expect(before.label).toMatch(/^next proposal \(trial 24, not run yet\) after 24 finished trials: /);
    // trial 10 failed among runs that ran: the GP took it for chance, and the slider's label says so
    expect(before.label).toContain('failed by chance, as it looks (a noise of their own in the fit): trial 10');
    expect(before.label).toMatch(/ · where no trial has been it expects -?[\d.e+-]+ \(dotted\)/);
    expect(before.rows).toHaveLength(4);
    expect(before.rows.filter((row) => row.includes('◀'))).toHaveLength(1);
    await page.$eval('#gp input[type=range]', (input) => {
      (input as HTMLInputElement).value = '0';
      input.dispatchEvent(new Event('input'));
    });
    const after = { pixels: await pixels(), label: await label(), rows: await rows() };
    expect(after.label).toMatch(/^trial \d+, proposed after \d+ finished trials: /);
    expect(after.pixels.filter((png, i) => png !== before.pixels[i])).toHaveLength(2);
    expect(after.rows).not.toEqual(before.rows);
    await page.screenshot({ path: join(artifacts, 'report-gp.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
