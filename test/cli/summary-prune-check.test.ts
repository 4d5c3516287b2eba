// The pruning check through the built binary: a program whose best configurations start worst (as
// under a learning-rate schedule), pruned by the median rule. The end of the run, summary, its JSON and
// the report say that the trial that ended best stood in the worse half where others were stopped.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hypertune, program, SH, tempDir, writeFile } from './helpers/hypertune.js';

describe.concurrent('the pruning check on a study whose best runs start slowly', () => {
  it('names the step where the trial that ended best stood badly, in the run, summary, JSON and report', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', 'metric: loss\nparams:\n  x: uniform(0, 1)\n');
    const env = { EPOCH_MS: '10' };
    const run = await hypertune(['run', 'space.yaml', '--trials', '16', '--seed', '1', '--algo', 'random', '--prune', 'median', '--', SH, program('slow-starters.sh')], { cwd, env });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\nPruning check: the trial that ended best \(trial \d+\) ranked (\d+) of the (\d+) trials at step (\d+), where (\d+) were stopped: early values did not foretell the end \(summary says more\)\n/);

    const table = (await hypertune(['summary'], { cwd })).stdout;
    const lines = table.split('\n');
    const at = lines.findIndex((line) => line.startsWith('Pruning check: '));
    expect(at, table).toBeGreaterThan(0);
    expect(lines[at - 1]).toMatch(/^Pruned: \d+ trials, stopped at step /);
    expect(lines[at]).toMatch(/^Pruning check: the trial that ended best \(trial \d+, loss [\d.e-]+\) ranked \d+ of the \d+ trials at step \d+ \(\d+ stopped there\)/);
    expect(lines[at + 1]).toMatch(/^ {2}Early values did not foretell the end here: trials stopped at those steps may have ended better\. It stood in the better half from step \d+ on\.$/);

    const json = JSON.parse((await hypertune(['summary', '--format', 'json'], { cwd })).stdout) as { best: { id: number }; prune_check: { best_trial: number; bad_steps: Array<{ step: number; rank: number; reached: number; stopped: number }>; safe_from: number | null } };
    expect(json.prune_check.best_trial).toBe(json.best.id);
    const first = json.prune_check.bad_steps[0];
    expect(first).toBeDefined();
    // in the worse half of the trials that reached that step, where at least three were stopped
    expect((first?.rank ?? 0) - 1).toBeGreaterThan(((first?.reached ?? 0) - 1) / 2);
    expect(first?.stopped).toBeGreaterThanOrEqual(3);
    expect(json.prune_check.safe_from).toBeGreaterThan(first?.step ?? Infinity);

    expect((await hypertune(['report', '--out', join(cwd, 'r.html')], { cwd })).exitCode).toBe(0);
    expect(readFileSync(join(cwd, 'r.html'), 'utf8')).toContain(lines[at]);
  });

  it('says nothing where early values foretell the end', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', 'metric: loss\nparams:\n  x: uniform(0, 1)\n');
    // epochs.sh prints (x - 0.3)^2 + 1/N: the order of the runs is the same at every epoch
    const run = await hypertune(['run', 'space.yaml', '--trials', '16', '--seed', '1', '--algo', 'random', '--prune', 'median', '--', SH, program('epochs.sh')], { cwd, env: { EPOCH_MS: '10' } });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain(' pruned');
    expect(run.stdout).not.toContain('Pruning check');
    expect((await hypertune(['summary'], { cwd })).stdout).not.toContain('Pruning check');
    const json = JSON.parse((await hypertune(['summary', '--format', 'json'], { cwd })).stdout) as { prune_check: { bad_steps: unknown[] } | null };
    expect(json.prune_check === null || json.prune_check.bad_steps.length === 0).toBe(true);
  });
});
