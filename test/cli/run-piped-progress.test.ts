import { afterAll, describe, expect, it } from 'vitest';
import { hypertune, program, SH, tempDir, writeFile } from './helpers/hypertune.js';
import { dropStudies, POSTGRES, SKIP_REASON, studyNamer } from './helpers/workers.js';

// What a run's own output says in a log file (`run ... > log 2>&1`, as under nohup or Slurm): the trial
// lines, and the terminal's progress line as lines of their own (a user audit: a day's study logged
// `trial 3  complete ...` and nothing of how far it was, nor a line while hour-long trials ran).

const SPACE = 'metric: val_loss\nparams:\n  lr: loguniform(0.0001, 1)\n';

// The trials are slow-epochs.sh's short sleeps (slow-epochs.mjs's lines, without a node start each),
// and progress lines come every 0.5 s (HYPERTUNE_PROGRESS_EVERY takes fractions): a line while a trial
// runs needs a trial of a few ticks, not of seconds (1 s ticks and 2-6 s trials took 37 s of the suite;
// 20 s after). The tests run at once (concurrent): each its own folder or study, and each mostly waits
// on its trials' sleeps; what they check of an ETA is against trial times measured in the same run.
describe.concurrent('a run whose output goes to a file (nohup, Slurm)', () => {
  it("prints the progress line after a finished trial and while trials run (the program's lines under --verbose too), without control codes", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    const run = await hypertune(['run', 'space.yaml', '--trials', '2', '--verbose', '--', SH, program('slow-epochs.sh')], { cwd: dir, env: { EPOCH_MS: '250', EPOCHS: '6', HYPERTUNE_PROGRESS_EVERY: '0.5s' } });
    expect(run.exitCode, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(run.stdout).not.toMatch(/[\r\u001b]/);
    const first = lines.findIndex((line) => line.startsWith('trial 0  complete'));
    // while the first trial ran: alive, how far, how long
    expect(lines.slice(0, first).some((line) => /^\[0\/2\], 1 running, 0 failed, best val_loss -, [\d.]+s elapsed$/.test(line))).toBe(true);
    // after it: the count of the target and the best so far
    expect(lines.slice(first + 1).some((line) => /^\[1\/2\], 1 running, 0 failed, best val_loss [\d.]+ \(trial 0\), [\d.]+s elapsed, ETA /.test(line))).toBe(true);
  }, 60_000);

  it('gives an ETA for trials run at once from one trial\'s time over how many run at once, not from elapsed time over finished trials', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    const run = await hypertune(['run', 'space.yaml', '--trials', '9', '--parallel', '3', '--', SH, program('slow-epochs.sh')], { cwd: dir, env: { EPOCH_MS: '150', EPOCHS: '6' } });
    expect(run.exitCode, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    const first = lines.findIndex((line) => /^trial \d+  complete/.test(line));
    const duration = Number(/\(([\d.]+)s\)/.exec(lines[first] ?? '')?.[1]);
    // the line after the first finish: 8 trials left, 3 at once, each about `duration`: about 2.7 x duration
    // (it said 8 x duration; and on a loaded machine 4.06 x, 8 over 2 at once: the first trial had ended
    // before the third was seen running, so the run's own --parallel now counts from the start)
    const eta = /^\[1\/9\], .*, ETA ([\d.]+)s$/.exec(lines[first + 1] ?? '');
    expect(eta, lines.slice(first, first + 2).join('\n')).not.toBeNull();
    expect(Number(eta?.[1])).toBeLessThan(3.5 * duration);
  }, 60_000);

  it('after Ctrl-C the progress line drops the ETA of the target and says no new trials start', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    const run = hypertune(['run', 'space.yaml', '--trials', '4', '--', SH, program('slow-epochs.sh')], { cwd: dir, env: { EPOCH_MS: '200', EPOCHS: '12', HYPERTUNE_PROGRESS_EVERY: '0.5s' } });
    let seen = '';
    run.stdout?.on('data', (chunk: Buffer) => void (seen += chunk.toString()));
    const deadline = Date.now() + 20_000;
    // once a trial finished, the line has an ETA for the target's other three
    while (!/\[1\/4\], 1 running, .*, ETA /.test(seen)) {
      if (Date.now() > deadline) throw new Error(`no progress line: ${seen}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    run.kill('SIGINT');
    const ended = await run;
    expect(ended.exitCode).toBe(130);
    const after = ended.stdout.slice(ended.stdout.indexOf('Ctrl-C: no new trials')).split('\n').filter((line) => line.startsWith('['));
    expect(after.length, ended.stdout).toBeGreaterThan(0);
    // the running trial may finish before the run ends (a loaded machine: the Ctrl-C came late in its run): [2/4], none running
    for (const line of after) expect(line).toMatch(/^\[(1\/4\], 1 running|2\/4\], 0 running), 0 failed, best val_loss [\d.]+ \(trial [01]\), [\d.]+s elapsed, stopping: no new trials$/);
  }, 60_000);

  it('a progress line once a minute at most after trials by default, and HYPERTUNE_PROGRESS_EVERY=0 for none while trials run', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    const run = await hypertune(['run', 'space.yaml', '--trials', '3', '--', SH, program('slow-epochs.sh')], { cwd: dir, env: { EPOCH_MS: '10', EPOCHS: '3', HYPERTUNE_PROGRESS_EVERY: '0' } });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout.split('\n').filter((line) => line.startsWith('['))).toEqual([expect.stringMatching(/^\[1\/3\], /)]);
  }, 60_000);

  it('refuses a mistyped HYPERTUNE_PROGRESS_EVERY in one line, exit 2, before a study is made', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    const run = await hypertune(['run', 'space.yaml', '--trials', '1', '--', SH, program('slow-epochs.sh')], { cwd: dir, env: { HYPERTUNE_PROGRESS_EVERY: 'often' } });
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim()).toBe('hypertune: HYPERTUNE_PROGRESS_EVERY: expected a duration like 10m, 90s or a number of seconds (0: never), got "often"');
    const listed = await hypertune(['studies', '--format', 'json'], { cwd: dir });
    expect(listed.exitCode).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([]);
  });
});

const studies = studyNamer();

describe.skipIf(POSTGRES === undefined)(`workers sharing a study on PostgreSQL, each logging to a file (${POSTGRES === undefined ? SKIP_REASON : 'real server'})`, { concurrent: true }, () => {
  afterAll(() => dropStudies(studies.prefix));

  it("each worker's ETA is the study's pace against the study's rest, not its own pace against the study's rest", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    const study = studies.next();
    const args = (trials: string) => ['run', 'space.yaml', '--storage', POSTGRES ?? '', '--study', study, '--trials', trials, '--', SH, program('slow-epochs.sh')];
    const env = { EPOCH_MS: '150', EPOCHS: '6', HYPERTUNE_PROGRESS_EVERY: '0.5s' };
    expect((await hypertune(args('1'), { cwd: dir, env })).exitCode).toBe(0);
    const workers = await Promise.all([hypertune(args('13'), { cwd: dir, env }), hypertune(args('13'), { cwd: dir, env })]);
    for (const worker of workers) expect(worker.exitCode, worker.stderr).toBe(0);
    const out = workers[0]?.stdout ?? '';
    const durations = [...out.matchAll(/^trial \d+  complete .*\(([\d.]+)s\)/gm)].map((m) => Number(m[1]));
    const d = durations.reduce((a, b) => a + b, 0) / durations.length;
    // once both workers' trials are counted (5 of the 12 finished here): the rest over two at once, about (13 - k) x d / 2; its own pace said (13 - k) x d
    const etas = [...out.matchAll(/^\[(\d+)\/13\], .*, ETA ([\d.]+)s$/gm)].map((m) => ({ finished: Number(m[1]), eta: Number(m[2]) })).filter((e) => e.finished >= 6 && e.finished <= 10);
    expect(etas.length, out).toBeGreaterThan(0);
    for (const { finished, eta } of etas) expect(eta, out).toBeLessThan(0.8 * (13 - finished) * d);
  }, 90_000);
});
