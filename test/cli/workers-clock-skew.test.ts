import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, NODE, QUADRATIC_SPACE, hypertune, tempDir, writeFile, type SummaryJson, SH } from './helpers/hypertune.js';
import { dropStudies, POSTGRES, readLog, SKIP_REASON, studyNamer, until, withDatabase, writeTinyProgram } from './helpers/workers.js';
import { execa } from 'execa';

const studies = studyNamer();

/** libfaketime's wrapper (Debian's package faketime) runs a worker whose clock is off by an offset. */
function hasFaketime(): boolean {
  try {
    execFileSync('faketime', ['-f', '+0', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const FAKETIME = hasFaketime();
const skipReason = POSTGRES === undefined ? SKIP_REASON : !FAKETIME ? "skipped: faketime is not installed (Debian's package faketime)" : 'real server, faketime';
if (POSTGRES !== undefined && !FAKETIME) process.stderr.write(`clock-skew tests ${skipReason}\n`);

/** The built binary on a machine whose wall clock reads `offset` (faketime's syntax: '+10m', '-10m'); its timers keep real time. */
function skewedWorker(offset: string, args: readonly string[], cwd: string, env: Record<string, string>) {
  return execa('faketime', ['-f', offset, NODE, BIN, ...args], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', FAKETIME_DONT_FAKE_MONOTONIC: '1', ...env },
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
  });
}

describe.skipIf(POSTGRES === undefined || !FAKETIME)(`workers whose clocks disagree (${skipReason})`, { concurrent: true }, () => {
  afterAll(() => dropStudies(studies.prefix));

  it("one clock ten minutes slow, one ten minutes fast: no live trial is taken over, the time budget is the study's, times are the server's", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const tiny = writeTinyProgram(dir);
    const log = join(dir, 'tells.log');
    const study = studies.next();
    const env = { TELL_LOG: log, SLEEP_MS: '1500' };
    // the heartbeat timeout (5 s) and the budget (60 s) are far below the twenty minutes between the two
    // clocks: read by its own clock, the fast worker would find the slow one's heartbeats twenty minutes
    // old and its running trial's time twenty minutes long
    const args = ['run', 'space.yaml', '--storage', POSTGRES ?? '', '--study', study, '--trials', '6', '--heartbeat-timeout', '5', '--time-budget', '60', '--', SH, tiny];
    const before = Date.now();
    const slow = skewedWorker('-10m', args, dir, env);
    await until(() => readLog(log).some((line) => line.what === 'start'), 15_000, "the slow worker's first trial");
    const fast = skewedWorker('+10m', args, dir, env);
    const [slowResult, fastResult] = await Promise.all([slow, fast]);
    const after = Date.now();
    for (const result of [slowResult, fastResult]) {
      expect(result.exitCode, result.stderr).toBe(0);
      // the takeover notice itself (the wait for the last trials names the rule, 'taking over any whose ...')
      expect(result.stdout).not.toMatch(/taking over trials? \d/);
      expect(result.stdout).toMatch(/^Done: \d of 6 trials finished \(6 complete, 0 failed\)/m);
    }

    const rows = await withDatabase(async (client) => {
      const found = await client.query<{ state: string; worker: string; asked: string; started: string; heartbeat: string | null; finished: string }>(
        `SELECT state, worker, asked_at AS asked, started_at AS started, heartbeat_at AS heartbeat, finished_at AS finished
         FROM hypertune_trials WHERE study = $1 ORDER BY id`,
        [study],
      );
      return found.rows;
    });
    expect(rows.map((row) => row.state)).toEqual(Array(6).fill('complete'));
    expect(new Set(rows.map((row) => row.worker)).size).toBe(2);
    // every time stored is on one clock (the server's, here this machine's), whichever worker wrote it
    for (const row of rows) {
      for (const at of [row.asked, row.started, row.finished, row.heartbeat]) {
        if (at === null) continue;
        expect(Number(at)).toBeGreaterThan(before - 2000);
        expect(Number(at)).toBeLessThan(after + 2000);
      }
    }
    const summary = await hypertune(['summary', '--storage', POSTGRES ?? '', '--study', study, '--format', 'json'], { cwd: dir });
    const json = JSON.parse(summary.stdout) as SummaryJson & { trial_time_s: number };
    expect(json.trial_time_s).toBeGreaterThan(3);
    expect(json.trial_time_s).toBeLessThan((after - before) / 1000 + 1);
  });

  it('a cluster job asks on a clock ten minutes fast and tells on one ten minutes slow: its trial time is the real one, on the server clock', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const where = ['--storage', POSTGRES ?? '', '--study', studies.next()];
    const created = await skewedWorker('-10m', ['create', 'space.yaml', ...where, '--time-budget', '1h'], dir, {});
    expect(created.exitCode, created.stderr).toBe(0);
    const before = Date.now();
    const asked = await skewedWorker('+10m', ['ask', ...where], dir, {});
    expect(asked.exitCode, asked.stderr).toBe(0);
    const { id } = JSON.parse(asked.stdout) as { id: number };
    const told = await skewedWorker('-10m', ['tell', ...where, String(id), '0.25'], dir, {});
    expect(told.exitCode, told.stderr).toBe(0);
    const after = Date.now();
    const summary = await hypertune(['summary', ...where, '--format', 'json'], { cwd: dir });
    const json = JSON.parse(summary.stdout) as SummaryJson & { trial_time_s: number };
    expect(json.counts.complete).toBe(1);
    // twenty minutes long by the two machines' clocks, negative by the other way round
    expect(json.trial_time_s).toBeGreaterThan(0);
    expect(json.trial_time_s).toBeLessThanOrEqual((after - before) / 1000 + 0.5);
  });
});
