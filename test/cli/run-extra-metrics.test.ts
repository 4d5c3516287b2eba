import { describe, expect, it } from 'vitest';
import { hypertune, SH, summaryJson, tempDir, writeFile } from './helpers/hypertune.js';

// prints its epochs as key=value and a JSON line, then a closing accuracy; trial 1 prints no f1
const PROGRAM = `x=$HP_X
loss=$(awk -v x="$x" 'BEGIN { printf "%.6f", (x - 0.3) ^ 2 }')
echo "epoch 1 train_loss=0.9 val_loss=$loss accuracy=0.5"
echo "{\\"epoch\\": 2, \\"val_loss\\": $loss, \\"accuracy\\": 0.6}"
[ "$HYPERTUNE_TRIAL_ID" = 1 ] || echo "test f1=0.75"
`;

// Each test its own folder or study, none racing a clock: they run side by side (describe.concurrent).
describe.concurrent('extra metrics: recorded beside the result, shown, never optimized', () => {
  it('records each extra metric\'s last value, in summary (table, JSON, CSV) and show, and keeps them on resume', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'metric: val_loss\nextra_metrics: [accuracy, f1]\nparams:\n  x: uniform(-1, 1)\n');
    const program = writeFile(dir, 'train.sh', PROGRAM);
    const run = await hypertune(['run', 'space.yaml', '--trials', '2', '--algo', 'random', '--seed', '1', '--', SH, program], { cwd: dir });
    expect(run.exitCode, run.stderr).toBe(0);
    // each trial's line says them beside the metric
    expect(run.stdout).toMatch(/trial 0 {2}complete {2}val_loss=[\d.]+ {2}accuracy=0\.6 {2}f1=0\.75 {2}x=/);
    expect(run.stdout).toMatch(/trial 1 {2}complete {2}val_loss=[\d.]+ {2}accuracy=0\.6 {2}x=/);
    // a declared name a complete trial did not print is said once (a misspelt one would be silent)
    expect(run.stdout).toContain('trial 1 printed no value of the extra metric "f1" (it did of accuracy): a name is read as the program prints it');
    const resumed = await hypertune(['resume', '--trials', '3'], { cwd: dir });
    expect(resumed.exitCode, resumed.stderr).toBe(0);

    const summary = (await summaryJson(dir)) as Awaited<ReturnType<typeof summaryJson>> & { trials: Array<{ extras?: Record<string, number> }> };
    expect(summary.trials.map((trial) => trial.extras)).toEqual([{ accuracy: 0.6, f1: 0.75 }, { accuracy: 0.6 }, { accuracy: 0.6, f1: 0.75 }]);
    // the metric is still the result: the extras change nothing of what is ranked
    expect(summary.trials.every((trial) => trial.value === trial.intermediate.at(-1))).toBe(true);
    const table = await hypertune(['summary'], { cwd: dir });
    expect(table.stdout).toMatch(/│ trial │ val_loss\s+│ accuracy │ f1\s+│ x\s+│/);
    const csv = (await hypertune(['summary', '--format', 'csv'], { cwd: dir })).stdout.split('\n');
    expect(csv[0]).toBe('id,state,val_loss,accuracy,f1,duration_s,exit_code,startup,sampler,stopped_at_step,x,error');
    expect(csv[2]).toMatch(/^1,complete,[\d.]+,0\.6,,/);
    const show = await hypertune(['show', '0'], { cwd: dir });
    expect(show.stdout).toMatch(/\n {2}accuracy {4}0\.6 \(printed with the result\)\n {2}f1 {10}0\.75 \(printed with the result\)\n/);
  });

  it('refuses --extra-metrics naming the study metric, or no name, with exit code 2', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'metric: val_loss\nparams:\n  x: uniform(-1, 1)\n');
    const same = await hypertune(['run', 'space.yaml', '--extra-metrics', 'accuracy,val_loss', '--', SH, '-c', 'true'], { cwd: dir });
    expect(same.exitCode).toBe(2);
    expect(same.stderr.trim()).toBe("hypertune: --extra-metrics: val_loss is the study's metric already; list each other metric to record once");
    const empty = await hypertune(['run', 'space.yaml', '--extra-metrics', 'a,,b', '--', SH, '-c', 'true'], { cwd: dir });
    expect(empty.exitCode).toBe(2);
    expect(empty.stderr).toContain('expected metric names separated by commas, like accuracy,train_loss, got "a,,b"');
  });

  it('takes them from job scripts: tell --extra NAME=VALUE, or read by tell --log as run reads them', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'metric: val_loss\nparams:\n  x: uniform(-1, 1)\n');
    const where = ['--study', 'jobs'];
    expect((await hypertune(['create', 'space.yaml', ...where, '--trials', '2', '--extra-metrics', 'accuracy'], { cwd: dir })).exitCode).toBe(0);
    const ids = [];
    for (let i = 0; i < 2; i += 1) ids.push((JSON.parse((await hypertune(['ask', ...where], { cwd: dir })).stdout) as { id: number }).id);
    const told = await hypertune(['tell', ...where, String(ids[0]), '0.3', '--extra', 'accuracy=0.91', '--extra', 'f1=0.8'], { cwd: dir });
    expect(told.exitCode, told.stderr).toBe(0);
    writeFile(dir, 'job.log', 'epoch 1 val_loss=0.5 accuracy=0.7\nepoch 2 val_loss=0.4 accuracy=0.75\n');
    expect((await hypertune(['tell', ...where, String(ids[1]), '--log', 'job.log'], { cwd: dir })).exitCode).toBe(0);
    const summary = (await summaryJson(dir, where)) as Awaited<ReturnType<typeof summaryJson>> & { trials: Array<{ extras?: Record<string, number> }> };
    expect(summary.trials.map((trial) => [trial.value, trial.extras])).toEqual([
      [0.3, { accuracy: 0.91, f1: 0.8 }],
      [0.4, { accuracy: 0.75 }],
    ]);
    const bad = await hypertune(['tell', ...where, '0', '0.3', '--extra', 'accuracy'], { cwd: dir });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('expected NAME=VALUE with a finite number, like accuracy=0.91, got "accuracy"');
    // the help showed '(default: {})', the accumulator's start, after --extra (a docs audit)
    expect((await hypertune(['tell', '--help'], { cwd: dir })).stdout).not.toContain('(default: {})');
  });

  it('add --from reads them back from a summary export (CSV columns, JSON extras) into a study that records them, and notes no column of theirs as left out', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'metric: val_loss\nextra_metrics: [accuracy, f1]\nparams:\n  x: uniform(-1, 1)\n');
    const program = writeFile(dir, 'train.sh', PROGRAM);
    expect((await hypertune(['run', 'space.yaml', '--study', 'a', '--trials', '2', '--algo', 'random', '--seed', '1', '--', SH, program], { cwd: dir })).exitCode).toBe(0);
    for (const format of ['csv', 'json']) {
      writeFile(dir, `a.${format}`, (await hypertune(['summary', '--study', 'a', '--format', format], { cwd: dir })).stdout);
      expect((await hypertune(['create', 'space.yaml', '--study', format], { cwd: dir })).exitCode).toBe(0);
      const added = await hypertune(['add', '--study', format, '--from', `a.${format}`], { cwd: dir });
      expect(added.exitCode, added.stderr).toBe(0);
      expect(added.stderr).not.toContain('accuracy');
      const summary = (await summaryJson(dir, ['--study', format])) as Awaited<ReturnType<typeof summaryJson>> & { trials: Array<{ extras?: Record<string, number> }> };
      expect(summary.trials.map((trial) => trial.extras)).toEqual([{ accuracy: 0.6, f1: 0.75 }, { accuracy: 0.6 }]);
    }
  });
});
