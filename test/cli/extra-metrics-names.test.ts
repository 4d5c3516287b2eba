import { describe, expect, it } from 'vitest';
import { hypertune, SH, tempDir, writeFile } from './helpers/hypertune.js';

// LightGBM's evaluation lines (a metric's name holds a space); trial 0 stops before its closing f1 line
const PROGRAM = `printf "[1]\\tvalid_0's auc: 0.71\\tvalid_0's binary_logloss: 0.52\\n"
printf "[2]\\tvalid_0's auc: 0.74\\tvalid_0's binary_logloss: 0.49\\n"
[ "$HYPERTUNE_TRIAL_ID" = 0 ] || echo "test f1=0.66"
`;

describe('extra metrics: names as programs print them, columns in the order given', () => {
  it("reads LightGBM's valid_0's auc (a name with a space) and keeps the study's order though trial 0 printed no f1", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', `metric: "valid_0's binary_logloss"\nextra_metrics: [f1, "valid_0's auc"]\nparams:\n  x: uniform(-1, 1)\n`);
    const program = writeFile(dir, 'train.sh', PROGRAM);
    const run = await hypertune(['run', 'space.yaml', '--trials', '2', '--algo', 'random', '--seed', '1', '--', SH, program], { cwd: dir });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/trial 1 {2}complete {2}valid_0's binary_logloss=0\.49 {2}f1=0\.66 {2}valid_0's auc=0\.74 {2}x=/);
    // the columns were in the order first seen: trial 0's valid_0's auc, then f1
    const csv = (await hypertune(['summary', '--format', 'csv'], { cwd: dir })).stdout.split('\n');
    expect(csv[0]).toBe("id,state,valid_0's binary_logloss,f1,valid_0's auc,duration_s,exit_code,startup,sampler,stopped_at_step,x,error");
    expect(csv[1]).toMatch(/^0,complete,0\.49,,0\.74,/);
    expect((await hypertune(['summary'], { cwd: dir })).stdout).toMatch(/│ trial │ valid_0's binary_logloss │ f1\s+│ valid_0's auc │ x\s+│/);
    // the dry run names them too, as check does
    const dry = await hypertune(['run', 'space.yaml', '--study', 'other', '--dry-run', '--', SH, program], { cwd: dir });
    expect(dry.stdout).toContain("Also recorded, read the same way, never optimized: f1, valid_0's auc (each one's value with the result: its last, or the chosen epoch's under objective min or max).");
  });

  it('names an extra metric extra.<name> where a parameter has its name (the lr a scheduler printed last, beside the lr tuned), on the trial line and in the table', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'extra_metrics: [lr]\nparams:\n  lr: uniform(0.001, 0.1)\n');
    const run = await hypertune(['run', 'space.yaml', '--trials', '1', '--algo', 'random', '--seed', '1', '--', SH, '-c', 'echo "epoch 1 lr=0.5 loss=0.25"'], { cwd: dir });
    expect(run.exitCode, run.stderr).toBe(0);
    // both said lr=, the printed one first
    expect(run.stdout).toMatch(/trial 0 {2}complete {2}loss=0\.25 {2}extra\.lr=0\.5 {2}lr=0\.0/);
    expect((await hypertune(['summary'], { cwd: dir })).stdout).toMatch(/│ trial │ loss\s+│ extra\.lr │ lr\s+│ duration │/);
  });

  it('takes a name with a space in --extra-metrics and tell --extra; still refuses an empty one', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'metric: val loss\nparams:\n  x: uniform(-1, 1)\n');
    const where = ['--study', 'jobs'];
    const made = await hypertune(['create', 'space.yaml', ...where, '--extra-metrics', 'train loss, acc'], { cwd: dir });
    expect(made.exitCode, made.stderr).toBe(0);
    const id = (JSON.parse((await hypertune(['ask', ...where], { cwd: dir })).stdout) as { id: number }).id;
    writeFile(dir, 'job.log', 'step 100: train loss 4.1234, val loss 4.2345\nstep 200: train loss 3.5, val loss 3.75\n');
    const told = await hypertune(['tell', ...where, String(id), '--log', 'job.log', '--extra', 'acc=0.5', '--extra', 'val acc = 0.25'], { cwd: dir });
    expect(told.exitCode, told.stderr).toBe(0);
    const csv = (await hypertune(['summary', ...where, '--format', 'csv'], { cwd: dir })).stdout.split('\n');
    expect(csv[0]).toBe('id,state,val loss,train loss,acc,val acc,duration_s,exit_code,startup,sampler,stopped_at_step,x,error');
    expect(csv[1]).toMatch(/^0,complete,3\.75,3\.5,0\.5,0\.25,/);
    const empty = await hypertune(['tell', ...where, String(id), '0.3', '--extra', ' =0.5'], { cwd: dir });
    expect(empty.exitCode).toBe(2);
    // an epoch's report with --extra printed 'continue' and dropped the extra metric
    const next = (JSON.parse((await hypertune(['ask', ...where], { cwd: dir })).stdout) as { id: number }).id;
    const step = await hypertune(['tell', ...where, String(next), '0.3', '--step', '1', '--extra', 'acc=0.5'], { cwd: dir });
    expect([step.exitCode, step.stdout]).toEqual([2, '']);
    expect(step.stderr).toContain("--extra is recorded with the trial's result: give it to the tell that finishes the trial");
  });
});
