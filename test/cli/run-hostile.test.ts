import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE, alive, hypertune, program, readLines, summaryJson, tempDir, writeFile } from './helpers/hypertune.js';

const SPACE = 'params:\n  x: uniform(0, 1)\n';
const trialFolder = (dir: string, id: number): string => join(dir, '.hypertune', 'space', 'trials', String(id));

// Programs that treat their output, their signals or their process group in ways a trainer seldom does
// (a hostile-program audit); each test its own folder, none racing a clock.
describe.concurrent('run: odd and hostile programs', () => {
  it("after the tuner's kill -9, stops a process its trial started in a session of its own (it carries the tuner's mark)", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    const pids = join(dir, 'pids');
    // a helper out of the trial's process group (setsid), then a trial that runs on
    writeFile(dir, 'train.sh', `setsid sleep 60 </dev/null >/dev/null 2>&1 &\necho $! >> ${JSON.stringify(pids)}\nsleep 60\n`);
    const tuner = hypertune(['run', 'space.yaml', '--trials', '1', '--', '/bin/sh', 'train.sh'], { cwd: dir });
    for (let i = 0; i < 400 && readLines(pids).length === 0; i++) await new Promise((done) => setTimeout(done, 25));
    const [helper] = readLines(pids).map(Number);
    expect(helper !== undefined && alive(helper)).toBe(true);
    tuner.kill('SIGKILL');
    await tuner;
    for (let i = 0; i < 400 && alive(helper ?? 0); i++) await new Promise((done) => setTimeout(done, 25));
    expect(alive(helper ?? 0)).toBe(false);
  });

  it('keeps the tail of an output of short lines and records the trial (it overflowed the stack)', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    const result = await hypertune(['run', 'space.yaml', '--trials', '1', '--', NODE, program('prints-short-lines.mjs'), '600000'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const [trial] = (await summaryJson(dir)).trials;
    expect(trial?.state).toBe('complete');
    expect(trial?.value).toBe(0.375);
    const kept = readFileSync(join(trialFolder(dir, 0), 'stdout.log'), 'utf8');
    expect(kept).toMatch(/\n\[hypertune: \d+ bytes \(\d+ lines\) dropped here;/);
    expect(kept.endsWith('\n999\n0\nloss=0.375\n')).toBe(true);
  });

  it('says why a command given as a path cannot start: a folder, a script without its executable bit', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    mkdirSync(join(dir, 'train'));
    writeFile(dir, 'train.py', 'print("loss=1")\n');
    const folder = await hypertune(['run', 'space.yaml', '--', './train'], { cwd: dir });
    expect([folder.exitCode, folder.stderr]).toEqual([1, 'hypertune: cannot start the command "./train": it is a folder, not a program; nothing was stored']);
    const script = await hypertune(['run', 'space.yaml', '--', './train.py', '--epochs', '3'], { cwd: dir });
    expect([script.exitCode, script.stderr]).toEqual([
      1,
      'hypertune: cannot start the command "./train.py": it is not executable: chmod +x it, or start it through its interpreter (python3 ./train.py); nothing was stored',
    ]);
    expect(existsSync(join(dir, '.hypertune', 'space'))).toBe(false);
  });

  it('says once that a trial left a process outside its process group, which it cannot stop, and goes on', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    const pids = join(dir, 'helpers.pid');
    const run = await hypertune(['run', 'space.yaml', '--trials', '2', '--', NODE, program('leaves-session.mjs'), pids], { cwd: dir });
    const helpers = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
    // out of the tuner's reach by design: the test stops them
    for (const pid of helpers) process.kill(pid, 'SIGKILL');
    expect(run.exitCode, run.stderr).toBe(0);
    expect(helpers).toHaveLength(2);
    expect(run.stdout.match(/left a process running outside its process group/g)).toHaveLength(1);
    expect(run.stdout).toContain('trial 0 left a process running outside its process group (started in a session of its own: a daemon, setsid, start_new_session=True)');
    const summary = await summaryJson(dir);
    expect(summary.trials.map((trial) => [trial.state, trial.value])).toEqual([['complete', 0.25], ['complete', 0.25]]);
  });

  it('refuses, under --cwd trial, a relative script an interpreter is given after its own options', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    const refused = (path: string): string => `hypertune: with --cwd trial each trial runs in its own new folder, where ${path} is not: give its absolute path ("$PWD/${path}")`;
    // python3 -u train.py failed in every trial with "can't open file"
    const unbuffered = await hypertune(['run', 'space.yaml', '--cwd', 'trial', '--dry-run', '--', 'python3', '-u', '-X', 'dev', 'train.py', '--data', 'data/'], { cwd: dir });
    expect([unbuffered.exitCode, unbuffered.stderr]).toEqual([2, refused('train.py')]);
    const required = await hypertune(['run', 'space.yaml', '--cwd', 'trial', '--dry-run', '--', 'node', '--require', '/opt/setup.js', 'train.mjs'], { cwd: dir });
    expect([required.exitCode, required.stderr]).toEqual([2, refused('train.mjs')]);
    // a module run with -m names no script: its words are the module's
    const module = await hypertune(['run', 'space.yaml', '--cwd', 'trial', '--dry-run', '--', 'python3', '-u', '-m', 'pkg.train', 'conf/a.yaml'], { cwd: dir });
    expect([module.exitCode, module.stderr]).toEqual([0, '']);
  });

  it('records a trial whose program removed its own folder, and keeps its output in the folder made again', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    const run = await hypertune(['run', 'space.yaml', '--trials', '2', '--', NODE, program('removes-own-folder.mjs')], { cwd: dir });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    const summary = await summaryJson(dir);
    expect(summary.trials.map((trial) => [trial.state, trial.value])).toEqual([['complete', 0.125], ['complete', 0.125]]);
    expect(readFileSync(join(trialFolder(dir, 1), 'stdout.log'), 'utf8')).toContain('loss=0.125\n');
  });

  it('refuses a space whose text value holds a NUL character (YAML\'s "\\0"), exit 2, naming the line', async () => {
    const dir = tempDir();
    writeFile(dir, 'choice.yaml', 'params:\n  opt: choice("a\\0b", "ok")\n');
    writeFile(dir, 'constant.yaml', 'params:\n  x: uniform(0, 1)\n  opt: "a\\0b"\n');
    const choice = await hypertune(['run', 'choice.yaml', '--trials', '2', '--', NODE, program('prints-loss.mjs')], { cwd: dir });
    expect([choice.exitCode, choice.stderr]).toEqual([2, 'hypertune: choice.yaml:2:8: opt: choice option "a\\u0000b" holds a NUL character, which no argument or environment variable can carry']);
    const constant = await hypertune(['run', 'constant.yaml', '--trials', '1', '--', NODE, program('prints-loss.mjs')], { cwd: dir });
    expect([constant.exitCode, constant.stderr]).toEqual([2, 'hypertune: constant.yaml:3:8: opt: the constant "a\\u0000b" holds a NUL character, which no argument or environment variable can carry']);
    expect(existsSync(join(dir, '.hypertune'))).toBe(false);
  });
});
