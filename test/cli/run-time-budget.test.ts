import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE, QUADRATIC_SPACE, hypertune, program, readLines, summaryJson, tempDir, writeFile } from './helpers/hypertune.js';

const quadratic = program('loop-quadratic.mjs');

/** The spans [start, end] in ms of every trial the program's log saw, by trial id. */
function spans(log: string): Map<string, { start: number; end?: number }> {
  const out = new Map<string, { start: number; end?: number }>();
  for (const line of readLines(log)) {
    const [what, id, at] = line.split(' ');
    if (what === 'start') out.set(id as string, { start: Number(at) });
    else if (what === 'end') (out.get(id as string) ?? { start: NaN }).end = Number(at);
  }
  return out;
}

describe('--time-budget', () => {
  it('starts no trial once the trials have run that long, lets the running ones finish, and resume raises it', async () => {
    const dir = tempDir();
    const log = join(dir, 'trials.log');
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const env = { LOOP_SLEEP_MS: '250', LOOP_LOG: log };
    const run = await hypertune(['run', 'space.yaml', '--time-budget', '1.5s', '--parallel', '2', '--', NODE, quadratic], { cwd: dir, env });
    expect(run.exitCode).toBe(0);
    // no --trials: the budget alone ends the study
    expect(run.stdout).toContain('Study space: minimize loss over 1.5s of trial time, auto');
    expect(run.stdout).toMatch(/^Time budget spent: \d+ trials finished \(\d+ complete, 0 failed\) in [\d.]+s; trial time [\d.]+s of the 1.5s budget\.$/m);
    expect(run.stdout).toMatch(/hypertune resume --study space --time-budget \ds$/m);
    const first = spans(log);
    // every trial that started ran to its end, and the last one started before the budget was spent
    // (the tuner counts from its ask; a program logs its start a little later)
    expect([...first.values()].every((s) => s.end !== undefined)).toBe(true);
    const starts = [...first.values()].map((s) => s.start).sort((a, b) => a - b);
    const lastStart = starts[starts.length - 1] as number;
    expect(lastStart - (starts[0] as number)).toBeLessThan(1500 + 500);
    // 2 at a time, 250 ms each plus start-up: well over 4 trials, and far from what 20 would take
    expect(first.size).toBeGreaterThanOrEqual(4);
    const summary = await summaryJson(dir);
    expect(summary.counts.complete).toBe(first.size);
    expect(summary.counts.interrupted).toBe(0);
    const json = summary as unknown as { trial_time_s: number; time_budget_s: number | null };
    expect(json.time_budget_s).toBe(1.5);
    expect(json.trial_time_s).toBeGreaterThanOrEqual(1.5);
    expect(json.trial_time_s).toBeLessThan(1.5 + 1.5);
    const table = await hypertune(['summary'], { cwd: dir });
    expect(table.stdout).toMatch(/ trials finished \(\d+ complete, 0 failed, 0 running, 0 interrupted\); trial time [\d.]+s of the 1\.5s budget\n/);

    // the stored budget is spent: nothing runs
    const again = await hypertune(['resume'], { cwd: dir, env });
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain(`Time budget spent: ${first.size} trials finished`);
    expect(spans(log).size).toBe(first.size);

    const raised = await hypertune(['resume', '--time-budget', '3'], { cwd: dir, env });
    expect(raised.exitCode).toBe(0);
    expect(raised.stdout).toContain('Continuing study space: minimize loss over 3.0s of trial time');
    expect(spans(log).size).toBeGreaterThan(first.size);
    expect(raised.stdout).toMatch(/trial time [\d.]+s of the 3.0s budget/);
    // the raised budget is the study's now, as a raised --trials is: a plain resume runs by it
    const after = await hypertune(['resume'], { cwd: dir, env });
    expect(after.stdout).toContain('Continuing study space: minimize loss over 3.0s of trial time');
    expect(after.stdout).toMatch(/^Time budget spent: .* of the 3\.0s budget\.$/m);

    const studies = await hypertune(['studies'], { cwd: dir });
    expect(studies.stdout).toMatch(new RegExp(`│ space +│ minimize loss +│ +${spans(log).size} │`));
  });

  it('survives kill -9: the killed trial counts to its last sign of life, and is not re-run past the budget', async () => {
    const dir = tempDir();
    const log = join(dir, 'trials.log');
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const tuner = hypertune(['run', 'space.yaml', '--time-budget', '1', '--', NODE, quadratic], { cwd: dir, env: { LOOP_SLEEP_MS: '20000', LOOP_LOG: log } });
    for (let i = 0; i < 400 && !readLines(log).some((line) => line.startsWith('start ')); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    await new Promise((resolve) => setTimeout(resolve, 1300));
    tuner.kill('SIGKILL');
    await tuner;
    const resumed = await hypertune(['resume'], { cwd: dir, env: { LOOP_SLEEP_MS: '0', LOOP_LOG: log } });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('trial 0 was left running by a stopped tuner: the time budget is spent, so it stays interrupted');
    expect(resumed.stdout).toMatch(/^Time budget spent: 0 trials finished \(0 complete, 0 failed, 1 interrupted\)/m);
    expect(readLines(log).filter((line) => line.startsWith('start '))).toHaveLength(1);
  });

  it('with --trials, whichever comes first ends the study', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', `time_budget: 1h\n${QUADRATIC_SPACE}`);
    const run = await hypertune(['run', 'space.yaml', '--trials', '3', '--', NODE, quadratic], { cwd: dir });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('over 3 trials or 1h00m of trial time');
    expect(run.stdout).toContain('Done: 3 of 3 trials finished');

    // both reached by the same trials: the target is what to raise
    writeFile(dir, 'both.yaml', QUADRATIC_SPACE);
    const both = await hypertune(['run', 'both.yaml', '--trials', '2', '--time-budget', '0.2', '--parallel', '2', '--', NODE, quadratic], { cwd: dir, env: { LOOP_SLEEP_MS: '400' } });
    expect(both.exitCode).toBe(0);
    expect(both.stdout).toContain('Done: 2 of 2 trials finished');
    expect(both.stdout).toContain('hypertune resume --study both --trials 4');
  });

  it('refuses a budget that is not a duration, naming the flag or the file, line and field', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const flag = await hypertune(['run', 'space.yaml', '--time-budget', 'soon', '--', NODE, quadratic], { cwd: dir });
    expect(flag.exitCode).toBe(2);
    expect(flag.stderr.split('\n')[0]).toBe(
      `error: option '--time-budget <duration>' argument 'soon' is invalid. expected a duration like 8h, 90m, 1h30m or a number of seconds, got "soon"`,
    );
    writeFile(dir, 'bad.yaml', `metric: loss\ntime_budget: 30 minutes\n${QUADRATIC_SPACE.split('\n').slice(1).join('\n')}`);
    const file = await hypertune(['run', 'bad.yaml', '--', NODE, quadratic], { cwd: dir });
    expect(file.exitCode).toBe(2);
    expect(file.stderr.trim()).toMatch(/^hypertune: bad\.yaml:2:\d+: time_budget must be a duration like 8h, 90m, 1h30m or a number of seconds \(got "30 minutes"\)$/);
  });
});
