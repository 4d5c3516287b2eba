import { describe, expect, it } from 'vitest';
import { NODE, hypertune, program, summaryJson, tempDir, writeFile } from './helpers/hypertune.js';

// A program with its own early stopping ends some runs at epoch 6 of 16 and saves a checkpoint. A
// pruner's decision about such a run's last value stopped it while it saved, and it was recorded
// pruned, though it had finished (a user audit: 3 of 20 pruned trials of such a program).
describe('run --prune with a program that stops its own runs early', () => {
  it('leaves a run that says it is ending complete, says once what it saw, and still stops runs that go on', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'metric: val_loss\nparams:\n  x: uniform(0, 1)\n');
    const args = ['--trials', '12', '--algo', 'random', '--seed', '1', '--prune', 'median', '--startup-trials', '2'];
    const run = await hypertune(['run', 'space.yaml', ...args, '--', NODE, program('stops-itself.mjs')], { cwd: dir, env: { SAY_STOP: '1' } });
    expect(run.exitCode, run.stderr).toBe(0);
    const trials = (await summaryJson(dir)).trials;
    const short = trials.filter((t) => Number(t.params['x']) > 0.5);
    expect(short.length, run.stdout).toBeGreaterThan(2);
    // each ran its 6 epochs and ended by itself: complete with its last value, never stopped while saving
    for (const trial of short) expect([trial.id, trial.state, trial.steps.length, trial.exit_code]).toEqual([trial.id, 'complete', 6, 0]);
    expect(run.stdout.match(/ended by itself at step 6, where trial \d+ ran 16 steps \(the program's own early stopping, or a run length that varies\): a decision now waits up to 2 s/g)).toHaveLength(1);
    // the runs that go on are still judged and stopped
    expect(trials.some((t) => t.state === 'pruned'), run.stdout).toBe(true);
  });
});
