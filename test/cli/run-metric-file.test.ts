import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE, PYTHON, hypertune, medianPrunedStudy, program, summaryJson, tempDir, writeFile } from './helpers/hypertune.js';

const writer = program('writes-metrics-csv.mjs');

describe('run --metric-file: the metric read from a file the program writes', () => {
  it('prunes two trials at a time by the rows of their own CSV logs, and resume reads the same file', async () => {
    const dir = tempDir();
    const args = ['--parallel', '2', '--metric-file', '{trial_dir}/metrics.csv'];
    // a row every 80 ms, not 15: the file is looked at every 50 ms, and on a loaded CI machine every
    // trial had written its 8 rows before a decision landed (none pruned)
    const { complete, pruned } = await medianPrunedStudy(dir, args, [NODE, writer, '--log={trial_dir}/metrics.csv'], { EPOCH_MS: '80' });
    for (const trial of complete) {
      expect(trial.steps).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(trial.value).toBe(trial.intermediate[7]);
    }
    for (const trial of pruned) expect(trial.stopped_at_step).toBeLessThan(7);
    // each trial wrote its own log in its own folder
    for (const trial of [...complete, ...pruned]) expect(existsSync(join(dir, '.hypertune', 'space', 'trials', String(trial.id), 'metrics.csv'))).toBe(true);

    const resumed = await hypertune(['resume', '--trials', '10'], { cwd: dir });
    expect(resumed.exitCode).toBe(0);
    const after = await summaryJson(dir);
    expect(after.trials.slice(8).every((t) => t.state !== 'failed' && t.intermediate.length > 0)).toBe(true);
  });
});

// The tests below read files and say what they read, none racing a pruning decision: they run side by
// side (describe.concurrent, each its own folder). The pruning test above runs first, alone.
describe.concurrent('run --metric-file: the metric read from a file the program writes, read and said', () => {
  it('takes metric_file from the space file, relative to the trial folder with --cwd trial, and says so in check and --dry-run', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'metric: val_loss\nmetric_file: metrics.csv\nparams:\n  x: uniform(-1, 1)\n');
    const check = await hypertune(['check', 'space.yaml'], { cwd: dir });
    expect(check.stdout).toContain('file:      metrics.csv (where the metric is read, as the program writes it)');
    const dry = await hypertune(['run', 'space.yaml', '--dry-run', '--', NODE, writer], { cwd: dir });
    expect(dry.stdout).toContain('The result is read from the file metrics.csv as the program writes it');
    expect(dry.stdout).toContain(`  metric file: ${join(dir, 'metrics.csv')}\n`);
    const perTrial = await hypertune(['run', 'space.yaml', '--dry-run', '--cwd', 'trial', '--', NODE, writer], { cwd: dir });
    expect(perTrial.stdout).toContain(`  metric file: ${join(dir, '.hypertune', 'space', 'trials', '0', 'metrics.csv')}\n`);
    const run = await hypertune(['run', 'space.yaml', '--trials', '3', '--cwd', 'trial', '--', NODE, writer], { cwd: dir, env: { REWRITE: '1' } });
    expect(run.exitCode).toBe(0);
    const summary = await summaryJson(dir);
    expect(summary.trials.map((t) => [t.state, t.steps.length])).toEqual([['complete', 8], ['complete', 8], ['complete', 8]]);
  });

  it("resume --dry-run from another folder names the metric file where the resume runs the trials: the study's start folder", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'metric: val_loss\nmetric_file: metrics.csv\nparams:\n  x: uniform(-1, 1)\n');
    expect((await hypertune(['run', 'space.yaml', '--trials', '1', '--', NODE, writer], { cwd: dir, env: { EPOCHS: '2' } })).exitCode).toBe(0);
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    const dry = await hypertune(['resume', '--dir', join(dir, '.hypertune'), '--trials', '2', '--dry-run'], { cwd: elsewhere });
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toContain(`  metric file: ${join(dir, 'metrics.csv')}\n`);
    // --here would run them in this folder: the file is looked for here
    const here = await hypertune(['resume', '--dir', join(dir, '.hypertune'), '--trials', '2', '--dry-run', '--here'], { cwd: elsewhere });
    expect(here.stdout).toContain(`  metric file: ${join(elsewhere, 'metrics.csv')}\n`);
  });

  it('records a trial that wrote no file as failed, saying where it looked; a bad metric_file is a usage error naming its line', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'metric: val_loss\nmetric_file: nowhere.csv\nparams:\n  x: uniform(-1, 1)\n');
    const run = await hypertune(['run', 'space.yaml', '--trials', '2', '--max-failures', '2', '--', NODE, writer, '--log=elsewhere.csv'], { cwd: dir });
    expect(run.exitCode).toBe(1);
    const summary = await summaryJson(dir);
    expect(summary.trials[0]?.error).toContain(`the metric file ${join(dir, 'nowhere.csv')} was not written`);
    writeFile(dir, 'bad.yaml', 'metric: val_loss\nmetric_file: 3\nparams:\n  x: uniform(-1, 1)\n');
    const bad = await hypertune(['run', 'bad.yaml', '--', NODE, writer], { cwd: dir });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^hypertune: bad\.yaml:2:\d+: metric_file must be the path of the file the program writes its metrics to \(got 3\)$/);
    // two trials at once on one file would mix their rows
    const shared = await hypertune(['run', 'space.yaml', '--parallel', '2', '--', NODE, writer], { cwd: dir });
    expect(shared.exitCode).toBe(2);
    expect(shared.stderr.trim().split('\n')).toHaveLength(1);
    expect(shared.stderr).toContain("with --parallel 2 every trial would write and read the same metric file nowhere.csv: give each trial its own, e.g. --metric-file '{trial_dir}/nowhere.csv'");
  });
});

