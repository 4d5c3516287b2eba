// The trial the model rates best, marked in the report's plots where the best trial is (history, each
// parameter's scatter, parallel coordinates) and named in their legends, apart from the best trial's
// orange: a noisy study of real runs (an RL-like program, one configuration re-run nine times), its
// page written by `hypertune report` and opened in headless Chromium.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hypertune, program, SH, tempDir, writeFile } from '../cli/helpers/hypertune.js';
import { NOISY_SPACE, pastResults, pastReturns, RETURN_SPACE } from '../cli/helpers/noisy-study.js';
import { artifacts, available, openReport, reason, launchedBrowser } from './open-report.js';

const VIOLET = [124, 58, 237];

/** Whether the canvas under `selector` has a violet pixel within 12 CSS pixels of the mark its holder recorded (data-model-best). */
function violetNear(page: Page, holder: string): Promise<boolean> {
  return page.$eval(
    holder,
    (node, violet) => {
      const at = JSON.parse(node.getAttribute('data-model-best') ?? 'null') as { x: number; y: number } | null;
      const canvas = node.querySelector('canvas');
      if (at === null || canvas === null) return false;
      const room = Math.round(12 * devicePixelRatio);
      const data = canvas.getContext('2d')?.getImageData(at.x - room, at.y - room, 2 * room, 2 * room).data ?? new Uint8ClampedArray();
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs((data[i] ?? 0) - violet[0]) + Math.abs((data[i + 1] ?? 0) - violet[1]) + Math.abs((data[i + 2] ?? 0) - violet[2]) < 40 && (data[i + 3] ?? 0) > 200) return true;
      }
      return false;
    },
    VIOLET,
  );
}

