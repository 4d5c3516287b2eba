import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE, QUADRATIC_SPACE, hypertune, program, readLines, stillAlive, summaryJson, tempDir, writeFile, SH } from './helpers/hypertune.js';

const quadratic = program('loop-quadratic.sh');
const epochs = program('epochs.mjs');

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
    const run = await hypertune(['run', 'space.yaml', '--time-budget', '1.5s', '--parallel', '2', '--', SH, quadratic], { cwd: dir, env });
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
    const tuner = hypertune(['run', 'space.yaml', '--time-budget', '1', '--', SH, quadratic], { cwd: dir, env: { LOOP_SLEEP_MS: '20000', LOOP_LOG: log } });
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
});

// The tests below wait on their own programs and budgets, with margins of a second or more: they run
// side by side (each its own folder). The two above, whose last start must come within 0.5 s of the
// budget and whose killed trial's last sign of life must land before the kill, run first, one by one.
describe.concurrent('--time-budget, each test its own study', () => {
  it('with --trials, whichever comes first ends the study', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', `time_budget: 1h\n${QUADRATIC_SPACE}`);
    const run = await hypertune(['run', 'space.yaml', '--trials', '3', '--', SH, quadratic], { cwd: dir });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('over 3 trials or 1h00m of trial time');
    expect(run.stdout).toContain('Done: 3 of 3 trials finished');

    // both reached by the same trials: the target is what to raise. The second trial must start before
    // the budget is spent: under a load of 12 it started more than 0.2 s after the first, and a budget
    // of 0.2 s ended the study at 1 of 2 trials; 1 s, spent by the time trials of 2 s end
    writeFile(dir, 'both.yaml', QUADRATIC_SPACE);
    const both = await hypertune(['run', 'both.yaml', '--trials', '2', '--time-budget', '1', '--parallel', '2', '--', SH, quadratic], { cwd: dir, env: { LOOP_SLEEP_MS: '2000' } });
    expect(both.exitCode).toBe(0);
    expect(both.stdout).toContain('Done: 2 of 2 trials finished');
    expect(both.stdout).toContain('hypertune resume --study both --trials 4');
  });

  it('runs under a budget longer than a timer holds (26 days), and refuses a timeout that long', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const run = await hypertune(['run', 'space.yaml', '--trials', '2', '--time-budget', '26d', '--at-budget', 'stop', '--', SH, quadratic], { cwd: dir, env: { LOOP_SLEEP_MS: '300' } });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('');
    expect((await summaryJson(dir)).counts.complete).toBe(2);
    for (const flag of ['--trial-timeout', '--kill-grace']) {
      const refused = await hypertune(['run', 'space.yaml', flag, '3000000', '--', SH, quadratic], { cwd: dir });
      expect(refused.exitCode).toBe(2);
      expect(refused.stderr).toContain(`option '${flag} <${flag === '--kill-grace' ? 'seconds' : 'duration'}>' argument '3000000' is invalid. expected at most 2147483 seconds (24.8 days), got 3000000`);
    }
  });

  it('refuses a budget that is not a duration, naming the flag or the file, line and field', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const flag = await hypertune(['run', 'space.yaml', '--time-budget', 'soon', '--', SH, quadratic], { cwd: dir });
    expect(flag.exitCode).toBe(2);
    expect(flag.stderr).toBe(
      `hypertune: option '--time-budget <duration>' argument 'soon' is invalid. expected a duration like 8h, 90m, 1h30m or a number of seconds, got "soon" (run with --help for usage)`,
    );
    writeFile(dir, 'bad.yaml', `metric: loss\ntime_budget: 30 minutes\n${QUADRATIC_SPACE.split('\n').slice(1).join('\n')}`);
    const file = await hypertune(['run', 'bad.yaml', '--', SH, quadratic], { cwd: dir });
    expect(file.exitCode).toBe(2);
    expect(file.stderr.trim()).toMatch(/^hypertune: bad\.yaml:2:\d+: time_budget must be a duration like 8h, 90m, 1h30m or a number of seconds \(got "30 minutes"\)$/);
  });
  it('with --at-budget stop, stops the running trials when the budget runs out: SIGTERM to their groups, recorded interrupted, re-run first by a resume', async () => {
    const dir = tempDir();
    const log = join(dir, 'pids.log');
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    // a thousand epochs of 50 ms: each trial would run 50 s
    const env = { PIDS_FILE: log, EPOCHS: '1000', EPOCH_MS: '50' };
    const began = Date.now();
    const run = await hypertune(['run', 'space.yaml', '--time-budget', '1.5', '--at-budget', 'stop', '--parallel', '2', '--', NODE, epochs], { cwd: dir, env });
    const tookS = (Date.now() - began) / 1000;
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('over 1.5s of trial time (running trials stopped then), auto');
    expect(run.stdout).toContain('time budget spent: stopping the 2 running trials (--at-budget stop)');
    expect(run.stdout).toMatch(/^Time budget spent: 0 trials finished \(0 complete, 0 failed, 2 interrupted\)/m);
    expect(tookS).toBeLessThan(15);
    const summary = await summaryJson(dir);
    expect(summary.trials.map((t) => t.state)).toEqual(['interrupted', 'interrupted']);
    for (const trial of summary.trials) {
      expect(trial.error).toBe("stopped when the study's time budget ran out (1.5s of trial time; --at-budget stop); its process group was stopped (SIGTERM)");
      // what it reported before it was stopped is kept
      expect(trial.intermediate.length).toBeGreaterThan(0);
    }
    const json = summary as unknown as { trial_time_s: number };
    // an interrupted trial counts to its last sign of life, an epoch line up to 50 ms before the stop
    expect(json.trial_time_s).toBeGreaterThanOrEqual(1.5 - 0.05);
    expect(json.trial_time_s).toBeLessThan(1.5 + 2);
    // each program got SIGTERM (it could save a checkpoint), and its whole group is gone
    const lines = readLines(log);
    expect(lines.filter((line) => line.startsWith('sigterm '))).toHaveLength(2);
    const pids = lines.flatMap((line) => (line.startsWith('pids ') ? line.split(' ').slice(1).map(Number) : []));
    expect(pids).toHaveLength(4);
    expect(await stillAlive(pids)).toEqual([]);

    // a bigger budget: the two stopped trials run again first, with their parameters, and are stopped again
    const resumed = await hypertune(['resume', '--time-budget', '3'], { cwd: dir, env });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('over 3.0s of trial time (running trials stopped then)');
    const after = await summaryJson(dir);
    expect(after.trials).toHaveLength(4);
    expect(after.trials.slice(2).map((t) => t.params)).toEqual(summary.trials.map((t) => t.params));
    expect(after.trials.every((t) => t.state === 'interrupted')).toBe(true);
    // a resume may let them finish instead
    const finishing = await hypertune(['resume', '--time-budget', '4', '--at-budget', 'finish', '--trials', '1'], { cwd: dir, env: { ...env, EPOCHS: '5' } });
    expect(finishing.exitCode, finishing.stderr).toBe(0);
    expect(finishing.stdout).toContain('over 1 trial or 4.0s of trial time, auto');
    expect((await summaryJson(dir)).counts.complete).toBeGreaterThanOrEqual(1);
  });

  it('takes at_budget: edited into the space file of an existing study, as --at-budget (it was left as made; a user audit)', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', `time_budget: 0.2\n${QUADRATIC_SPACE}`);
    expect((await hypertune(['run', 'space.yaml', '--', SH, quadratic], { cwd: dir })).exitCode).toBe(0);
    writeFile(dir, 'space.yaml', `time_budget: 1\nat_budget: stop\n${QUADRATIC_SPACE}`);
    const edited = await hypertune(['run', 'space.yaml', '--', SH, quadratic], { cwd: dir, env: { LOOP_SLEEP_MS: '3000' } });
    expect(edited.exitCode, edited.stderr).toBe(0);
    expect(edited.stdout).toContain('over 1.0s of trial time (running trials stopped then)');
    expect(edited.stdout).toMatch(/^trial \d+ {2}interrupted/m);
  });

  it('refuses --at-budget stop without a budget, and a bad at_budget: naming the file, line and field', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const none = await hypertune(['run', 'space.yaml', '--at-budget', 'stop', '--', SH, quadratic], { cwd: dir });
    expect(none.exitCode).toBe(2);
    expect(none.stderr.trim()).toBe(
      'hypertune: --at-budget stop (or at_budget: stop) stops the running trials when the time budget runs out, and this study has none: give --time-budget (8h, 90m) as well, or time_budget: in the space file',
    );
    const flag = await hypertune(['run', 'space.yaml', '--at-budget', 'kill', '--', SH, quadratic], { cwd: dir });
    expect(flag.exitCode).toBe(2);
    expect(flag.stderr).toContain("option '--at-budget <what>' argument 'kill' is invalid");
    writeFile(dir, 'bad.yaml', `metric: loss\ntime_budget: 1h\nat_budget: later\n${QUADRATIC_SPACE.split('\n').slice(1).join('\n')}`);
    const file = await hypertune(['run', 'bad.yaml', '--', SH, quadratic], { cwd: dir });
    expect(file.exitCode).toBe(2);
    expect(file.stderr.trim()).toBe('hypertune: bad.yaml:3:12: at_budget must be finish (running trials finish) or stop (they are stopped) (got "later")');
  });
});