describe.concurrent('run --metric-file: a file that holds no value of the metric', () => {
  // a user audit: the message said only "held no such line", where a metric in the output names the ones there are
  it('names the metrics the file holds, nested JSON lines and a CSV header, with its last lines; a right name then reads it', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'metric: loss\nparams:\n  x: uniform(-1, 1)\n');
    const jsonl = await hypertune(['run', 'space.yaml', '--trials', '1', '--metric-file', '{trial_dir}/log.jsonl', '--', PYTHON, program('writes-metrics-jsonl.py'), '--x', '{x}', '--log', '{trial_dir}/log.jsonl'], { cwd: dir });
    expect(jsonl.exitCode).toBe(1);
    const failed = (await summaryJson(dir)).trials[0];
    expect(failed?.error).toContain("; the metric file's JSON lines hold loss within objects: is the metric val.loss or train.loss? (a study keeps its metric: give --metric val.loss to a new study, --study NAME); the metric file ");
    expect(failed?.error).toMatch(/\nlast 3 lines of the metric file:\n {2}\{"epoch": 1, "train": \{"loss": /);
    const right = await hypertune(['run', 'space.yaml', '--study', 'nested', '--trials', '1', '--metric', 'val.loss', '--metric-file', '{trial_dir}/log.jsonl', '--', PYTHON, program('writes-metrics-jsonl.py'), '--x', '{x}', '--log', '{trial_dir}/log.jsonl'], { cwd: dir });
    expect(right.exitCode, right.stderr).toBe(0);
    expect((await summaryJson(dir, ['--study', 'nested'])).trials[0]?.steps).toEqual([1, 2, 3]);
    // Keras' CSVLogger: the header names the columns, its rows hold numbers only
    const csv = await hypertune(['run', 'space.yaml', '--study', 'csv', '--trials', '1', '--metric', 'val_los', '--metric-file', '{trial_dir}/m.csv', '--', NODE, writer, '--log={trial_dir}/m.csv'], { cwd: dir });
    expect(csv.exitCode).toBe(1);
    expect((await summaryJson(dir, ['--study', 'csv'])).trials[0]?.error).toContain('; the metric file has val_loss values: is the metric val_loss?');
  });
});

describe.concurrent("run --metric-file with TensorBoard's event files", () => {
  it('reads the scalars of the newest event file a wildcard path matches, by their tag and step', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'metric: val_loss\nmetric_file: lightning_logs/version_*/events.out.tfevents.*\nparams:\n  x: uniform(-1, 1)\n');
    const run = await hypertune(['run', 'space.yaml', '--trials', '3', '--cwd', 'trial', '--', NODE, program('writes-tfevents.mjs')], { cwd: dir });
    expect(run.exitCode).toBe(0);
    const summary = await summaryJson(dir);
    for (const trial of summary.trials) {
      expect(trial.state).toBe('complete');
      expect(trial.steps).toEqual([0, 1, 2, 3, 4, 5]);
      const x = trial.params['x'] as number;
      expect(trial.value).toBeCloseTo((x - 0.3) ** 2 + 1 / 6, 6);
    }
  });
});
