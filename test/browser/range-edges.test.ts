// The report says what summary says of a best value at the end of its range, under the best trial: a
// study built through the binary from known results, its page written by `hypertune report` and
// opened in headless Chromium.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hypertune, tempDir, writeFile } from '../cli/helpers/hypertune.js';
import { createRng } from '../../src/util/rng.js';
import { artifacts, available, openReport, reason, launchedBrowser } from './open-report.js';

// the loss falls all the way to lr's top and is best at the smallest batch; y is best inside its range
const SPACE = 'metric: val_loss\nparams:\n  lr: loguniform(0.0001, 0.01)\n  batch: choice(32, 64, 128)\n  y: uniform(-1, 1)\n';
const loss = (lr: number, batch: number, y: number): number => (Math.log10(lr) + 1) ** 2 + 0.5 * Math.log2(batch / 16) + (y - 0.3) ** 2;

/** 30 random results, then the best corner approached: lr to its top, batch 32, y near 0.3. */
function results(): string {
  const rng = createRng('report-range-edges');
  const rows = ['lr,batch,y,val_loss'];
  const add = (lr: number, batch: number, y: number): number => rows.push(`${lr},${batch},${y},${loss(lr, batch, y)}`);
  for (let i = 0; i < 30; i++) add(1e-4 * 100 ** rng.next(), [32, 64, 128][Math.floor(3 * rng.next())] as number, -1 + 2 * rng.next());
  for (let i = 1; i <= 5; i++) add(0.01 * 0.8 ** i, i % 2 === 0 ? 64 : 32, 0.3 + 0.05 * (rng.next() - 0.5));
  add(0.01, 32, 0.3);
  return `${rows.join('\n')}\n`;
}

describe.skipIf(!available)(`the report's range edges in headless Chromium${reason}`, () => {
  const browser = launchedBrowser();

  it("gives summary's lines on a best value at the end of its range under the best trial, and none on y, best inside", async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', SPACE);
    writeFile(cwd, 'past.csv', results());
    for (const args of [['create', 'space.yaml', '--study', 'edges'], ['add', '--study', 'edges', '--from', 'past.csv']]) expect((await hypertune(args, { cwd })).exitCode).toBe(0);
    const summary = (await hypertune(['summary', '--study', 'edges'], { cwd })).stdout.split('\n');
    const at = summary.findIndex((line) => line.startsWith('At the end of their ranges:'));
    expect(at, summary.join('\n')).toBeGreaterThan(0);
    const lines = summary.slice(at, at + 4).map((line) => line.trim());
    expect(lines[1]).toMatch(/^lr 0\.01, the top of loguniform\(0\.0001, 0\.01\): /);
    expect(lines[2]).toMatch(/^batch 32, the smallest option of choice\(32, 64, 128\): /);
    // a study made by create has no command: the way past it ends at the new study's file
    expect(lines[3]).toMatch(/^To search past them: hypertune summary --study edges --format csv > edges\.csv, then .*: hypertune run edges-wider\.yaml --add edges\.csv$/);

    expect((await hypertune(['report', '--study', 'edges', '--out', 'report.html'], { cwd })).exitCode).toBe(0);
    const { page, errors, requests } = await openReport(browser(), readFileSync(join(cwd, 'report.html'), 'utf8'), 'report-edges');
    expect(await page.$$eval('#best .edges p', (ps) => ps.map((p) => p.textContent))).toEqual(lines);
    // the lines that go on the heading are set in from it, as summary's are
    const lefts = await page.$$eval('#best .edges p', (ps) =>
      ps.map((p) => {
        const range = document.createRange();
        range.selectNodeContents(p);
        return Math.round(range.getBoundingClientRect().left);
      }),
    );
    expect(lefts.slice(1).every((left) => left > (lefts[0] ?? 0))).toBe(true);
    await page.$eval('#best', (card) => card.scrollIntoView());
    await page.screenshot({ path: join(artifacts, 'report-edges.png') });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
