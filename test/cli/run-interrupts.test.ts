import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { NODE, QUADRATIC_SPACE, hypertune, program, readLines, summaryJson, tempDir, writeFile, SH } from './helpers/hypertune.js';

const quadratic = program('loop-quadratic.sh');

/** Waits until the trials' log holds `count` lines starting with `what`. */
async function waitForLog(path: string, what: 'start' | 'end', count: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (readLines(path).filter((line) => line.startsWith(`${what} `)).length >= count) return;
    await sleep(25);
  }
  throw new Error(`timed out waiting for ${count} "${what}" lines in ${path}`);
}

/** A study of `trials` quadratic trials of `sleepMs` each, started, once its first trial runs. */
async function startedStudy(trials: number, sleepMs: number, gate?: string): Promise<{ dir: string; tuner: ReturnType<typeof hypertune> }> {
  const dir = tempDir();
  const log = join(dir, 'trials.log');
  writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
  const env = { LOOP_SLEEP_MS: String(sleepMs), LOOP_LOG: log, ...(gate === undefined ? {} : { LOOP_GATE: join(dir, gate) }) };
  const tuner = hypertune(['run', 'space.yaml', '--trials', String(trials), '--', SH, quadratic], { cwd: dir, env });
  await waitForLog(log, 'start', 1);
  return { dir, tuner };
}

// This test races its SIGTERMs (the trial's group, then 50 ms later the tuner): it runs first, alone.
describe('interrupting a study and its trial at once', () => {
  it('a trial stopped by the same SIGTERM as the tuner (a scheduler ending the job) is interrupted, not failed', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const pidsOf = async (file: string): Promise<number> => {
      for (let i = 0; i < 400; i++) {
        const line = readLines(file).find((l) => l.startsWith('pids '));
        if (line !== undefined) return Number(line.split(' ')[1]);
        await sleep(25);
      }
      throw new Error(`no pids in ${file}`);
    };
    // the job ends: SIGTERM to the trial's group, and 50 ms later to the tuner
    const ending = join(dir, 'ending.log');
    const tuner = hypertune(['run', 'space.yaml', '--study', 'ending', '--trials', '2', '--', NODE, program('records-pids.mjs')], { cwd: dir, env: { PIDS_FILE: ending } });
    process.kill(-(await pidsOf(ending)), 'SIGTERM');
    await sleep(50);
    tuner.kill('SIGTERM');
    expect((await tuner).exitCode).toBe(130);
    const ended = (await summaryJson(dir, ['--study', 'ending'])).trials;
    expect(ended.map((t) => t.state)).toEqual(['interrupted']);
    // the trial alone stopped, by someone else: its failure
    const alone = join(dir, 'alone.log');
    const single = hypertune(['run', 'space.yaml', '--study', 'alone', '--trials', '1', '--', NODE, program('records-pids.mjs')], { cwd: dir, env: { PIDS_FILE: alone } });
    process.kill(-(await pidsOf(alone)), 'SIGTERM');
    expect((await single).exitCode).toBe(1);
    expect((await summaryJson(dir, ['--study', 'alone'])).trials[0]).toMatchObject({ state: 'failed', exit_code: 143 });
  });
});

// The tests below wait on their own tuners, each its own folder, with margins of 0.5 s or more between
// a signal and what it must land before: they run side by side (describe.concurrent).
describe.concurrent('a study whose tuner was killed', () => {
  it('summary notes the trial still marked running, whose tuner is gone, and how to run it again', async () => {
    const { dir, tuner } = await startedStudy(2, 20000);
    tuner.kill('SIGKILL');
    await tuner;
    const summary = await hypertune(['summary'], { cwd: dir });
    expect(summary.exitCode).toBe(0);
    expect(summary.stderr).toMatch(/^hypertune: note: trial 0 is marked running, but the tuner that ran it \(\S+:\d+\) is gone: `hypertune resume --study space` runs it again$/);
    expect((await hypertune(['show', '0'], { cwd: dir })).stderr).toBe(summary.stderr);
  });
});

