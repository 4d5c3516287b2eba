// objective: last-K-avg, the mean of a trial's last K evaluations (Ray Tune's scope="last-5-avg"): a
// noisy metric's `max` picks the luckiest evaluation and `last` one draw. A real program through the
// built binary, as a user runs it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hypertune, program, SH, summaryJson, tempDir, writeFile } from './helpers/hypertune.js';

const SPACE = 'metric: return\ngoal: maximize\nobjective: last-3-avg\nparams:\n  x: uniform(-1, 1)\n';

describe('objective: last-K-avg', () => {
  it('makes the mean of the last 3 returns the result, keeps every return as the curve, and says so in summary, show, the JSON and the report', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    const run = await hypertune(['run', 'space.yaml', '--trials', '2', '--seed', '1', '--', SH, program('prints-evals.sh')], { cwd: dir, env: { RETURNS: '10 90 20 30 70' } });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain("maximize return (a trial's result is the mean of its last 3 values) over 2 trials");
    const json = await summaryJson(dir);
    expect(json.objective).toBe('last-3-avg');
    for (const trial of json.trials) {
      expect(trial.state).toBe('complete');
      expect(trial.value).toBe(40);
      expect(trial.intermediate).toEqual([10, 90, 20, 30, 70]);
      expect(trial.steps).toEqual([5000, 10000, 15000, 20000, 25000]);
    }
    const table = await hypertune(['summary'], { cwd: dir });
    expect(table.stdout).toMatch(/^Study space: maximize return \(a trial's result is the mean of its last 3 values\), 2 of 2 trials finished/);
    const shown = await hypertune(['show', '0'], { cwd: dir });
    expect(shown.stdout).toMatch(/^trial 0 of study space: complete, return 40 \(the mean of its last 3 values; (the best|rank 2) of 2 complete\)/);
    const shownJson = JSON.parse((await hypertune(['show', '0', '--json'], { cwd: dir })).stdout) as { objective: string; value: number };
    expect(shownJson).toMatchObject({ objective: 'last-3-avg', value: 40 });
    const report = await hypertune(['report', '--out', 'r.html'], { cwd: dir });
    expect(report.exitCode, report.stderr).toBe(0);
    const data = /<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(readFileSync(join(dir, 'r.html'), 'utf8'))?.[1] ?? '{}';
    expect((JSON.parse(data) as { result: string | null }).result).toBe('the mean of its last 3 values');
  });

  it('averages what there is when the program printed fewer than K, and fails a trial with a NaN among the last K as a NaN result fails', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE.replace('last-3-avg', 'last-5-avg'));
    const fewer = await hypertune(['run', 'space.yaml', '--trials', '1', '--seed', '1', '--', SH, program('prints-evals.sh')], { cwd: dir, env: { RETURNS: '10 20' } });
    expect(fewer.exitCode, fewer.stderr).toBe(0);
    expect((await summaryJson(dir)).trials[0]?.value).toBe(15);
    const nan = await hypertune(['resume', '--trials', '3'], { cwd: dir, env: { RETURNS: 'nan 10 20 30 nan 40 50' } });
    const failed = (await summaryJson(dir)).trials.slice(1);
    expect(failed.map((t) => t.state), nan.stderr).toEqual(['failed', 'failed']);
    expect(failed[0]?.error).toContain('the metric was NaN (line 5: eval step=25000 return=nan; one of the last 5 values)');
    expect(failed[0]?.intermediate).toEqual([null, 10, 20, 30, null, 40, 50]);
  });

  it('refuses a bad K in one line naming the file, line and field, exit 2', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE.replace('last-3-avg', 'last-1-avg'));
    const result = await hypertune(['run', 'space.yaml', '--trials', '1', '--', SH, program('prints-evals.sh')], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe('hypertune: space.yaml:3:12: objective last-1-avg averages one value, which is objective: last; K of last-K-avg runs from 2 to 1000000');
    const parsed = await hypertune(['parse', '--metric', 'return', '--objective', 'last-2-avg'], { cwd: dir, input: 'eval return=1\neval return=2\neval return=4\n' });
    expect(parsed.stdout).toMatch(/^Result \(last-2-avg\): 3$/m);
  });

  it('--objective sets it for a run as objective: does, and a study keeps the one it was made with (a user audit: parse had the flag, run did not)', async () => {
    const dir = tempDir();
    writeFile(dir, 'plain.yaml', 'metric: return\ngoal: maximize\nparams:\n  x: uniform(-1, 1)\n');
    const env = { RETURNS: '10 90 20 30 70' };
    const run = await hypertune(['run', 'plain.yaml', '--objective', 'max', '--trials', '1', '--', SH, program('prints-evals.sh')], { cwd: dir, env });
    expect(run.exitCode, run.stderr).toBe(0);
    expect((await summaryJson(dir)).trials[0]?.value).toBe(90);
    const other = await hypertune(['run', 'plain.yaml', '--trials', '2', '--', SH, program('prints-evals.sh')], { cwd: dir, env });
    expect(other.exitCode).toBe(2);
    expect(other.stderr).toContain('--objective (objective:) differs: stored "max", given "last"');
    const bad = await hypertune(['run', 'plain.yaml', '--objective', 'best', '--', SH, program('prints-evals.sh')], { cwd: dir, env });
    expect([bad.exitCode, bad.stderr.trim().split('\n').length]).toEqual([2, 1]);
  });
});
