// What other commands write into a journal study while a run goes on, or after it reached its target.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { QUADRATIC_SPACE, hypertune, program, readLines, summaryJson, tempDir, writeFile, SH } from './helpers/hypertune.js';

// Its blocks and tests run at once (concurrent): each has its own folder and mostly waits on its
// programs; one after the other they took 8.5 s of the suite.
describe.concurrent('--trials none', () => {
  it("drops the space file's trials: for a time budget alone, and is refused with nothing else to end the study", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', `${QUADRATIC_SPACE}trials: 2\n`);
    const unbounded = await hypertune(['run', 'space.yaml', '--trials', 'none', '--', SH, program('loop-quadratic.sh')], { cwd: dir });
    expect([unbounded.exitCode, unbounded.stderr]).toEqual([2, 'hypertune: --trials none leaves the study no end: give it a --time-budget (or a stop rule: --stop-at, --patience)']);
    const result = await hypertune(['run', 'space.yaml', '--trials', 'none', '--time-budget', '1.5', '--', SH, program('loop-quadratic.sh')], { cwd: dir, env: { LOOP_SLEEP_MS: '100' } });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/over 1\.5s of trial time/);
    expect((await summaryJson(dir)).trials.length).toBeGreaterThan(2);
  });
});

describe.concurrent('hints', () => {
  it('name a --dir other than the default by its absolute path, to be pasted in any folder', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const result = await hypertune(['run', 'space.yaml', '--dir', 'runs', '--trials', '1', '--', SH, program('loop-quadratic.sh')], { cwd: dir });
    expect(result.stdout).toContain(`hypertune resume --study space --dir ${join(dir, 'runs')} --trials 2`);
  });
});

describe.concurrent('a journal study written to by others', () => {
  it('counts results added while a run went on toward its target and in its end report: the run reads them at its next ask', async () => {
    const dir = tempDir();
    const log = join(dir, 'trials.log');
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    // a loss no trial of the run can beat: a start-up point at x = 0.305 once beat 0.0001
    writeFile(dir, 'found.csv', 'x,loss\n0.3,-1\n');
    // trial 0 is held until the add has returned (LOOP_GATE): on a loaded machine an add that took
    // longer than a trial landed after the run's last ask, and the run ran 4 trials
    const gate = join(dir, 'added');
    const run = hypertune(['run', 'space.yaml', '--trials', '3', '--seed', '1', '--', SH, program('loop-quadratic.sh')], { cwd: dir, env: { LOOP_GATE: gate, LOOP_LOG: log } });
    for (let i = 0; i < 400 && readLines(log).length === 0; i++) await sleep(25);
    expect((await hypertune(['add', '--from', 'found.csv'], { cwd: dir })).exitCode).toBe(0);
    writeFile(dir, 'added', '');
    const result = await run;
    expect(result.exitCode, result.stderr).toBe(0);
    // before the run read what others write, it ran its three trials on top: 4 for a target of 3
    expect(result.stdout).toMatch(/^Done: 3 of 3 trials finished \(3 complete, 0 failed\)/m);
    expect(result.stdout).toMatch(/^Best loss: -1 \(trial \d\)$/m);
  });

  it("puts a running trial's output and start in its folder and journal within about a second, not at the next heartbeat", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    // 2.5 s: the checks below take well under a second once the line is out (4 s before)
    writeFile(dir, 'slow.sh', 'echo "epoch 1 loss=0.5"\nsleep 2.5\necho "loss=0.25"\n');
    const run = hypertune(['run', 'space.yaml', '--trials', '1', '--', SH, 'slow.sh'], { cwd: dir });
    const log = join(dir, '.hypertune', 'space', 'trials', '0', 'stdout.log');
    for (let i = 0; i < 320 && !readLines(log).includes('epoch 1 loss=0.5'); i++) await sleep(25);
    // seen while the trial still runs: written before its end, with its start (the output goes to its
    // file a moment before the events' write is on disk: give that write a moment too)
    const journalFile = join(dir, '.hypertune', 'space', 'journal.jsonl');
    for (let i = 0; i < 40 && !readLines(journalFile).some((line) => line.includes('"trial_started"')); i++) await sleep(25);
    const journal = readLines(journalFile);
    expect(readLines(log)).toEqual(['epoch 1 loss=0.5']);
    expect(journal.some((line) => line.includes('"trial_started"'))).toBe(true);
    expect(journal.some((line) => line.includes('"trial_finished"'))).toBe(false);
    expect((await run).exitCode).toBe(0);
  });

  it('resume at the target names the queued configurations that wait, and the target that runs them', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    expect((await hypertune(['run', 'space.yaml', '--trials', '2', '--', SH, program('loop-quadratic.sh')], { cwd: dir })).exitCode).toBe(0);
    expect((await hypertune(['enqueue', 'x=0.5'], { cwd: dir })).exitCode).toBe(0);
    const waiting = await hypertune(['resume'], { cwd: dir });
    expect(waiting.stdout).toContain('Study space already has 2 of 2 finished trials; 1 queued configuration waits: run it with --trials 3.');
    // its last lines name the same target (they said --trials 4, the budget doubled, which runs a proposal too; a user audit)
    expect(waiting.stdout).toMatch(/\n1 queued configuration waits; run it with:\n {2}hypertune resume --study space --trials 3$/);
    expect((await hypertune(['enqueue', 'x=0.25'], { cwd: dir })).exitCode).toBe(0);
    expect((await hypertune(['resume'], { cwd: dir })).stdout).toMatch(/: run them with --trials 4\.\n[^]*\n2 queued configurations wait; run them with:\n {2}hypertune resume --study space --trials 4$/);
    expect((await hypertune(['resume', '--trials', '4'], { cwd: dir })).exitCode).toBe(0);
    expect((await summaryJson(dir)).trials.map((t) => t.params['x'])).toEqual(expect.arrayContaining([0.5, 0.25]));
  });
});