describe.skipIf(!available)(`the model's pick in the report's plots, in headless Chromium${reason}`, () => {
  const browser = launchedBrowser();

  it("rings the trial the model rates best in the history and every scatter, draws its line violet in parallel coordinates, and names it in their legends", async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', RETURN_SPACE);
    writeFile(cwd, 'past.csv', pastReturns());
    const run = await hypertune(['run', 'space.yaml', '--study', 'rl', '--trials', '36', '--seed', '2', '--add', 'past.csv', '--', SH, program('noisy-return.sh')], { cwd });
    expect(run.exitCode, run.stderr).toBe(0);
    expect((await hypertune(['enqueue', '--study', 'rl', '--rerun', Array(9).fill(11).join(',')], { cwd })).exitCode).toBe(0);
    expect((await hypertune(['resume', '--study', 'rl', '--trials', '45'], { cwd })).exitCode).toBe(0);
    const summary = (await hypertune(['summary', '--study', 'rl'], { cwd })).stdout;
    const report = await hypertune(['report', '--study', 'rl', '--out', 'report.html'], { cwd });
    expect(report.exitCode, report.stderr).toBe(0);
    const lines = summary.split('\n');
    const at = lines.findIndex((line) => line.startsWith('Noise: '));
    const note = lines.slice(at, at + 3).map((line) => line.trim()).join(' ');
    // the note names the pick (run once) and the configuration run ten times it cannot tell from it
    expect(note).toContain("rates trial 30 best (measured 505, predicted 4");
    expect(note).toContain("It cannot tell it from trial 11's configuration, run more often (mean of 10 complete runs 493.245 \u00b1 11.4 standard error");

    const { page, errors, requests } = await openReport(browser(), readFileSync(join(cwd, 'report.html'), 'utf8'), 'report-model-mark');
    expect(await page.$eval('#best .noise-note', (p) => p.textContent)).toBe(note);
    // history: the best and the pick as series of their own, named in its legend, the pick's ring drawn
    const legend = await page.$$eval('#history .u-legend .u-series .u-label', (rows) => rows.map((row) => row.textContent?.trim() ?? ''));
    expect(legend.filter((label) => /best: trial/.test(label))).toEqual(['best: trial 34', "model's best: trial 30"]);
    expect(await page.$eval('#history p.hint', (p) => p.textContent)).toContain('the trial the model rates best (the note under the best trial) ringed in violet');
    expect(await violetNear(page, '#history')).toBe(true);
    // each parameter's scatter: the ring where trial 30 lies, and the card's legend of the two marks
    expect(await page.$$eval('#effects .panel', (panels) => panels.map((p) => p.hasAttribute('data-model-best')))).toEqual([true, true]);
    for (const n of [1, 2]) expect(await violetNear(page, `#effects .panel:nth-child(${n})`)).toBe(true);
    expect(await page.$eval('#effects .legend.marks', (l) => l.textContent)).toBe("best: trial 34model's best: trial 30 (the note under the best trial)");
    // parallel coordinates: the pick's line violet and titled, over the others; the best's orange
    const pens = await page.$$eval('#parallel path[data-trial]:not(.bridge)', (paths) => paths.map((p) => ({ id: p.getAttribute('data-trial'), stroke: p.getAttribute('stroke'), title: p.querySelector('title')?.textContent ?? null })));
    expect(pens.filter((p) => p.title !== null)).toEqual([
      { id: '30', stroke: '#7c3aed', title: "model's best: trial 30 (the note under the best trial)" },
      { id: '34', stroke: '#f59e0b', title: 'best: trial 34' },
    ]);
    expect(pens.slice(-2).map((p) => p.id)).toEqual(['30', '34']);
    expect(pens.filter((p) => p.stroke === '#7c3aed')).toHaveLength(1);
    expect(await page.$eval('#parallel p.hint', (p) => p.textContent)).toContain('the best in orange, the one the model rates best in violet');
    for (const card of ['history', 'effects', 'parallel']) {
      await page.$eval(`#${card}`, (node) => node.scrollIntoView());
      await page.screenshot({ path: join(artifacts, `report-model-mark-${card}.png`) });
    }
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it("draws the learning curve of the trial the model rates best in violet, named in the curves' legend", async () => {
    // the lucky study of a bowl (trial 43's -0.9 far up its side), and one more trial at its bottom
    // (enqueued, asked), told its values epoch by epoch: the model rates it best
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', NOISY_SPACE);
    writeFile(cwd, 'past.csv', pastResults());
    expect((await hypertune(['create', 'space.yaml', '--study', 'noisy', '--trials', '60'], { cwd })).exitCode).toBe(0);
    expect((await hypertune(['add', '--study', 'noisy', '--from', 'past.csv'], { cwd })).exitCode).toBe(0);
    expect((await hypertune(['enqueue', '--study', 'noisy', 'x=0.5', 'y=-0.3'], { cwd })).exitCode).toBe(0);
    const asked = JSON.parse((await hypertune(['ask', '--study', 'noisy'], { cwd })).stdout) as { id: number };
    for (const [step, value] of [[1, 0.9], [2, 0.4], [3, 0.15]] as const) {
      expect((await hypertune(['tell', '--study', 'noisy', '--step', String(step), String(asked.id), String(value)], { cwd })).exitCode).toBe(0);
    }
    expect((await hypertune(['tell', '--study', 'noisy', String(asked.id), '0.05'], { cwd })).exitCode).toBe(0);
    const summary = (await hypertune(['summary', '--study', 'noisy'], { cwd })).stdout;
    expect(summary).toContain(`rates trial ${asked.id} best`);
    expect((await hypertune(['report', '--study', 'noisy', '--out', 'report.html'], { cwd })).exitCode).toBe(0);
    const { page, errors } = await openReport(browser(), readFileSync(join(cwd, 'report.html'), 'utf8'), 'report-model-mark-curves');
    expect(await page.$$eval('#curves .legend span', (keys) => keys.map((k) => k.textContent))).toContain(`model's best: trial ${asked.id}`);
    expect(await page.$eval('#curves p.hint', (p) => p.textContent)).toContain('The best trial in orange, the one the model rates best in violet;');
    // its line: violet pixels on the canvas
    const violet = await page.$eval('#curves canvas:not(.hover)', (canvas, rgb) => {
      const c = canvas as HTMLCanvasElement;
      const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
      let count = 0;
      for (let i = 0; i < data.length; i += 4) if (Math.abs((data[i] ?? 0) - rgb[0]) + Math.abs((data[i + 1] ?? 0) - rgb[1]) + Math.abs((data[i + 2] ?? 0) - rgb[2]) < 40) count++;
      return count;
    }, VIOLET);
    expect(violet).toBeGreaterThan(100);
    await page.$eval('#curves', (node) => node.scrollIntoView());
    await page.screenshot({ path: join(artifacts, 'report-model-mark-curves.png') });
    expect(errors).toEqual([]);
    await page.close();
  });
});
