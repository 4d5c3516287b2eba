import { existsSync, writeFileSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { NODE, QUADRATIC_SPACE, hypertune, program, summaryJson, tempDir, writeFile, SH } from './helpers/hypertune.js';
import { isAlive } from '../helpers/processes.js';

// Its tests run at once (concurrent): each has its own folder and mostly waits on its
// programs; one after the other they took 6 s of the suite.
describe.concurrent('failing trials', () => {
  it('records a failing program as a failed trial with its exit code and stderr, and goes on', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const result = await hypertune(['run', 'space.yaml', '--trials', '2', '--', NODE, program('writes-stderr-then-fails.mjs')], { cwd: dir });
    expect(result.stdout.match(/^trial \d {2}failed/gm)).toHaveLength(2);
    expect(result.stdout).toContain('Done: 2 of 2 trials finished (0 complete, 2 failed)');
    // no trial completed: exit 1, so that a script or CI job does not carry on as if it had worked
    expect(result.exitCode).toBe(1);
    // the program's last stderr line says why, on the trial's line and in the last message
    expect(result.stdout).toMatch(/^trial 1 {2}failed .* - exited with code 3: ValueError: bad hyperparameter$/m);
    expect(result.stderr).toBe('hypertune: no trial completed: 2 failed, the last (trial 1): exited with code 3: ValueError: bad hyperparameter; see `hypertune show 1 --study space --output`');
    // more of the same budget would fail the same way: the run points to the failure, not to a resume
    expect(result.stdout).toContain('See why the trials failed with:\n  hypertune show 1 --study space --output');
    expect(result.stdout).not.toMatch(/Raise the budget|Go on with/);
    const summary = await summaryJson(dir);
    expect(summary.best).toBeNull();
    expect(summary.trials[0]).toMatchObject({ state: 'failed', exit_code: 3, value: null });
    expect(summary.trials[0]?.error).toContain('ValueError: bad hyperparameter');
    expect(summary.trials[0]?.error).toContain('stderr line 30');
    expect(summary.trials[0]?.error).not.toContain('stderr line 5\n');
  });

  it('fails a trial that prints no metric, saying which pattern it looked for', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const result = await hypertune(['run', 'space.yaml', '--trials', '1', '--', NODE, program('prints-nothing.mjs')], { cwd: dir });
    expect(result.exitCode).toBe(1);
    const summary = await summaryJson(dir);
    expect(summary.trials[0]?.state).toBe('failed');
    expect(summary.trials[0]?.error).toContain('"loss: <number>"');
  });

  it("records a trial failed whose program printed hyperopt's {'loss': ..., 'status': 'fail'}, and goes on", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    // x above 0: a failure reported as a hyperopt objective returns it, exit code 0
    writeFile(dir, 'objective.sh', `if awk -v x="$HP_X" 'BEGIN { exit !(x > 0) }'; then echo "{'loss': 999.0, 'status': 'fail'}"; else echo "{'loss': 0.5, 'status': 'ok'}"; fi\n`);
    const result = await hypertune(['run', 'space.yaml', '--trials', '6', '--seed', '1', '--', SH, 'objective.sh'], { cwd: dir });
    const summary = await summaryJson(dir);
    const failed = summary.trials.filter((t) => t.state === 'failed');
    expect(failed.length, result.stdout).toBeGreaterThan(0);
    expect(summary.trials).toHaveLength(6);
    for (const trial of summary.trials) expect(trial.state).toBe(Number(trial.params['x']) > 0 ? 'failed' : 'complete');
    expect(failed[0]?.value).toBeNull();
    expect(failed[0]?.error).toBe(`the program reported status "fail" (line 1: {'loss': 999.0, 'status': 'fail'})`);
  });

  it('kills a trial past --trial-timeout with its grandchildren, and records the timeout', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const result = await hypertune(
      ['run', 'space.yaml', '--trials', '1', '--trial-timeout', '2', '--kill-grace', '0.5', '--verbose', '--', NODE, program('spawns-grandchild.mjs')],
      { cwd: dir },
    );
    expect(result.exitCode).toBe(1);
    const grandchild = Number(/\[trial 0\] grandchild (\d+)/.exec(result.stdout)?.[1]);
    expect(grandchild).toBeGreaterThan(0);
    // SIGKILL is sent before the run ends, and lands within moments (under load, a few ms after the exit)
    for (let i = 0; i < 40 && isAlive(grandchild); i++) await sleep(25);
    expect(isAlive(grandchild)).toBe(false);
    const trial = (await summaryJson(dir)).trials[0];
    expect(trial?.state).toBe('failed');
    expect(trial?.error).toMatch(/time/i);
  });

  it('stops at once, exit 1, when the command cannot be started, naming it', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const result = await hypertune(['run', 'space.yaml', '--trials', '5', '--parallel', '2', '--', 'no-such-trainer-xyz', '--epochs', '3'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('hypertune: cannot start the command "no-such-trainer-xyz": not found (check the name and PATH); nothing was stored');
    // nothing stored: the corrected command starts the same study (it was refused as a different setup)
    expect(existsSync(join(dir, '.hypertune', 'space'))).toBe(false);
    const fixed = await hypertune(['run', 'space.yaml', '--trials', '1', '--', SH, program('loop-quadratic.sh')], { cwd: dir });
    expect(fixed.exitCode, fixed.stderr).toBe(0);
    const missingScript = await hypertune(['run', 'space.yaml', '--study', 'path', '--', './no-such-script.sh'], { cwd: dir });
    expect([missingScript.exitCode, missingScript.stderr]).toEqual([1, `hypertune: cannot start the command "./no-such-script.sh": there is no such file (${join(dir, 'no-such-script.sh')}); nothing was stored`]);
    // a script that is there, whose #! interpreter is not (a user audit: "not found (check the name and PATH)", and a study left behind)
    writeFileSync(join(dir, 'direct.sh'), '#!/no/such/interpreter\necho loss=1\n', { mode: 0o755 });
    writeFileSync(join(dir, 'by-env.sh'), '#!/usr/bin/env -S no-such-python3 -u\necho loss=1\n', { mode: 0o755 });
    const direct = await hypertune(['run', 'space.yaml', '--study', 'direct', '--', './direct.sh'], { cwd: dir });
    expect([direct.exitCode, direct.stderr]).toEqual([1, 'hypertune: cannot start the command "./direct.sh": its #! interpreter /no/such/interpreter is not there; nothing was stored']);
    const byEnv = await hypertune(['run', 'space.yaml', '--study', 'by-env', '--', './by-env.sh'], { cwd: dir });
    expect(byEnv.stderr).toBe('hypertune: cannot start the command "./by-env.sh": its #! interpreter no-such-python3 (run by /usr/bin/env) is not there; nothing was stored');
    expect(existsSync(join(dir, '.hypertune', 'direct'))).toBe(false);
  });

  it('a study whose first run failed every trial (a wrong script) names how to remove it when the corrected command is refused', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const wrong = await hypertune(['run', 'space.yaml', '--trials', '2', '--', SH, 'no-such-script.sh'], { cwd: dir });
    expect(wrong.exitCode).toBe(1);
    const refused = await hypertune(['run', 'space.yaml', '--trials', '2', '--', SH, program('loop-quadratic.sh')], { cwd: dir });
    expect(refused.exitCode).toBe(2);
    const folder = join(dir, '.hypertune', 'space');
    expect(refused.stderr).toContain(', or, since it has no complete trial, remove it to start it afresh: hypertune remove space --yes.');
    expect((await hypertune(['remove', 'space', '--yes'], { cwd: dir })).exitCode).toBe(0);
    expect(existsSync(folder)).toBe(false);
    expect((await hypertune(['run', 'space.yaml', '--trials', '2', '--', SH, program('loop-quadratic.sh')], { cwd: dir })).exitCode).toBe(0);
    // with a complete trial the study is worth keeping: no removal offered
    const other = await hypertune(['run', 'space.yaml', '--trials', '3', '--', SH, 'no-such-script.sh'], { cwd: dir });
    expect([other.exitCode, other.stderr.includes('remove it')]).toEqual([2, false]);
  });

  it('says in one line that the study folder was removed under it, exit 1, not an internal error', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const tuner = hypertune(['run', 'space.yaml', '--trials', '20', '--', SH, program('loop-quadratic.sh')], { cwd: dir, env: { LOOP_SLEEP_MS: '300' } });
    const journal = join(dir, '.hypertune', 'space', 'journal.jsonl');
    for (let i = 0; i < 200 && !(existsSync(journal) && readFileSync(journal, 'utf8').includes('"trial_finished"')); i++) await sleep(25);
    // moved away in one step (a recursive remove races the tuner's own writes into the folder)
    renameSync(join(dir, '.hypertune', 'space'), join(dir, 'gone'));
    const result = await tuner;
    expect(result.exitCode).toBe(1);
    // whichever the run meets first: a write into the gone folder, or its read of the study before the next ask
    expect(result.stderr).toMatch(
      /^hypertune: (could not \w+ \S+\/\.hypertune\/space\/\S+: it is not there \(was it removed while the study ran\?\) \(ENOENT\)|study "space" was removed \(and perhaps made again\) in \S+\/\.hypertune while this run went on: it stops)$/,
    );
  });

  it('stops after two trials that ran to their end without printing the metric, while no trial has shown it (a user audit: five full runs)', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    writeFile(dir, 'acc.sh', 'echo "epoch 1: acc 0.5 err 2"\n');
    const never = await hypertune(['run', 'space.yaml', '--study', 'never', '--trials', '6', '--', SH, 'acc.sh'], { cwd: dir });
    expect(never.exitCode).toBe(1);
    expect(never.stderr).toMatch(/^hypertune: two trials in a row ran to their end \(exit code 0\) without printing the metric, and no trial had shown a value of it \(--max-failures 0 runs on\); the last: trial 1: no line matched .*; the output has values named acc, err /);
    expect((await summaryJson(dir, ['--study', 'never'])).trials).toHaveLength(2);
    // --max-failures 0 runs on
    await hypertune(['run', 'space.yaml', '--study', 'on', '--trials', '3', '--max-failures', '0', '--', SH, 'acc.sh'], { cwd: dir });
    expect((await summaryJson(dir, ['--study', 'on'])).trials).toHaveLength(3);
    // once a trial has completed, the program prints its metric: a miss is one trial's, counted by --max-failures
    writeFile(dir, 'once.sh', 'if [ -e ran ]; then echo "acc 0.5 err 2"; else touch ran; echo "loss: 1"; fi\n');
    const once = await hypertune(['run', 'space.yaml', '--study', 'once', '--trials', '4', '--', SH, 'once.sh'], { cwd: dir });
    expect(once.stdout).not.toContain('stopping:');
    expect((await summaryJson(dir, ['--study', 'once'])).trials.map((t) => t.state)).toEqual(['complete', 'failed', 'failed', 'failed']);
  });

  /** A study of a program that fails every trial, run with --trials and --max-failures. */
  async function failingStudy(trials: number, maxFailures: number) {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const args = ['run', 'space.yaml', '--trials', String(trials), '--max-failures', String(maxFailures), '--', SH, program('loop-quadratic.sh')];
    return { dir, result: await hypertune(args, { cwd: dir, env: { LOOP_FAIL: '1' } }) };
  }

  it('stops after --max-failures failures in a row and shows the last error, exit 1', async () => {
    const { dir, result } = await failingStudy(10, 2);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^hypertune: 2 trials failed in a row \(--max-failures 2\); the last: trial 1: exited with code 3: cannot train with x=\S+; see `hypertune show 1 --study space --output`$/);
    // the stderr tail is shown once, where the study stops
    expect(result.stdout).toMatch(/^stopping: 2 trials failed in a row[^\n]*\nlast (?:\d+ lines|line) of stderr:\n.*cannot train with x=/m);
    const summary = await summaryJson(dir);
    expect(summary.counts).toEqual({ complete: 0, failed: 2, pruned: 0, running: 0, interrupted: 0, queued: 0 });
  });

  it('at its target, a study stopped on failures offers a higher target, not a resume that does nothing (found by a user audit)', async () => {
    const { dir, result } = await failingStudy(1, 1);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^hypertune: 1 trial failed in a row \(--max-failures 1\)/);
    expect(result.stdout).not.toContain('Go on with:');
    // nothing completed: it points to why, not to a higher target
    expect(result.stdout).toContain('hypertune show 0 --study space --output');
    // a resume at the target says so and starts nothing
    const again = await hypertune(['resume', '--study', 'space'], { cwd: dir, env: { LOOP_FAIL: '1' } });
    expect(again.exitCode).toBe(0);
    expect(again.stdout.trim()).toBe('Study space already has 1 of 1 finished trials; raise the target with --trials N.');
  });
  it('counts a run that printed its metric and then crashed as complete with --accept-exit, stored for resume; without it, says so (a user audit)', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const command = ['--', NODE, program('exits-with.mjs'), '139'];
    const plain = await hypertune(['run', 'space.yaml', '--study', 'plain', '--trials', '1', ...command], { cwd: dir });
    expect(plain.stdout).toMatch(/^trial 0 {2}failed .* - exited with code 139 \(128 \+ SIGSEGV \(segmentation fault\)\); it had printed loss 0\.3 \(if it fails only after its result, --accept-exit 139 counts such runs complete\)$/m);
    const accepted = await hypertune(['run', 'space.yaml', '--study', 'teardown', '--trials', '2', '--accept-exit', '1,139', ...command], { cwd: dir });
    expect(accepted.exitCode, accepted.stderr).toBe(0);
    const resumed = await hypertune(['resume', '--study', 'teardown', '--trials', '3'], { cwd: dir });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    const summary = await summaryJson(dir, ['--study', 'teardown']);
    expect(summary.trials.map((t) => [t.state, t.value, t.exit_code])).toEqual([['complete', 0.3, 139], ['complete', 0.3, 139], ['complete', 0.3, 139]]);
    // none: this run takes no code, the stored ones stay for the next
    const strict = await hypertune(['resume', '--study', 'teardown', '--trials', '4', '--accept-exit', 'none'], { cwd: dir });
    expect(strict.stdout).toMatch(/^trial 3 {2}failed .* - exited with code 139 /m);
    const refused = await hypertune(['run', 'space.yaml', '--accept-exit', '0', ...command], { cwd: dir });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('expected exit codes from 1 to 255, comma-separated (e.g. 1,139), got "0"');
  });
});
