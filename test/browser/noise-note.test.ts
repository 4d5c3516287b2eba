// The report says what summary says of a lucky best (a noisy metric's best single run), under the
// best trial, and marks the trial the model rates best in the trials table: a study built through the
// binary, its page written by `hypertune report` and opened in headless Chromium.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hypertune, tempDir, writeFile } from '../cli/helpers/hypertune.js';
import { cleanResults, NOISY_SPACE, pastResults } from '../cli/helpers/noisy-study.js';
import { artifacts, available, openReport, reason, launchedBrowser } from './open-report.js';

/** A study of these results in a store of its own (a --dir, so the commands it suggests carry it); its summary and its report page. */
async function studyOf(name: string, results: string): Promise<{ dir: string; summary: string; html: string }> {
  const cwd = tempDir();
  writeFile(cwd, 'space.yaml', NOISY_SPACE);
  writeFile(cwd, 'past.csv', results);
  const dir = join(cwd, 'store');
  for (const args of [['create', 'space.yaml', '--trials', '60'], ['add', '--from', 'past.csv']]) {
    const made = await hypertune([...args, '--study', name, '--dir', dir], { cwd });
    expect(made.exitCode, made.stderr).toBe(0);
  }
  const summary = await hypertune(['summary', '--study', name, '--dir', dir], { cwd });
  const report = await hypertune(['report', '--study', name, '--dir', dir, '--out', 'report.html'], { cwd });
  expect([summary.exitCode, report.exitCode], report.stderr).toEqual([0, 0]);
  return { dir, summary: summary.stdout, html: readFileSync(join(cwd, 'report.html'), 'utf8') };
}

describe.skipIf(!available)(`the report's noise note in headless Chromium${reason}`, () => {
  const browser = launchedBrowser();

  it("says under the best trial what summary says of a lucky best, and marks the trial the model rates best in the table", async () => {
    const { dir, summary, html } = await studyOf('noisy', pastResults());
    // summary's note, its lines joined as prose: the page's note word for word
    const lines = summary.split('\n');
    const at = lines.findIndex((line) => line.startsWith('Noise: '));
    expect(at, summary).toBeGreaterThan(0);
    const note = lines.slice(at, at + 3).map((line) => line.trim()).join(' ');
    const pick = Number(/rates trial (\d+) best/.exec(note)?.[1]);
    expect(note).toContain(`trial 43's -0.9 may be a lucky run`);
    expect(note).toMatch(new RegExp(`run both again: hypertune enqueue --study noisy --dir ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} --rerun 43,${pick}$`));

    const { page, errors, requests } = await openReport(browser(), html, 'report-noise');
    expect(await page.$eval('#best .value', (v) => v.textContent)).toBe('-0.9');
    expect(await page.$eval('#best .noise-note', (p) => p.textContent)).toBe(note);
    expect(await page.$eval('#best .noise-note code', (c) => c.textContent)).toBe(`hypertune enqueue --study noisy --dir ${dir} --rerun 43,${pick}`);

    // the best trial highlighted, the model's pick marked (its row, a tag before its id), no other row
    const rows = await page.$$eval('#trials tbody tr', (trs) => trs.map((tr) => ({ cls: tr.className, id: tr.querySelector('td')?.textContent ?? '', tag: tr.querySelector('td .tag')?.textContent ?? null })));
    const marked = { [pick]: { cls: 'is-model-best', id: `model's best${pick}`, tag: "model's best" }, 43: { cls: 'is-best', id: '43', tag: null } };
    expect(rows.filter((r) => r.cls !== '')).toEqual(Object.keys(marked).map(Number).sort((a, b) => a - b).map((id) => marked[id]));
    expect(await page.$eval('#trials p.hint', (p) => p.textContent)).toContain("The trial the model rates best (the note under the best trial) is marked model's best.");
    // the tag stands before the id: every id's last digit on one right edge
    const edges = await page.$$eval('#trials tbody tr td:first-child', (tds) =>
      tds.map((td) => {
        const range = document.createRange();
        range.selectNodeContents(td.lastChild as Node);
        return Math.round(range.getBoundingClientRect().right);
      }),
    );
    expect(new Set(edges).size).toBe(1);
    // the command on one line, to copy whole
    expect(await page.$eval('#best .noise-note code', (c) => c.getClientRects().length === 1 && c.getBoundingClientRect().height < 30)).toBe(true);
    await page.$eval('#best', (card) => card.scrollIntoView());
    await page.screenshot({ path: join(artifacts, 'report-noise.png') });
    await page.$eval('#trials', (card) => card.scrollIntoView());
    await page.screenshot({ path: join(artifacts, 'report-noise-trials.png') });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('says nothing and marks nothing when the model rates the best trial best (the same bowl, measured without noise)', async () => {
    const { summary, html } = await studyOf('clean', cleanResults());
    expect(summary).not.toContain('Noise: ');
    const { page, errors } = await openReport(browser(), html, 'report-noise-clean');
    expect(await page.$$eval('#best .noise-note', (notes) => notes.length)).toBe(0);
    expect(await page.$$eval('#trials tr.is-model-best, #trials td .tag', (marks) => marks.length)).toBe(0);
    expect(await page.$$eval('#trials tr.is-best', (rows) => rows.length)).toBe(1);
    expect(await page.$eval('#trials p.hint', (p) => p.textContent)).not.toContain('model');
    expect(errors).toEqual([]);
    await page.close();
  });
});
