// create, ask and tell through the built binary: trials that run outside hypertune (cluster jobs),
// on the journal and on PostgreSQL, several shells asking at once.
import { afterAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { BIN, hypertune, NODE, SH, tempDir, writeFile } from './helpers/hypertune.js';
import { dropStudies, POSTGRES, SKIP_REASON, studyNamer } from './helpers/workers.js';

const SPACE = `metric: loss
params:
  lr: loguniform(1e-4, 1)
  opt:
    choice:
      - adam
      - sgd:
          momentum: uniform(0, 0.99)
  layers: randint(1, 5)
`;

interface Asked {
  study: string;
  id: number;
  made?: number;
  params: Record<string, unknown>;
}

interface SummaryTrial {
  id: number;
  state: string;
  error?: string | null;
  value: number | null;
  running_s?: number;
  sampler: string;
}

const backends = [
  { name: 'the journal', flags: (): string[] => [], skip: false },
  { name: `PostgreSQL${POSTGRES === undefined ? ` (${SKIP_REASON})` : ''}`, flags: (): string[] => ['--storage', POSTGRES ?? ''], skip: POSTGRES === undefined },
];

// The journal's suite and PostgreSQL's run at once (describe.concurrent), each its tests one after the
// other (it.sequential): a store's calls wait on the other process and on its leases and budgets, and
// the two one after the other took 38 s of the suite. Not every test at once: the lease test's three
// calls must fit in 3 s.
describe.concurrent.each(backends)('ask and tell on $name', ({ flags, skip }) => {
  const studies = studyNamer();
  afterAll(() => dropStudies(studies.prefix));

  it.skipIf(skip).sequential('runs a study from job scripts: create, ask from several shells at once, tell, summary', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', SPACE);
    const study = studies.next();
    const where = ['--study', study, ...flags()];
    const created = await hypertune(['create', 'space.yaml', ...where, '--trials', '8', '--seed', '3'], { cwd });
    expect(created.exitCode, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/Created study .* over 8 trials/);
    // six shells ask at once: six distinct trials with distinct parameters
    const asks = await Promise.all(Array.from({ length: 6 }, () => hypertune(['ask', ...where], { cwd })));
    for (const ask of asks) expect(ask.exitCode, ask.stderr).toBe(0);
    const asked = asks.map((ask) => JSON.parse(ask.stdout) as Asked);
    expect(new Set(asked.map((a) => a.id)).size).toBe(6);
    expect(new Set(asked.map((a) => JSON.stringify(a.params))).size).toBe(6);
    for (const a of asked) expect(a.params['opt'] === 'sgd' ? typeof a.params['momentum'] : 'none').toMatch(/number|none/);
    const running = JSON.parse((await hypertune(['summary', ...where, '--format', 'json'], { cwd })).stdout) as { trials: SummaryTrial[] };
    expect(running.trials.filter((t) => t.state === 'running').map((t) => typeof t.running_s)).toEqual(Array(6).fill('number'));
    const [first, second] = asked;
    const told = await hypertune(['tell', ...where, String(first?.id), '0.25'], { cwd });
    expect(told.exitCode, told.stderr).toBe(0);
    const failed = await hypertune(['tell', ...where, String(second?.id), '--state', 'failed', '--error', 'out of memory'], { cwd });
    expect(failed.exitCode, failed.stderr).toBe(0);
    const again = await hypertune(['tell', ...where, String(first?.id), '0.1'], { cwd });
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toBe(`hypertune: trial ${first?.id} of study "${study}" is already complete with 0.25; tell finishes a running trial once`);
    const unknown = await hypertune(['tell', ...where, '99', '0.1'], { cwd });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/has no trial 99/);
    const table = await hypertune(['summary', ...where], { cwd });
    expect(table.stdout).toMatch(/1 complete, 1 failed, 4 running/);
    expect(table.stdout).toMatch(/Running: trial \d+ \d/);
    // the target counts running trials: 6 running or finished of 8, two more may be asked, then none
    expect((await hypertune(['ask', ...where, '--format', 'env'], { cwd })).stdout).toMatch(/^export HYPERTUNE_STUDY='.*'\nexport HYPERTUNE_TRIAL_ID='6'\n/);
    expect((await hypertune(['ask', ...where, '--format', 'args'], { cwd })).stdout).toMatch(/^--lr=\S+ --opt=(adam|sgd)/);
    const over = await hypertune(['ask', ...where], { cwd });
    expect(over.exitCode).toBe(1);
    expect(over.stderr).toMatch(/has reached its target of 8 trials .*--trials N/);
    // the running ones were asked without a lease: named, with how to give back a dead job's (a user audit)
    expect(over.stderr).toMatch(/\(finished and running\); trials (\d+, ){4}\d+, \.\.\. were asked without a lease and not told yet: a job that died tells nothing, and hypertune tell ID --state interrupted gives its trial back; ask with --trials N/);
    // a job array's extra task: nothing to run is no failure with --ok-when-done, and stdout stays empty
    const done = await hypertune(['ask', ...where, '--format', 'env', '--ok-when-done'], { cwd });
    expect([done.exitCode, done.stdout]).toEqual([0, '']);
    expect(done.stderr).toMatch(/^hypertune: study "\S+" has reached its target of 8 trials/);
    const raised = await hypertune(['ask', ...where, '--trials', '9'], { cwd });
    expect(raised.exitCode, raised.stderr).toBe(0);
  });

  it.skipIf(skip).sequential('keeps asked trials away from workers that take over silent ones, and from resume', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', 'metric: loss\nparams:\n  x: uniform(-1, 1)\n');
    const study = studies.next();
    const where = ['--study', study, ...flags()];
    // a trial in sh, not node (~0.1 s of CPU to start), here and in the resume
    const first = await hypertune(['run', 'space.yaml', ...where, '--trials', '1', '--', SH, '-c', 'echo "loss: 0.41"'], { cwd });
    expect(first.exitCode, first.stderr).toBe(0);
    const asked = JSON.parse((await hypertune(['ask', ...where, '--trials', '3'], { cwd })).stdout) as Asked;
    await new Promise((done) => setTimeout(done, 1200));
    // a worker that takes over trials silent for 0.5 s (or, alone on a journal, every running one) leaves it alone,
    // runs the one trial still missing and stops instead of waiting for the job
    const resume = await hypertune(['resume', ...where, '--heartbeat-timeout', '0.5'], { cwd });
    expect(resume.exitCode, resume.stderr).toBe(0);
    const summary = JSON.parse((await hypertune(['summary', ...where, '--format', 'json'], { cwd })).stdout) as { trials: SummaryTrial[] };
    expect(summary.trials.map((t) => [t.id, t.state])).toEqual([[0, 'complete'], [asked.id, 'running'], [2, 'complete']]);
    expect((await hypertune(['tell', ...where, String(asked.id), '0.5'], { cwd })).exitCode).toBe(0);
  });

  it.skipIf(skip).sequential("renews a lease at each step a job reports: a job alive past its first lease keeps its trial (a user audit: steps every 2 s lost it at 5 s)", async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', 'metric: loss\nparams:\n  x: uniform(-1, 1)\n');
    const where = ['--study', studies.next(), ...flags()];
    expect((await hypertune(['create', 'space.yaml', ...where, '--trials', '2'], { cwd })).exitCode).toBe(0);
    const asked = JSON.parse((await hypertune(['ask', ...where, '--lease', '2'], { cwd })).stdout) as Asked;
    const started = Date.now();
    // steps for longer than the lease, each within it of the last: one every 0.7 s at most, as a job
    // reports (back to back, a dozen tells of ~0.2 s of CPU each); a tell slower than that goes on at once
    for (let step = 1; Date.now() - started < 3000; step++) {
      const at = Date.now();
      const told = await hypertune(['tell', ...where, String(asked.id), String(1 / step), '--step', String(step)], { cwd });
      expect(told.exitCode, told.stderr).toBe(0);
      await new Promise((done) => setTimeout(done, Math.max(0, at + 700 - Date.now())));
    }
    const other = await hypertune(['ask', ...where], { cwd });
    expect(other.stderr).not.toContain('a re-run');
    expect((JSON.parse(other.stdout) as Asked).id).not.toBe(asked.id);
    expect((await hypertune(['tell', ...where, String(asked.id), '0.25'], { cwd })).exitCode).toBe(0);
  });

  it.skipIf(skip).sequential('gives the parameters of an asked trial again once its lease runs out untold (a job killed at its time limit)', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', 'metric: loss\nparams:\n  x: uniform(-1, 1)\n');
    const study = studies.next();
    const where = ['--study', study, ...flags()];
    expect((await hypertune(['create', 'space.yaml', ...where, '--trials', '2'], { cwd })).exitCode).toBe(0);
    // a study made with a lease gives it to every ask that gives none
    const leasedStudy = ['--study', studies.next(), ...flags()];
    expect((await hypertune(['create', 'space.yaml', ...leasedStudy, '--trials', '1', '--lease', '5'], { cwd })).exitCode).toBe(0);
    // made with it, the lease stays: create again with another says so instead of ignoring it
    const relet = await hypertune(['create', 'space.yaml', ...leasedStudy, '--lease', '1h'], { cwd });
    expect([relet.exitCode, relet.stderr]).toEqual([2, expect.stringMatching(/was made with a lease of 5\.0s, which stays: give --lease to each ask instead \(ask --lease 1h00m\)$/)]);
    // leases of 5 s: only three calls come between the first lease's ask and the early ask below (under
    // a load of 12 on two cores five calls took more than 3 s, and on a loaded CI machine three did too)
    const lost = JSON.parse((await hypertune(['ask', ...where, '--lease', '5'], { cwd })).stdout) as Asked;
    const told = JSON.parse((await hypertune(['ask', ...where, '--lease', '1h'], { cwd })).stdout) as Asked;
    const byStudy = JSON.parse((await hypertune(['ask', ...leasedStudy], { cwd })).stdout) as Asked;
    // its lease runs from its ask, made before this: the last of the three leases ends by then + 5 s
    const byStudyEnd = Date.now();
    // the target (2) is covered by the two running trials until the first one's lease runs out
    const early = await hypertune(['ask', ...where], { cwd });
    expect(early.exitCode).toBe(1);
    expect(early.stderr).toMatch(/has reached its target of 2 trials \(finished and running\)/);
    await new Promise((done) => setTimeout(done, Math.max(0, byStudyEnd + 5300 - Date.now())));
    const again = await hypertune(['ask', ...where, '--lease', '1h'], { cwd });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).toContain(`(a re-run of interrupted trial ${lost.id})`);
    const rerun = JSON.parse(again.stdout) as Asked & { retry_of?: number };
    expect(rerun.params).toEqual(lost.params);
    // the job is told which trial it repeats, for that one's checkpoint (a user audit); a first run has no such key
    expect(rerun.retry_of).toBe(lost.id);
    expect(Object.hasOwn(lost, 'retry_of')).toBe(false);
    const againByStudy = await hypertune(['ask', ...leasedStudy], { cwd });
    expect(againByStudy.stderr).toContain(`(a re-run of interrupted trial ${byStudy.id})`);
    const table = await hypertune(['summary', ...where], { cwd });
    expect(table.stdout).toMatch(new RegExp(`Running: trial ${told.id} \\S+ \\(ask@[^,]+, lease ends in (59m|1h)`));
    const json = JSON.parse((await hypertune(['summary', ...where, '--format', 'json'], { cwd })).stdout) as { trials: Array<{ id: number; lease_until?: string }> };
    expect(json.trials.find((t) => t.id === told.id)?.lease_until).toMatch(/^\d{4}-\d\d-\d\dT/);
    // the killed job's late tell is refused, saying what happened; the trial with an hour left is untouched
    const late = await hypertune(['tell', ...where, String(lost.id), '0.5'], { cwd });
    expect(late.exitCode).toBe(2);
    expect(late.stderr).toMatch(new RegExp(`trial ${lost.id} of study "${study}" was not told within its lease \\(until .+\\) and was given again to a later ask: its result is not recorded here`));
    for (const [id, value] of [[told.id, '0.25'], [rerun.id, '0.5']]) expect((await hypertune(['tell', ...where, String(id), value as string], { cwd })).exitCode).toBe(0);
    const summary = JSON.parse((await hypertune(['summary', ...where, '--format', 'json'], { cwd })).stdout) as { trials: SummaryTrial[]; trial_time_s: number };
    expect(summary.trials.map((t) => [t.id, t.state])).toEqual([[lost.id, 'interrupted'], [told.id, 'complete'], [rerun.id, 'complete']]);
    expect(summary.trials[0]?.error).toMatch(/^not told within its lease \(until .+\); given again by ask@/);
  });

  it.skipIf(skip).sequential("reads the value from a job's log as run would, and a log without one makes the trial failed", async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', 'metric: val_loss\nparams:\n  x: uniform(-1, 1)\n');
    const where = ['--study', studies.next(), ...flags()];
    expect((await hypertune(['create', 'space.yaml', ...where], { cwd })).exitCode).toBe(0);
    const [a, b] = [JSON.parse((await hypertune(['ask', ...where], { cwd })).stdout) as Asked, JSON.parse((await hypertune(['ask', ...where], { cwd })).stdout) as Asked];
    writeFile(cwd, 'a.log', 'epoch 1 val_loss=0.9\nepoch 2 val_loss=0.5\n{"val_loss": 0.31}\n');
    writeFile(cwd, 'b.log', 'Traceback (most recent call last):\nRuntimeError: CUDA out of memory\n');
    const told = await hypertune(['tell', ...where, String(a.id), '--log', 'a.log'], { cwd });
    expect(told.stdout).toBe(`Trial ${a.id} of study ${where[1]}: complete (0.31)`);
    const none = await hypertune(['tell', ...where, String(b.id), '--log', 'b.log'], { cwd });
    expect(none.exitCode, none.stderr).toBe(0);
    expect(none.stdout).toMatch(/: failed: b\.log: .*val_loss/);
    const c = JSON.parse((await hypertune(['ask', ...where], { cwd })).stdout) as Asked;
    // the steps its lines give, as run stores them (a re-audit: ordinals only)
    writeFile(cwd, 'c.log', 'step=10 val_loss=2.5\nstep=20 val_loss=2.4\n');
    const pruned = await hypertune(['tell', ...where, String(c.id), '--log', 'c.log', '--state', 'pruned'], { cwd });
    expect(pruned.stdout).toBe(`Trial ${c.id} of study ${where[1]}: pruned (2.4)`);
    const summary = JSON.parse((await hypertune(['summary', ...where, '--format', 'json'], { cwd })).stdout) as { trials: Array<{ state: string; value: number | null; intermediate: number[]; steps: number[] }> };
    expect(summary.trials.map((t) => [t.state, t.value, t.intermediate])).toEqual([['complete', 0.31, [0.9, 0.5, 0.31]], ['failed', null, []], ['pruned', 2.4, [2.5, 2.4]]]);
    expect(summary.trials.map((t) => t.steps)).toEqual([[1, 2, 2], [], [10, 20]]);
  });

  it.skipIf(skip).sequential("stores a long log's curve thinned as run stores one, in one statement on PostgreSQL, its last value kept (a user audit: 10,000 values took 50 s and held the study)", async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', 'metric: loss\nparams:\n  x: uniform(-1, 1)\n');
    const where = ['--study', studies.next(), ...flags()];
    expect((await hypertune(['create', 'space.yaml', ...where], { cwd })).exitCode).toBe(0);
    const asked = JSON.parse((await hypertune(['ask', ...where], { cwd })).stdout) as Asked;
    writeFile(cwd, 'long.log', Array.from({ length: 20_000 }, (_, i) => `step ${i + 1} loss=${(1 / (i + 1) + 0.1).toFixed(6)}`).join('\n') + '\n');
    const started = Date.now();
    const told = await hypertune(['tell', ...where, String(asked.id), '--log', 'long.log'], { cwd });
    expect(told.exitCode, told.stderr).toBe(0);
    // a generous bound, far below the minutes it took: not a timing target, a guard against the quadratic write
    expect(Date.now() - started).toBeLessThan(30_000);
    const summary = JSON.parse((await hypertune(['summary', ...where, '--format', 'json'], { cwd })).stdout) as { trials: Array<{ value: number; intermediate: number[]; steps: number[] }> };
    const trial = summary.trials[0];
    expect(trial?.steps.slice(0, 1000)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(trial?.steps.length).toBeGreaterThan(1000);
    expect(trial?.steps.length).toBeLessThan(1400);
    expect(trial?.steps[trial.steps.length - 1]).toBe(20_000);
    expect(trial?.value).toBe(0.10005);
  });

  it.skipIf(skip).sequential('gives no trial once the time budget is spent: the time while any asked trial ran', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', SPACE);
    const study = studies.next();
    const where = ['--study', study, ...flags()];
    const created = await hypertune(['create', 'space.yaml', ...where, '--time-budget', '1s', '--seed', '4'], { cwd });
    expect(created.exitCode, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/Created study .* over 1.0s of trial time, auto/);
    const asked = JSON.parse((await hypertune(['ask', ...where], { cwd })).stdout) as Asked;
    // the job runs for a while: its span counts until it is told
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await hypertune(['tell', ...where, String(asked.id), '0.5'], { cwd })).exitCode).toBe(0);
    const over = await hypertune(['ask', ...where], { cwd });
    expect(over.exitCode).toBe(1);
    expect(over.stderr).toMatch(new RegExp(`^hypertune: study "${study}" has spent its time budget \\(trial time [\\d.]+s of 1\\.0s\\): no trial is given; ask with --time-budget D to give it more$`));
    // a bigger budget for this ask gives one
    const more = await hypertune(['ask', ...where, '--time-budget', '1h'], { cwd });
    expect(more.exitCode, more.stderr).toBe(0);
    expect((JSON.parse(more.stdout) as Asked).id).toBe(asked.id + 1);
    // stored with the study: the next job's plain ask gets one too
    expect((await hypertune(['ask', ...where], { cwd })).exitCode).toBe(0);
  });

  it.skipIf(skip).sequential('prints a whole value of a float parameter as run passes it, 1.0', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', 'start:\n  - {w: 1, n: 2}\nparams:\n  w: quniform(0.5, 2, 0.5)\n  n: randint(1, 4)\n');
    const where = ['--study', studies.next(), ...flags()];
    expect((await hypertune(['create', 'space.yaml', ...where], { cwd })).exitCode).toBe(0);
    expect((await hypertune(['ask', '--format', 'args', ...where], { cwd })).stdout.trim()).toBe('--w=1.0 --n=2');
    expect((await hypertune(['ask', '--format', 'env', '--trials', '30', ...where], { cwd })).stdout).toMatch(/^export HP_W='\d(\.\d)?'$/m);
    // JSON as Python's json reads a float: 1.0, not 1
    writeFile(cwd, 'whole.yaml', 'start:\n  - {w: 1}\nparams:\n  w: quniform(0.5, 2, 0.5)\n  scale: 1.0\n');
    const whole = ['--study', studies.next(), ...flags()];
    expect((await hypertune(['create', 'whole.yaml', ...whole], { cwd })).exitCode).toBe(0);
    const asked = JSON.parse((await hypertune(['ask', ...whole], { cwd })).stdout.replace(/(\d)\.0\b/g, '$1')) as Asked;
    expect((await hypertune(['ask', ...whole], { cwd })).stdout).toMatch(/"params":\{"w":[\d.]+,"scale":1\.0\}/);
    expect((await hypertune(['tell', ...whole, String(asked.id), '0.5'], { cwd })).exitCode).toBe(0);
    // and as summary's and show's JSON write it: the program got 1.0
    expect((await hypertune(['summary', ...whole, '--format', 'json'], { cwd })).stdout).toMatch(/"params": \{\n\s+"w": 1\.0,\n\s+"scale": 1\.0\n/);
    expect((await hypertune(['show', String(asked.id), ...whole, '--json'], { cwd })).stdout).toMatch(/"w": 1\.0,/);
  });

  it.skipIf(skip).sequential('env: a parameter of an option not chosen is unset, so a loop that evals trial after trial keeps no stale value', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', 'start:\n  - {opt: sgd, momentum: 0.5}\n  - {opt: adam}\nparams:\n  opt:\n    choice:\n      - adam\n      - sgd:\n          momentum: uniform(0, 0.99)\n');
    const where = ['--study', studies.next(), ...flags()];
    expect((await hypertune(['create', 'space.yaml', ...where], { cwd })).exitCode).toBe(0);
    const script = `eval "$(${[NODE, BIN].map((word) => `'${word}'`).join(' ')} ask ${where.map((word) => `'${word}'`).join(' ')} --format env)"; echo "$HP_OPT:\${HP_MOMENTUM-unset}"`;
    const first = (await execa('bash', ['-c', `${script}; ${script}`], { cwd })).stdout;
    expect(first.trim().split('\n')).toEqual(['sgd:0.5', 'adam:unset']);
  });

  it.skipIf(skip).sequential('tell names a queued trial as not asked yet, and wants a pruned trial\'s last value', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', 'metric: loss\nparams:\n  x: uniform(-1, 1)\n');
    const where = ['--study', studies.next(), ...flags()];
    expect((await hypertune(['create', 'space.yaml', ...where], { cwd })).exitCode).toBe(0);
    expect((await hypertune(['enqueue', 'x=0.5', ...where], { cwd })).exitCode).toBe(0);
    const queued = await hypertune(['tell', '0', '0.1', ...where], { cwd });
    expect([queued.exitCode, queued.stderr]).toEqual([2, expect.stringMatching(/trial 0 of study "\S+" is queued and has not been asked yet/)]);
    const asked = JSON.parse((await hypertune(['ask', ...where], { cwd })).stdout) as Asked;
    const pruned = await hypertune(['tell', String(asked.id), '--state', 'pruned', ...where], { cwd });
    expect([pruned.exitCode, pruned.stderr]).toEqual([2, expect.stringMatching(/a pruned trial keeps its last value/)]);
  });

  it.skipIf(skip).sequential('prints the ask and tell lines with the study name quoted for the shell', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', 'metric: loss\nparams:\n  x: uniform(-1, 1)\n');
    const name = `${studies.next()} "q" $HOME`;
    const created = await hypertune(['create', 'space.yaml', '--study', name, ...flags()], { cwd });
    expect(created.exitCode, created.stderr).toBe(0);
    const line = created.stdout.split('\n').find((text) => text.startsWith('Ask for a trial:')) ?? '';
    expect(line).toContain(`--study '${name}'`);
    // pasted into bash as printed (with PostgreSQL it names --storage <url>, for the user to fill in)
    if (flags().length === 0) {
      const asked = await execa('bash', ['-c', line.replace('Ask for a trial:  hypertune', `'${NODE}' '${BIN}'`)], { cwd, reject: false });
      expect(asked.exitCode, asked.stderr).toBe(0);
    }
  });

  it.skipIf(skip).sequential("takes a job's values step by step (tell ID VALUE --step N) and says when the study's pruner would stop it", async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', 'metric: loss\nparams:\n  x: uniform(-1, 1)\n');
    const where = ['--study', studies.next(), ...flags()];
    const created = await hypertune(['create', 'space.yaml', ...where, '--prune', 'median', '--startup-trials', '2', '--warmup-steps', '0', '--max-steps', '4'], { cwd });
    expect(created.stdout).toMatch(/, prune median; stored in /);
    const ask = async (): Promise<number> => (JSON.parse((await hypertune(['ask', ...where], { cwd })).stdout) as Asked).id;
    const step = (id: number, value: string, n: number) => hypertune(['tell', ...where, String(id), value, '--step', String(n)], { cwd });
    for (const id of [await ask(), await ask()]) {
      for (let n = 1; n <= 4; n++) expect((await step(id, String(1 / n), n)).stdout).toBe('continue');
      expect((await hypertune(['tell', ...where, String(id), '0.25'], { cwd })).exitCode).toBe(0);
    }
    const good = await ask();
    expect((await step(good, '0.9', 1)).stdout).toBe('continue');
    const diverged = await ask();
    expect((await step(diverged, 'nan', 1)).stdout).toBe('prune: stopped at step 1: the metric was NaN');
    expect((await hypertune(['tell', ...where, String(diverged), '--state', 'failed', '--error', 'diverged'], { cwd })).exitCode).toBe(0);
    const bad = await ask();
    const verdict = await step(bad, '5', 1);
    expect([verdict.exitCode, verdict.stdout]).toEqual([0, expect.stringMatching(/^prune: pruned at step 1 \(median\)/)]);
    expect((await hypertune(['tell', ...where, String(bad), '5', '--state', 'pruned'], { cwd })).exitCode).toBe(0);
    const summary = JSON.parse((await hypertune(['summary', ...where, '--format', 'json'], { cwd })).stdout) as { trials: Array<SummaryTrial & { steps: number[] }> };
    expect(summary.trials.find((t) => t.id === bad)).toMatchObject({ state: 'pruned', value: 5, steps: [1] });
    expect(summary.trials.find((t) => t.id === good)).toMatchObject({ state: 'running', steps: [1] });
    // a value at a step of a finished trial, or beside --state, is refused
    expect((await step(bad, '1', 2)).exitCode).toBe(2);
    expect((await hypertune(['tell', ...where, String(good), '1', '--step', '2', '--state', 'pruned'], { cwd })).exitCode).toBe(2);
    // the pruner is the study's: create again with another is refused
    expect((await hypertune(['create', 'space.yaml', ...where, '--prune', 'asha'], { cwd })).stderr).toMatch(/prunes with median as it was made/);
  });

  it.skipIf(skip).sequential('refuses to resume a study made for ask and tell', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', 'metric: loss\nparams:\n  x: uniform(-1, 1)\n');
    const where = ['--study', studies.next(), ...flags()];
    expect((await hypertune(['create', 'space.yaml', ...where], { cwd })).exitCode).toBe(0);
    const resume = await hypertune(['resume', ...where], { cwd });
    expect(resume.exitCode).toBe(2);
    expect(resume.stderr).toMatch(/made by `hypertune create` and has no command to run/);
  });

  it.skipIf(skip).sequential("refuses a job's tell when its study was removed and made again since its ask (a re-audit: the old result was stored as the new trial's)", async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', 'metric: loss\nparams:\n  x: uniform(-1, 1)\n');
    const study = studies.next();
    const where = ['--study', study, ...flags()];
    expect((await hypertune(['create', 'space.yaml', ...where], { cwd })).exitCode).toBe(0);
    const lines = (await hypertune(['ask', '--format', 'env', ...where], { cwd })).stdout.trimEnd().split('\n');
    const jobEnv = Object.fromEntries(lines.map((line) => /^export (\w+)='(.*)'$/.exec(line)).filter((m) => m !== null).map((m) => [m[1], m[2]]));
    expect(jobEnv['HYPERTUNE_STUDY_MADE']).toMatch(/^\d+$/);
    expect((await hypertune(['remove', study, '--yes', '--force', ...flags()], { cwd })).exitCode).toBe(0);
    expect((await hypertune(['create', 'space.yaml', ...where], { cwd })).exitCode).toBe(0);
    const fresh = JSON.parse((await hypertune(['ask', '--format', 'json', ...where], { cwd })).stdout) as Asked;
    expect(fresh.id).toBe(0);
    const old = await hypertune(['tell', '0', '0.123', ...where], { cwd, env: jobEnv });
    expect(old.stderr).toContain(`trial 0 was asked from study "${study}" as it was made at`);
    expect((await hypertune(['tell', '0', '0.5', '--step', '1', ...where], { cwd, env: jobEnv })).exitCode).toBe(2);
    expect(old.exitCode).toBe(2);
    expect(old.stderr).not.toContain('run the same tell again');
    // ask's JSON carries it too, for tell --made (a re-audit)
    expect(fresh.made).toEqual(expect.any(Number));
    expect((await hypertune(['tell', '0', '0.123', '--made', String(Number(jobEnv['HYPERTUNE_STUDY_MADE'])), ...where], { cwd })).exitCode).toBe(2);
    // the new study's own job tells it
    expect((await hypertune(['tell', '0', '0.25', '--made', String(fresh.made), ...where], { cwd })).exitCode).toBe(0);
    // steps never go back under tell --step
    const next = JSON.parse((await hypertune(['ask', '--format', 'json', ...where], { cwd })).stdout) as Asked;
    expect((await hypertune(['tell', String(next.id), '0.5', '--step', '2', ...where], { cwd })).exitCode).toBe(0);
    const back = await hypertune(['tell', String(next.id), '0.4', '--step', '1', ...where], { cwd });
    expect(back.exitCode).toBe(2);
    expect(back.stderr).toContain(`tell --step 1 comes after step 2 of trial ${next.id}; steps never go back`);
    // the same tell again (a retry) is not a second value; another value at the step is (a user audit)
    expect((await hypertune(['tell', String(next.id), '0.5', '--step', '2', ...where], { cwd })).stdout).toBe('continue');
    expect((await hypertune(['tell', String(next.id), '0.45', '--step', '2', ...where], { cwd })).exitCode).toBe(0);
    // a preempted job hands its trial back: interrupted, its parameters to the next ask; the study from the job's environment
    const handed = await hypertune(['tell', String(next.id), '--state', 'interrupted', ...flags()], { cwd, env: { HYPERTUNE_STUDY: where[1] ?? '' } });
    expect(handed.exitCode, handed.stderr).toBe(0);
    expect(handed.stdout).toBe(`Trial ${next.id} of study ${where[1]}: interrupted: handed back by \`hypertune tell\` (preempted): its parameters go to the next ask`);
    const again = JSON.parse((await hypertune(['ask', '--format', 'json', ...where], { cwd })).stdout) as Asked & { retry_of?: number | null };
    expect(again.params).toEqual(next.params);
    const summary = JSON.parse((await hypertune(['summary', ...where, '--format', 'json'], { cwd })).stdout) as { trials: Array<{ id: number; state: string; intermediate: number[] }> };
    expect(summary.trials.find((t) => t.id === next.id)).toMatchObject({ state: 'interrupted', intermediate: [0.5, 0.45] });
  });

  it.skipIf(skip).sequential('create again changes what bounds the study: its target, time budget and stop rule, a rule met lifted', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', 'metric: loss\nparams:\n  x: uniform(-1, 1)\n');
    const where = ['--study', studies.next(), ...flags()];
    expect((await hypertune(['create', 'space.yaml', '--trials', '3', '--stop-at', '0.5', ...where], { cwd })).stdout).toContain('over 3 trials, or until loss <= 0.5');
    const asked = JSON.parse((await hypertune(['ask', '--format', 'json', ...where], { cwd })).stdout) as Asked;
    // values as a program prints them only; a failure has none
    for (const [value, reason] of [['0x10', 'expected a number'], ['nan', 'told with --state failed']]) {
      expect((await hypertune(['tell', String(asked.id), value as string, ...where], { cwd })).stderr).toContain(reason);
    }
    expect((await hypertune(['tell', String(asked.id), '0.4', '--state', 'failed', ...where], { cwd })).stderr).toContain('a failed trial has no value');
    expect((await hypertune(['tell', String(asked.id), '0.1', ...where], { cwd })).exitCode).toBe(0);
    const stopped = await hypertune(['ask', ...where], { cwd });
    expect(stopped.exitCode).toBe(1);
    const again = await hypertune(['create', 'space.yaml', '--trials', '5', '--stop-at', 'none', '--time-budget', '1h', ...where], { cwd });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^Study exists: study \S+: minimize loss over 5 trials or 1h00m of trial time, auto/);
    expect((await hypertune(['ask', ...where], { cwd })).exitCode).toBe(0);
  });
});
