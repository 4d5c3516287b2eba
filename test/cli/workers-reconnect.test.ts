import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { relayTo } from '../helpers/tcp-proxy.js';
import { hypertune, QUADRATIC_SPACE, tempDir, writeFile, SH } from './helpers/hypertune.js';
import { dropStudies, POSTGRES, readLog, SKIP_REASON, studyNamer, trialRows, until, writeTinyProgram } from './helpers/workers.js';

const studies = studyNamer();

/** One `hypertune run` worker reaching the real server through a relay the test can cut; its program takes `sleepMs`. */
async function workerBehindRelay(trials: number, sleepMs: number, existing?: { dir: string; study: string }, env: Record<string, string> = {}) {
  const { proxy, through } = await relayTo(POSTGRES ?? '');
  const { dir, tiny, study } = existing === undefined ? freshStudy() : { ...existing, tiny: writeTinyProgram(existing.dir) };
  const log = join(dir, 'tells.log');
  const worker = hypertune(['run', 'space.yaml', '--storage', through, '--study', study, '--trials', String(trials), '--', SH, tiny], {
    cwd: dir,
    env: { TELL_LOG: log, SLEEP_MS: String(sleepMs), ...env },
  });
  return { proxy, study, log, worker };
}

/** `workerBehindRelay` for `body`; the worker is killed and the relay closed after it, whatever happens. */
async function withWorkerBehindRelay(
  trials: number,
  sleepMs: number,
  existing: { dir: string; study: string } | undefined,
  body: (relayed: Awaited<ReturnType<typeof workerBehindRelay>>) => Promise<void>,
): Promise<void> {
  const relayed = await workerBehindRelay(trials, sleepMs, existing);
  try {
    await body(relayed);
  } finally {
    relayed.worker.kill('SIGKILL');
    await relayed.proxy.close();
  }
}

/** A new study's folder with the space and the program, not yet run. */
function freshStudy() {
  const dir = tempDir();
  writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
  return { dir, tiny: writeTinyProgram(dir), study: studies.next() };
}

/**
 * The worker behind the relay, once the relay has lost the reply `trap` waits for: it must finish
 * cleanly and soon. Before, the trial that reply made or claimed sat running with no one to run it
 * until the 60 s heartbeat timeout, and the study's end waited for it.
 */
async function finishesAfterLostReply(worker: ReturnType<typeof hypertune>, trap: Promise<void>) {
  await trap;
  const started = Date.now();
  const result = await worker;
  expect(result.exitCode, result.stderr).toBe(0);
  expect(result.stderr).toMatch(/lost the connection to PostgreSQL/);
  expect(Date.now() - started).toBeLessThan(20_000);
  return result;
}

