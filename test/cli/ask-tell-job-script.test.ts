// The job script of docs/steering.md ("Trials that are jobs"), run as Slurm runs it, without Slurm:
// bash with the script's own words, and at its end the SIGTERM a time limit, scancel or a preemption
// sends to every process of the job (the batch shell and the training).
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN, NODE, hypertune, summaryJson, tempDir, writeFile } from './helpers/hypertune.js';

const root = join(import.meta.dirname, '..', '..');

/** The docs' `train-job.sh`, on a journal study in `dir`, with `training` for its `python train.py ...`. */
function jobScript(training: string): string {
  const doc = readFileSync(join(root, 'docs', 'steering.md'), 'utf8');
  const block = /`train-job\.sh`, submitted as a job array[^\n]*\n\n```bash\n([\s\S]*?)```/.exec(doc)?.[1];
  if (block === undefined) throw new Error('no train-job.sh in docs/steering.md');
  const python = 'python train.py --lr "$HP_LR" --optimizer "$HP_OPTIMIZER"';
  if (!block.includes(python)) throw new Error(`docs/steering.md's train-job.sh runs no \`${python}\``);
  return block.replace(/^export HYPERTUNE_STORAGE=.*$/m, 'export HYPERTUNE_STORAGE=').replace(python, training);
}

/** A folder with a study `sweep` made by `create`, the docs' script as train-job.sh, and `hypertune` on PATH. */
async function jobFolder(training: string): Promise<{ dir: string; path: string }> {
  const dir = tempDir();
  writeFile(dir, 'space.yaml', 'metric: loss\nparams:\n  lr: loguniform(1e-4, 1)\n  optimizer: choice(sgd, adam)\n');
  writeFile(dir, 'train-job.sh', jobScript(training));
  chmodSync(writeFile(dir, 'hypertune', `#!/bin/sh\nexec "${NODE}" "${BIN}" "$@"\n`), 0o755);
  const created = await hypertune(['create', 'space.yaml', '--study', 'sweep', '--trials', '2'], { cwd: dir });
  expect(created.exitCode, created.stderr).toBe(0);
  return { dir, path: `${dir}:${process.env['PATH'] ?? ''}` };
}

describe('the job script of docs/steering.md', () => {
  it('hands back the trial of a job that gets SIGTERM (time limit, scancel, preemption), and the next job runs it again and tells its result', async () => {
    // a training that dies of SIGTERM, as a Python program without a handler does (exit 143); run
    // again, it ends at once
    const { dir, path } = await jobFolder(`sh -c 'echo "loss=0.5"; [ -e started ] && exit 0; touch started; exec sleep 1000'`);
    const job = execa('bash', ['train-job.sh'], { cwd: dir, env: { PATH: path }, reject: false, detached: true, stdin: 'ignore' });
    for (let i = 0; i < 400 && !existsSync(join(dir, 'started')); i++) await sleep(25);
    // Slurm signals every process of the job: the batch shell and the training, one process group here
    process.kill(-(job.pid ?? 0), 'SIGTERM');
    const ended = await job;
    expect(ended.exitCode, ended.stderr).toBe(143);
    // before, `set -e` ended the trap at its `kill` (the training already gone) or its `wait` (the
    // training's 143), so no tell ran: the trial stayed running until its lease ran out, forever without one
    expect((await summaryJson(dir, ['--study', 'sweep'])).trials.map((t) => t.state)).toEqual(['interrupted']);

    const next = await execa('bash', ['train-job.sh'], { cwd: dir, env: { PATH: path }, reject: false, stdin: 'ignore' });
    expect(next.exitCode, next.stderr).toBe(0);
    expect(next.stderr).toContain('a re-run of interrupted trial 0');
    const trials = (await summaryJson(dir, ['--study', 'sweep'])).trials;
    expect(trials.map((t) => [t.state, t.value])).toEqual([['interrupted', null], ['complete', 0.5]]);
  });
});
