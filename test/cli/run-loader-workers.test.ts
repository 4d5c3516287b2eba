import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { PYTHON, hypertune, program, readLines, stillAlive, summaryJson, tempDir, writeFile } from './helpers/hypertune.js';

// A trainer with data-loader worker processes (PyTorch's DataLoader, num_workers=2) whose workers die on
// a SIGTERM from anyone but their parent. A stop used to SIGTERM the whole process group at once: the
// workers died first and the trainer crashed (`DataLoader worker (pid(s) ...) exited unexpectedly`, exit
// 1) before its own SIGTERM handler could save its checkpoint (a user audit with torch 1.13: 6 of 9
// pruned trials). Now the program gets SIGTERM first, its group once it has exited.
const loader = program('loader-workers.py');
const SPACE = 'metric: loss\nparams:\n  x: uniform(0, 1)\n';
const trialDir = (dir: string, id: number): string => join(dir, '.hypertune', 'space', 'trials', String(id));
const workersOf = (dir: string, id: number): number[] => readFileSync(join(trialDir(dir, id), 'workers'), 'utf8').trim().split(' ').map(Number);

describe.concurrent('stopping a trainer whose data-loader workers die on SIGTERM', () => {
  it('a run stopped for its NaN saves its checkpoint in its SIGTERM handler, and its workers end with it', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    const run = await hypertune(['run', 'space.yaml', '--trials', '1', '--prune', 'median', '--', PYTHON, loader], { cwd: dir, env: { NAN_AT: '2', EPOCHS: '30' } });
    expect(run.exitCode, run.stderr).toBe(1); // its only trial failed
    const [trial] = (await summaryJson(dir)).trials;
    expect(trial).toMatchObject({ state: 'failed', exit_code: 143 });
    expect(trial?.error).toMatch(/^stopped at step 2: the metric was NaN/);
    expect(trial?.error).not.toMatch(/exited unexpectedly/);
    expect(readFileSync(join(trialDir(dir, 0), 'stderr.log'), 'utf8')).toMatch(/^SIGTERM: saved the checkpoint of epoch \d+$/m);
    expect(existsSync(join(trialDir(dir, 0), 'ckpt'))).toBe(true);
    expect(await stillAlive(workersOf(dir, 0))).toEqual([]);
  });

  it('a trial interrupted with the tuner (SIGTERM) leaves its checkpoint, and resume starts from it', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    const stdout = join(trialDir(dir, 0), 'stdout.log');
    const tuner = hypertune(['run', 'space.yaml', '--trials', '1', '--', PYTHON, loader], { cwd: dir, env: { EPOCHS: '12' } });
    for (let i = 0; i < 1200 && !readLines(stdout).includes('epoch 2 loss=0.5'); i++) await sleep(25);
    expect(readLines(stdout)).toContain('epoch 2 loss=0.5');
    tuner.kill('SIGTERM');
    expect((await tuner).exitCode).toBe(130);
    expect(existsSync(join(trialDir(dir, 0), 'ckpt'))).toBe(true);
    expect(await stillAlive(workersOf(dir, 0))).toEqual([]);
    const saved = Number(readFileSync(join(trialDir(dir, 0), 'ckpt'), 'utf8'));
    expect(saved).toBeGreaterThanOrEqual(2);

    const resumed = await hypertune(['resume'], { cwd: dir, env: { EPOCHS: '12' } });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    const trials = (await summaryJson(dir)).trials;
    expect(trials.map((t) => t.state)).toEqual(['interrupted', 'complete']);
    expect(readLines(join(trialDir(dir, 1), 'stdout.log'))[0]).toBe(`resumed at epoch ${saved + 1}`);
  });
});