describe.concurrent('a study another process runs', () => {
  it('refuses run and resume without changing its target, time budget or stop rule', async () => {
    // the trials end when the test opens their gate: with trials of 1.5 s, then 3 s, the first run had
    // ended before the resume on a loaded CI machine, which then had nothing to refuse (exit 0)
    const { dir, tuner } = await startedStudy(2, 0, 'gate');
    const journal = join(dir, '.hypertune', 'space', 'journal.jsonl');
    const before = readFileSync(journal, 'utf8');
    const again = await hypertune(['run', 'space.yaml', '--trials', '50', '--time-budget', '1m', '--patience', '3', '--', SH, quadratic], { cwd: dir });
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toMatch(/^hypertune: study "space" is being run by pid \d+/);
    // what a second worker (a job array's task) needs to hear: one run with --parallel, or PostgreSQL
    expect(again.stderr).toMatch(/A study in a journal folder has one run at a time: --parallel N runs N of its trials at once; for several workers \(processes, jobs, machines\) on one study, keep it in PostgreSQL \(--storage\)$/);
    const resumed = await hypertune(['resume', '--trials', '1', '--time-budget', '2m'], { cwd: dir });
    expect(resumed.exitCode).toBe(1);
    expect(readFileSync(journal, 'utf8').slice(before.length)).not.toMatch(/target_changed|budget_changed|stop_changed/);
    writeFile(dir, 'gate', '');
    const first = await tuner;
    expect(first.exitCode).toBe(0);
    const summary = await summaryJson(dir);
    expect(summary.trials).toHaveLength(2);
    expect(first.stdout).toContain("Done: 2 of 2 trials finished");
  });
});

