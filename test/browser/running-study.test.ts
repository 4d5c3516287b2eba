// The report of a study while its trials run (a user audit): made by the built binary from a real
// run of slow epochs, opened in headless Chromium. The running trials' rows gave '–' for the value and
// the duration although their curves were drawn above.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hypertune, NODE, program, tempDir, writeFile } from '../cli/helpers/hypertune.js';
import { available, launchedBrowser, openReport, reason } from './open-report.js';

// A trial is silent once its worker has sent no heartbeat for HYPERTUNE_SILENT_AFTER (10 s unset): 4 s
// here, with beats every 0.5 s (--heartbeat-timeout 2.5), where the test waited 11 s for a killed tuner.
const SILENT_S = 4;
const env = { HYPERTUNE_SILENT_AFTER: String(SILENT_S) };

describe.skipIf(!available)(`the report of a running study in headless Chromium${reason}`, () => {
  const browser = launchedBrowser();

  it("shows each running trial's latest value with its step and how long it has run, and once its tuner is killed, that it is silent", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'metric: val_loss\nparams:\n  lr: loguniform(0.0001, 1)\n');
    const run = hypertune(['run', 'space.yaml', '--trials', '4', '--parallel', '2', '--heartbeat-timeout', '2.5', '--', NODE, program('slow-epochs.mjs')], { cwd: dir, env: { ...env, EPOCH_MS: '300', EPOCHS: '400' } });
    try {
      const deadline = Date.now() + 30_000;
      let steps = 0;
      while (steps < 3) {
        if (Date.now() > deadline) throw new Error('no running trial reported three values');
        await new Promise((resolve) => setTimeout(resolve, 200));
        const json = await hypertune(['summary', '--format', 'json'], { cwd: dir, env });
        if (json.exitCode !== 0) continue;
        // both trials of the first pair running, each with three values
        const running = (JSON.parse(json.stdout) as { trials: Array<{ state: string; steps: number[] }> }).trials.filter((t) => t.state === 'running');
        steps = running.length === 2 ? Math.min(...running.map((t) => t.steps.length)) : 0;
      }
      const made = await hypertune(['report', '--out', 'report.html'], { cwd: dir, env });
      expect(made.exitCode, made.stderr).toBe(0);
      // the live report is made: its tuner is killed now, so that its SILENT_S of silence
      // pass while the live page is checked, not after
      run.kill('SIGKILL');
      await run;
      const killedAt = Date.now();
      const { page, errors } = await openReport(browser(), readFileSync(join(dir, 'report.html'), 'utf8'), 'running-study');
      const rows = await page.$$eval('table.trials tbody tr', (trs) => trs.map((tr) => Array.from(tr.children).map((td) => ({ text: td.textContent ?? '', title: td.getAttribute('title') }))));
      const head = await page.$$eval('table.trials thead th', (ths) => ths.map((th) => th.textContent));
      const value = head.indexOf('val_loss');
      const duration = head.indexOf('duration s');
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        expect(row[1]?.text).toBe('running');
        expect(row[value]?.text).toMatch(/^[\d.]+ @ step \d+$/);
        expect(row[value]?.title).toMatch(/^running: the latest value it reported, at step \d+; not a result yet$/);
        expect(Number(row[duration]?.text)).toBeGreaterThan(0.5);
      }
      expect(await page.$eval('#trials', (card) => card.textContent)).toContain('A running trial shows the latest val_loss it reported');
      expect(await page.$eval('header .live', (span) => span.textContent)).toBe(' \u00b7 still running: a snapshot');
      expect(errors).toEqual([]);
      await page.close();

      // its tuner killed: the page said 'still running' of a study that nothing ran
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, killedAt + (SILENT_S + 1) * 1000 - Date.now())));
      expect((await hypertune(['report', '--out', 'dead.html'], { cwd: dir, env })).exitCode).toBe(0);
      const dead = await openReport(browser(), readFileSync(join(dir, 'dead.html'), 'utf8'), 'running-study-dead');
      expect(await dead.page.$eval('header .live', (span) => span.textContent)).toMatch(/^ \u00b7 its 2 running trials have sent no heartbeat for \d+ s: the tuner may be gone$/);
      const states = await dead.page.$$eval('table.trials tbody td:nth-child(2)', (tds) => tds.map((td) => ({ text: td.textContent, title: td.getAttribute('title') })));
      for (const state of states) {
        expect(state.text).toBe('running, silent');
        expect(state.title).toMatch(/^no heartbeat from its worker for \d+ s when the report was made: its tuner may be gone/);
      }
      expect(dead.errors).toEqual([]);
      await dead.page.close();
    } finally {
      run.kill('SIGKILL');
      await run;
    }
  }, 60_000);
});