// Its tests run at once (describe.concurrent): each has its own study and relay, and mostly waits, on
// trials of 200-1500 ms and on a server away for seconds; one after the other they took 22 s of the suite.
describe.skipIf(POSTGRES === undefined)(`a worker when PostgreSQL goes away for a while (${POSTGRES === undefined ? SKIP_REASON : 'real server behind a relay'})`, { concurrent: true }, () => {
  afterAll(() => dropStudies(studies.prefix));

  it('leaves at a third Ctrl-C while the server is away, instead of waiting up to its window to record the trials', async () => {
    await withWorkerBehindRelay(12, 300, undefined, async ({ proxy, log, worker }) => {
      await until(() => readLog(log).filter((line) => line.what === 'tell').length >= 2, 20_000, 'the first tells');
      await proxy.cut();
      worker.kill('SIGINT');
      await new Promise((resolve) => setTimeout(resolve, 400));
      worker.kill('SIGINT');
      await new Promise((resolve) => setTimeout(resolve, 400));
      const third = Date.now();
      worker.kill('SIGINT');
      const result = await worker;
      expect(Date.now() - third).toBeLessThan(3000);
      expect(result.exitCode).toBe(130);
      expect(result.stdout).toContain('Ctrl-C once more to leave without waiting to record them');
      expect(result.stdout).toContain('leaving now: what was not recorded yet runs again on resume');
    });
  });

  it('keeps its trials running, retries, and finishes the study once the server is back', async () => {
    await withWorkerBehindRelay(12, 300, undefined, async ({ proxy, study, log, worker }) => {
      await until(() => readLog(log).filter((line) => line.what === 'tell').length >= 3, 20_000, 'the first tells');
      await proxy.cut();
      // longer than a trial: the one running when the server went away (if any) ends while it is away
      await new Promise((resolve) => setTimeout(resolve, 2000));
      await proxy.restore();
      const result = await worker;
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/hypertune: lost the connection to PostgreSQL at 127\.0\.0\.1:\d+, database "\w+"; retrying for up to 120 s/);
      expect(result.stderr).toMatch(/hypertune: reconnected to PostgreSQL at 127\.0\.0\.1:\d+, database "\w+" after \d+\.\d s/);
      expect(result.stdout).toMatch(/Done: 12 of 12 trials finished \(12 complete, 0 failed\)/);
      // nothing was failed, interrupted or taken over: every trial ran once, to its end
      const rows = await trialRows(study);
      expect(rows.map((row) => row.state)).toEqual(Array.from({ length: 12 }, () => 'complete'));
      expect(readLog(log).filter((line) => line.what === 'start')).toHaveLength(12);
    });
  });

  it('runs the trial whose creation committed but whose reply was lost, rather than leaving it to the heartbeat timeout', async () => {
    await withWorkerBehindRelay(6, 200, undefined, async ({ proxy, study, log, worker }) => {
      await until(() => readLog(log).filter((line) => line.what === 'tell').length >= 2, 20_000, 'the first tells');
      // the next trial's creation reaches the server and commits; its reply is lost with the connection
      const result = await finishesAfterLostReply(worker, proxy.loseReplyTo(/hypertune_create_trial[\s\S]*COMMIT/));
      expect(result.stdout).toMatch(/Done: 6 of 6 trials finished \(6 complete, 0 failed\)/);
      const rows = await trialRows(study);
      expect(rows.map((row) => row.state)).toEqual(Array.from({ length: 6 }, () => 'complete'));
      // each trial ran once: the lost one by the worker that created it, not by a take-over
      const starts = readLog(log).filter((line) => line.what === 'start').map((line) => line.trial);
      expect([...starts].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
    });
  }, 40_000);

  it('re-runs an interrupted trial whose re-run was created but whose reply was lost (the general ask)', async () => {
    const { dir, tiny, study } = freshStudy();
    const first = join(dir, 'first.log');
    // a worker stopped by SIGTERM in the middle of its first trial leaves it interrupted
    const stopped = hypertune(['run', 'space.yaml', '--storage', POSTGRES ?? '', '--study', study, '--trials', '4', '--', SH, tiny], {
      cwd: dir,
      env: { TELL_LOG: first, SLEEP_MS: '60000' },
    });
    await until(() => readLog(first).length > 0, 20_000, 'the first trial to start');
    stopped.kill('SIGTERM');
    await stopped;
    expect((await trialRows(study)).map((row) => row.state)).toEqual(['interrupted']);
    // the next worker's first ask re-runs it (the general ask, not the lock's), and that reply is lost
    await withWorkerBehindRelay(4, 200, { dir, study }, async ({ proxy, log, worker }) => {
      await finishesAfterLostReply(worker, proxy.loseReplyTo(/SELECT hypertune_create_trial\(/));
      const rows = await trialRows(study);
      expect(rows.map((row) => row.state)).toEqual(['interrupted', 'complete', 'complete', 'complete', 'complete']);
      expect(rows[1]?.retry_of).toBe(0);
      expect(readLog(log).filter((line) => line.what === 'start')).toHaveLength(4);
    });
  }, 60_000);

  it('says in one line that the connection was lost while it checked its role, not with an unhandled error event', async () => {
    const { proxy, through } = await relayTo(POSTGRES ?? '');
    try {
      // the privilege check's statement names the functions it asks about: its reply is lost
      const trap = proxy.loseReplyTo(/to_regprocedure/);
      const result = await hypertune(['studies', '--storage', through], { cwd: tempDir() });
      await trap;
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(/^hypertune: cannot connect to PostgreSQL at 127\.0\.0\.1:\d+, database "[^"]+": Connection terminated unexpectedly$/);
    } finally {
      await proxy.close();
    }
  });

  it('runs a queued configuration whose claim committed but whose reply was lost', async () => {
    const { dir, tiny, study } = freshStudy();
    const flags = ['--storage', POSTGRES ?? '', '--study', study];
    const env = { TELL_LOG: join(dir, 'first.log'), SLEEP_MS: '0' };
    expect((await hypertune(['run', 'space.yaml', ...flags, '--trials', '1', '--', SH, tiny], { cwd: dir, env })).exitCode).toBe(0);
    expect((await hypertune(['enqueue', ...flags, 'x=0.25'], { cwd: dir })).exitCode).toBe(0);
    await withWorkerBehindRelay(3, 200, { dir, study }, async ({ proxy, log, worker }) => {
      // the claim's transaction: its update reaches the server, then its COMMIT does and the reply is lost
      await finishesAfterLostReply(worker, proxy.loseReplyTo(/COMMIT/, /state = 'running', params/));
      const rows = await trialRows(study);
      expect(rows.map((row) => row.state)).toEqual(['complete', 'complete', 'complete']);
      expect(rows[1]?.params).toEqual({ x: 0.25 });
      expect(readLog(log).filter((line) => line.what === 'start')).toHaveLength(2);
    });
  }, 60_000);

  it('a server away past the retry window (HYPERTUNE_RECONNECT_WINDOW, 2 minutes by default): the trials it could not record are named, and the last line says it gave up and how to go on', async () => {
    const relayed = await workerBehindRelay(12, 1500, undefined, { HYPERTUNE_RECONNECT_WINDOW: '4s' });
    const { proxy, study, log, worker } = relayed;
    try {
      await until(() => readLog(log).filter((line) => line.what === 'tell').length >= 1, 20_000, 'the first tell');
      await until(() => readLog(log).filter((line) => line.what === 'start').length >= 2, 20_000, 'the second trial');
      await proxy.cut();
      const result = await worker;
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(/lost the connection to PostgreSQL at 127\.0\.0\.1:\d+, database "\w+"; retrying for up to 4 s \(running trials go on\)/);
      expect(result.stdout).toMatch(/trial \d+ ended complete \(loss=[\d.e-]+\) but could not be recorded; its output is in /);
      const last = result.stderr.trim().split('\n').at(-1) ?? '';
      expect(last).toMatch(/^hypertune: PostgreSQL at 127\.0\.0\.1:\d+, database "\w+": connection refused \(is the server running and listening there\?\); still so after (?:[4-9]|[1-5]\d) s of retrying\. /);
      expect(last).toContain(`once the server answers, run the same command again (or \`hypertune resume --study ${study} --storage <url>\`)`);
      expect((await trialRows(study)).filter((row) => row.state === 'complete').length).toBeGreaterThanOrEqual(1);
    } finally {
      worker.kill('SIGKILL');
      await proxy.close();
    }
  }, 60_000);

  it('with HYPERTUNE_RECONNECT_WINDOW, a worker that starts while the server is away waits for it, and runs once it answers; without, it stops at once', async () => {
    const { dir, tiny, study } = freshStudy();
    const { proxy, through } = await relayTo(POSTGRES ?? '');
    await proxy.cut();
    const run = (env: Record<string, string>) =>
      hypertune(['run', 'space.yaml', '--storage', through, '--study', study, '--trials', '2', '--', SH, tiny], { cwd: dir, env: { TELL_LOG: join(dir, 'tells.log'), SLEEP_MS: '0', ...env } });
    try {
      // at a terminal a wrong URL should fail at once, not hang
      const impatient = await run({});
      expect(impatient.exitCode).toBe(1);
      expect(impatient.stderr).toMatch(/^hypertune: cannot connect to PostgreSQL at 127\.0\.0\.1:\d+, database "\w+": connection refused/);
      // a job array's task that starts during a restart
      const patient = run({ HYPERTUNE_RECONNECT_WINDOW: '30s' });
      let said = '';
      patient.stderr?.on('data', (chunk: Buffer) => (said += chunk.toString()));
      await until(() => said.includes('retrying up to 30 s'), 15_000, 'the worker to say it waits');
      await proxy.restore();
      const result = await patient;
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/Done: 2 of 2 trials finished \(2 complete/);
    } finally {
      await proxy.close();
    }
  }, 60_000);

  it('refuses a HYPERTUNE_RECONNECT_WINDOW that is no duration, naming it (exit 2)', async () => {
    const { dir } = freshStudy();
    const bad = await hypertune(['summary', '--storage', POSTGRES ?? '', '--study', 'any'], { cwd: dir, env: { HYPERTUNE_RECONNECT_WINDOW: 'soon' } });
    expect([bad.exitCode, bad.stderr.trim()]).toEqual([2, 'hypertune: HYPERTUNE_RECONNECT_WINDOW: expected a duration like 10m, 90s or a number of seconds, got "soon"']);
  });
});