describe.concurrent('interrupting a study', () => {
  it('a SIGHUP (the terminal closed) stops the running trial, records it interrupted and exits 130', async () => {
    const { dir, tuner } = await startedStudy(2, 20000);
    tuner.kill('SIGHUP');
    const result = await tuner;
    expect(result.exitCode).toBe(130);
    expect((await summaryJson(dir)).counts).toMatchObject({ complete: 0, interrupted: 1, running: 0 });
  });

  it('a SIGTERM to the tuner gives the running trial SIGTERM and the grace to save a checkpoint, not SIGKILL at once', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const checkpoint = join(dir, 'checkpoint');
    const tuner = hypertune(['run', 'space.yaml', '--trials', '2', '--', NODE, program('saves-on-sigterm.mjs')], { cwd: dir, env: { CHECKPOINT: checkpoint } });
    for (let i = 0; i < 400 && readLines(`${checkpoint}.ready`).length === 0; i++) await sleep(25);
    tuner.kill('SIGTERM');
    const result = await tuner;
    expect(result.exitCode).toBe(130);
    expect(readFileSync(checkpoint, 'utf8')).toBe('saved\n');
    const trial = (await summaryJson(dir)).trials[0];
    expect(trial).toMatchObject({ state: 'interrupted', error: 'interrupted: stopped on request (SIGTERM)' });
  });

  it("the trial a resume runs again is told which it repeats and where that one's folder is, for its checkpoint (a user audit: every preemption restarted at epoch 0)", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const log = join(dir, 'resume.log');
    const command = ['--', SH, program('resumes-checkpoint.sh')];
    const tuner = hypertune(['run', 'space.yaml', '--trials', '1', ...command], { cwd: dir, env: { RESUME_LOG: log } });
    for (let i = 0; i < 400 && !readLines(log).some((line) => line.startsWith('ready')); i++) await sleep(25);
    tuner.kill('SIGTERM');
    expect((await tuner).exitCode).toBe(130);
    const resumed = await hypertune(['resume'], { cwd: dir, env: { RESUME_LOG: log } });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(readLines(log)).toEqual(['fresh trial 0 retry_of=none', 'ready 0', `resumed trial 1 of 0 from epoch 3`]);
    expect((await summaryJson(dir)).trials.map((t) => [t.id, t.state, t.retry_of ?? null])).toEqual([[0, 'interrupted', null], [1, 'complete', 0]]);
  });

  it('first Ctrl-C lets the running trial finish, exits 130, and resume completes the study', async () => {
    const dir = tempDir();
    const log = join(dir, 'trials.log');
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const tuner = hypertune(['run', 'space.yaml', '--trials', '3', '--', SH, quadratic], {
      cwd: dir,
      env: { LOOP_SLEEP_MS: '700', LOOP_LOG: log },
    });
    await waitForLog(log, 'start', 1);
    tuner.kill('SIGINT');
    const result = await tuner;
    expect(result.exitCode).toBe(130);
    expect(result.stdout).toContain('Ctrl-C: no new trials; waiting for the running ones to finish');
    expect(result.stdout).toMatch(/^trial 0 {2}complete/m);
    expect(result.stdout).toContain('Interrupted: 1 of 3 trials finished');
    expect(result.stdout).toContain('hypertune resume --study space');
    expect(result.stderr).toContain('hypertune: interrupted');
    expect((await summaryJson(dir)).counts).toEqual({ complete: 1, failed: 0, pruned: 0, running: 0, interrupted: 0, queued: 0 });

    const resumed = await hypertune(['resume'], { cwd: dir, env: { LOOP_SLEEP_MS: '0' } });
    expect(resumed.exitCode).toBe(0);
    expect(resumed.stdout).toContain('Done: 3 of 3 trials finished (3 complete, 0 failed)');
    expect((await summaryJson(dir)).trials.map((t) => t.id)).toEqual([0, 1, 2]);
  });

  it('a second Ctrl-C kills the running trial; resume re-runs it first with the same parameters', async () => {
    const dir = tempDir();
    const log = join(dir, 'trials.log');
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const tuner = hypertune(['run', 'space.yaml', '--trials', '2', '--', SH, quadratic], {
      cwd: dir,
      env: { LOOP_SLEEP_MS: '20000', LOOP_LOG: log },
    });
    await waitForLog(log, 'start', 1);
    tuner.kill('SIGINT');
    await sleep(150);
    tuner.kill('SIGINT');
    const result = await tuner;
    expect(result.exitCode).toBe(130);
    expect(result.stdout).toMatch(/^trial 0 {2}interrupted/m);
    const before = await summaryJson(dir);
    expect(before.counts).toEqual({ complete: 0, failed: 0, pruned: 0, running: 0, interrupted: 1, queued: 0 });

    const resumed = await hypertune(['resume', '--study', 'space'], { cwd: dir, env: { LOOP_SLEEP_MS: '0' } });
    expect(resumed.exitCode).toBe(0);
    const after = await summaryJson(dir);
    expect(after.counts).toEqual({ complete: 2, failed: 0, pruned: 0, running: 0, interrupted: 1, queued: 0 });
    expect(after.trials[1]?.params).toEqual(before.trials[0]?.params);
  });

  it('kill -9 loses no finished trial, and resume reaches the target exactly', async () => {
    const dir = tempDir();
    const log = join(dir, 'trials.log');
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const tuner = hypertune(['run', 'space.yaml', '--trials', '6', '--parallel', '2', '--', SH, quadratic], {
      cwd: dir,
      env: { LOOP_SLEEP_MS: '200', LOOP_LOG: log },
    });
    await waitForLog(log, 'end', 3);
    tuner.kill('SIGKILL');
    await tuner;
    const before = await summaryJson(dir);
    const finishedBefore = before.trials.filter((t) => t.state === 'complete');
    expect(finishedBefore.length).toBeGreaterThanOrEqual(2);

    const resumed = await hypertune(['resume'], { cwd: dir, env: { LOOP_SLEEP_MS: '0' } });
    expect(resumed.exitCode).toBe(0);
    const after = await summaryJson(dir);
    expect(after.counts.complete + after.counts.failed).toBe(6);
    expect(after.counts.running).toBe(0);
    for (const trial of finishedBefore) expect(after.trials.find((t) => t.id === trial.id)).toEqual(trial);
    // every trial left running by the dead tuner is interrupted and was run again with its parameters
    const leftRunning = before.trials.filter((t) => t.state === 'running');
    for (const trial of leftRunning) {
      expect(after.trials.find((t) => t.id === trial.id)?.state).toBe('interrupted');
      expect(after.trials.some((t) => t.id > trial.id && t.state === 'complete' && JSON.stringify(t.params) === JSON.stringify(trial.params))).toBe(true);
    }
    const ids = after.trials.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
