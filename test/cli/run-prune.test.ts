import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE, PYTHON, SH, hypertune, medianPrunedStudy, program, readLines, stillAlive, summaryJson, tempDir, writeFile } from './helpers/hypertune.js';

const epochs = program('epochs.mjs');
// epochs.mjs's curves in sh, where a test needs none of its process bookkeeping: a third of node's CPU
// to start, and these tests run dozens of trials
const epochsSh = [SH, program('epochs.sh')];
const SPACE = `metric: loss
params:
  x: uniform(-1, 1)
`;

/** Every pid a run's programs logged (programs and their grandchildren). */
function loggedPids(log: string): number[] {
  return readLines(log).flatMap((line) => (line.startsWith('pids ') ? line.split(' ').slice(1).map(Number) : []));
}

describe('run --prune, end to end with real programs', () => {
  it('says a trial was stopped at the step the pruner decided at, not at a value printed while the decision reached it, in show, summary and the report', async () => {
    // two evaluations per write: the second is read before the first is judged, and is kept in the curve
    // (show said "stopped at step 30000" of a trial the pruner stopped at step 25000; a user audit)
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'metric: return\ngoal: maximize\nparams:\n  x: uniform(-1, 1)\n');
    const args = ['--prune', 'median', '--startup-trials', '2', '--algo', 'random', '--seed', '3'];
    const run = await hypertune(['run', 'space.yaml', '--trials', '8', ...args, '--', SH, program('prints-evals.sh')], { cwd: dir, env: { PER_WRITE: '2', EVERY_MS: '150', EVALS: '12' } });
    expect(run.exitCode, run.stderr).toBe(0);
    const pruned = (await summaryJson(dir)).trials.filter((t) => t.state === 'pruned');
    expect(pruned.length).toBeGreaterThan(0);
    expect(pruned.some((t) => (t.steps.at(-1) as number) > (t.stopped_at_step as number))).toBe(true);
    await hypertune(['report', '-o', 'r.html'], { cwd: dir });
    const data = /<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(readFileSync(join(dir, 'r.html'), 'utf8'))?.[1] ?? '{}';
    const reported = (JSON.parse(data) as { trials: Array<{ id: number; stoppedAt: number | null }> }).trials;
    const table = (await hypertune(['summary'], { cwd: dir })).stdout;
    for (const trial of pruned) {
      const decided = Number(/^pruned at step (\d+) \(median\)/.exec(trial.error ?? '')?.[1]);
      expect(trial.stopped_at_step).toBe(decided);
      expect(run.stdout).toContain(`trial ${trial.id}  pruned  return=`);
      expect(reported.find((t) => t.id === trial.id)?.stoppedAt).toBe(decided);
      const shown = (await hypertune(['show', String(trial.id)], { cwd: dir })).stdout.split('\n')[0];
      const last = trial.steps.at(-1) as number;
      expect(shown).toBe(`trial ${trial.id} of study space: pruned, stopped at step ${decided}, last return ${trial.value}${last > decided ? ` (at step ${last}: printed before the stop landed)` : ''}`);
    }
    const steps = pruned.map((t) => t.stopped_at_step as number).sort((a, b) => a - b);
    expect(table).toContain(`stopped at step ${steps[0]}`);
  });

  it('stops hopeless trials, whose whole process groups are gone; summary and resume handle them', async () => {
    const dir = tempDir();
    const log = join(dir, 'pids.log');
    writeFile(dir, 'space.yaml', SPACE);
    const args = ['--prune', 'median', '--startup-trials', '2', '--warmup-steps', '1', '--algo', 'random', '--seed', '3'];
    const env = { PIDS_FILE: log, EPOCH_MS: '15' };
    const run = await hypertune(['run', 'space.yaml', '--trials', '8', ...args, '--', NODE, epochs], { cwd: dir, env });
    expect(run.exitCode).toBe(0);
    const summary = await summaryJson(dir);
    const pruned = summary.trials.filter((t) => t.state === 'pruned');
    expect(pruned.length).toBeGreaterThan(0);
    expect(summary.counts.complete + summary.counts.pruned).toBe(8);
    expect(run.stdout).toContain(`Done: 8 of 8 trials finished (${summary.counts.complete} complete, 0 failed, ${pruned.length} pruned)`);
    for (const trial of pruned) {
      // the step the pruner judged, as its reason names it; a value printed meanwhile may follow it
      expect(trial.error).toMatch(new RegExp(`^pruned at step ${trial.stopped_at_step} `));
      expect(trial.stopped_at_step).toBeLessThanOrEqual(trial.steps[trial.steps.length - 1] as number);
      expect(trial.stopped_at_step).toBeLessThan(12);
      expect(trial.stopped_at_step).toBeGreaterThan(1); // the warm-up step is never judged
      expect(trial.value).toBe(trial.intermediate[trial.intermediate.length - 1]);
      expect(trial.error).toMatch(/^pruned at step \d+ \(median\): best value so far .* is worse than the median .*its process group was stopped \(SIGTERM\)$/s);
    }
    expect(run.stdout).toMatch(/^trial \d+ {2}pruned {2}loss=/m);
    // every program and every grandchild is gone once the run is over (given the kernel a moment to reap them)
    const pids = loggedPids(log);
    expect(pids).toHaveLength(16);
    expect(await stillAlive(pids)).toEqual([]);

    const table = await hypertune(['summary'], { cwd: dir });
    expect(table.stdout).toContain(`${pruned.length} pruned`);
    expect(table.stdout).toMatch(/Pruned: \d+ trials?, stopped at step \d+(-\d+)? of 12/);
    const csv = await hypertune(['summary', '--format', 'csv'], { cwd: dir });
    expect(csv.stdout).toMatch(/^\d+,pruned,[\d.]+,[\d.]+,[\d]*,false,random,\d+,/m);
    const first = pruned[0];
    // the step the pruner decided at, as summary counts it and the error names it
    expect((await hypertune(['show', String(first?.id)], { cwd: dir })).stdout).toContain(`: pruned, stopped at step ${first?.stopped_at_step}, last loss `);

    // resume runs only new trials: the pruned ones are finished
    const resumed = await hypertune(['resume', '--trials', '9'], { cwd: dir, env });
    expect(resumed.exitCode).toBe(0);
    const after = await summaryJson(dir);
    expect(after.trials.map((t) => t.id)).toEqual([...Array(9).keys()]);
    expect(after.trials.slice(0, 8)).toEqual(summary.trials);
  });

  it('stops a diverging run at its first NaN, within moments of the line, and records it failed, as without a pruner', async () => {
    const dir = tempDir();
    const log = join(dir, 'pids.log');
    writeFile(dir, 'space.yaml', 'metric: loss\nparams:\n  x: uniform(0.6, 1)\n');
    const run = await hypertune(['run', 'space.yaml', '--trials', '2', '--prune', 'asha', '--', NODE, epochs], {
      cwd: dir,
      env: { PIDS_FILE: log, NAN_ABOVE: '0.5', EPOCH_MS: '250' },
    });
    // every run diverged: no trial completed, so the run fails (exit 1), as the same study without --prune does
    expect(run.exitCode).toBe(1);
    const summary = await summaryJson(dir);
    expect(summary.trials.map((t) => [t.state, t.value])).toEqual([['failed', null], ['failed', null]]);
    expect(summary.counts).toMatchObject({ complete: 0, failed: 2, pruned: 0 });
    expect(summary.trials[0]?.error).toMatch(/^stopped at step 3: the metric was NaN/);
    // its curve up to the NaN is kept
    expect(summary.trials[0]?.intermediate.slice(0, 2).every((v) => Number.isFinite(v))).toBe(true);
    // SIGTERM came before the program printed another line (250 ms later)
    const lines = readLines(log);
    const nanAt = lines.filter((l) => l.startsWith('line 3 ')).map((l) => Number(l.split(' ')[2]));
    const termAt = lines.filter((l) => l.startsWith('sigterm ')).map((l) => Number(l.split(' ')[2]));
    expect(lines.some((l) => l.startsWith('line 4 '))).toBe(false);
    expect(termAt).toHaveLength(2);
    termAt.forEach((at, i) => expect(at - (nanAt[i] as number)).toBeLessThan(250));
    expect(await stillAlive(loggedPids(log))).toEqual([]);
  });

  it('kill -9 of the tuner while a trial is being pruned loses nothing: the reaper ends the group, resume re-runs it', async () => {
    const dir = tempDir();
    const log = join(dir, 'pids.log');
    writeFile(dir, 'space.yaml', 'metric: loss\nparams:\n  x: uniform(0.6, 1)\n');
    const env = { PIDS_FILE: log, NAN_ABOVE: '0.5', IGNORE_SIGTERM: '1', EPOCH_MS: '40' };
    const tuner = hypertune(['run', 'space.yaml', '--trials', '2', '--prune', 'median', '--kill-grace', '30', '--', NODE, epochs], { cwd: dir, env });
    for (let i = 0; i < 400 && !readLines(log).some((l) => l.startsWith('sigterm ')); i++) await new Promise((r) => setTimeout(r, 25));
    tuner.kill('SIGKILL');
    await tuner;
    const pids = loggedPids(log);
    expect(await stillAlive(pids)).toEqual([]);
    const before = await summaryJson(dir);
    expect(before.trials[0]?.state).toBe('running');
    // the values it reported before the NaN are in the journal (the NaN stopped it at once, before its own write)
    const kept = before.trials[0]?.steps ?? [];
    expect(kept.length).toBeGreaterThanOrEqual(2);
    expect(kept).toEqual([1, 2, 3].slice(0, kept.length));

    const resumed = await hypertune(['resume'], { cwd: dir, env: { ...env, IGNORE_SIGTERM: '' } });
    // both runs diverge: failed, as without a pruner, and a study with no complete trial ends with exit 1
    expect(resumed.exitCode).toBe(1);
    const after = await summaryJson(dir);
    expect(after.trials[0]).toMatchObject({ state: 'interrupted', intermediate: before.trials[0]?.intermediate });
    expect(after.counts).toMatchObject({ failed: 2, interrupted: 1 });
    expect(readFileSync(join(dir, '.hypertune', 'space', 'journal.jsonl'), 'utf8')).toContain('"state":"failed"');
  });

  it('under the default auto, the GP goes on proposing after trials are pruned, and resume continues', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    const env = { EPOCH_MS: '25', EPOCHS: '9' };
    const args = ['--prune', 'asha', '--min-steps', '1', '--seed', '2', '--parallel', '2'];
    const run = await hypertune(['run', 'space.yaml', '--trials', '14', ...args, '--', ...epochsSh], { cwd: dir, env });
    expect(run.exitCode).toBe(0);
    const summary = await summaryJson(dir);
    expect(summary.counts.pruned).toBeGreaterThan(0);
    expect(summary.trials.some((t) => t.state === 'complete' && t.steps.length === 9)).toBe(true);
    // the first 8 are start-up points; a complete trial has shown a full run, so no hand-over to the TPE
    const later = summary.trials.filter((t) => t.id >= 10);
    expect(later.map((t) => t.sampler)).toEqual(later.map(() => 'gp'));
    const resumed = await hypertune(['resume', '--trials', '16'], { cwd: dir, env });
    expect(resumed.exitCode).toBe(0);
    const after = await summaryJson(dir);
    expect(after.trials.slice(14).map((t) => t.sampler)).toEqual(['gp', 'gp']);
  });

  it('under the TPE or random search, stops no trial before the step where the finished curves turned up', async () => {
    // curves that turn up after epoch 5, their best (overfitting): once three trials are complete, the
    // median pruner (judging from step 2) stops no trial before step 5; with falling curves it stops earlier
    const stops = async (env: Record<string, string>) => {
      const dir = tempDir();
      writeFile(dir, 'space.yaml', SPACE);
      const args = ['--prune', 'median', '--startup-trials', '2', '--warmup-steps', '1', '--algo', 'random', '--seed', '3'];
      const run = await hypertune(['run', 'space.yaml', '--trials', '12', ...args, '--', ...epochsSh], { cwd: dir, env: { EPOCH_MS: '25', ...env } });
      expect(run.exitCode).toBe(0);
      const trials = (await summaryJson(dir)).trials;
      const third = trials.filter((t) => t.state === 'complete')[2]?.id ?? Infinity;
      const said = run.stdout.match(/--prune median: the best finished trials' curves turn up after step 5 \(overfitting\?\), so no trial is stopped before it/g) ?? [];
      return { steps: trials.filter((t) => t.state === 'pruned' && t.id > third).map((t) => t.stopped_at_step as number), said: said.length };
    };
    const falling = await stops({});
    expect(falling.steps.some((step) => step < 5)).toBe(true);
    expect(falling.said).toBe(0);
    const turning = await stops({ TURN_AFTER: '5' });
    expect(turning.steps.length).toBeGreaterThan(0);
    expect(turning.steps.every((step) => step >= 5)).toBe(true);
    // said once, however many trials it let go on
    expect(turning.said).toBe(1);
  });
});

describe.concurrent('run --prune with a program that prints its epochs as a table', () => {
  it("judges each row at the step its epoch column gives (fastai's form)", async () => {
    const { complete, pruned } = await medianPrunedStudy(tempDir(), [], [SH, program('prints-table.sh')]);
    for (const trial of complete) expect(trial.steps).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const trial of pruned) {
      expect(trial.steps).toEqual([...Array(trial.steps.length).keys()]);
      expect(trial.stopped_at_step).toBeGreaterThan(1);
      expect(trial.stopped_at_step).toBeLessThan(7);
    }
  });
});

describe.concurrent("run --prune with a progress bar (Keras' verbose=1)", () => {
  it("judges each epoch by the bar's last state, not by its first batch", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    const args = ['--trials', '5', '--prune', 'median', '--startup-trials', '2', '--algo', 'random', '--seed', '1'];
    // an epoch every 80 ms: at 20 ms a loaded machine (load 11: a benchmark, a helper and the suite) ran every
    // trial to its end before a decision landed, and none was pruned
    const run = await hypertune(['run', 'space.yaml', ...args, '--', SH, program('keras-bar.sh')], { cwd: dir, env: { EPOCH_MS: '80' } });
    expect(run.exitCode).toBe(0);
    const { trials } = await summaryJson(dir);
    for (const trial of trials) {
      const x = Number(trial.params.x);
      const finals = trial.steps.map((step) => Number(((x - 0.3) ** 2 + 1 / step).toFixed(4)));
      expect(trial.steps).toEqual([1, 2, 3, 4].slice(0, trial.steps.length));
      expect(trial.intermediate).toEqual(finals);
    }
    expect(trials.filter((t) => t.state === 'pruned').length).toBeGreaterThan(0);
  });
});

// these five blocks check what is read and said, not whether a stop lands in time: they run side by
// side (each its own folder); the blocks above, whose pruning races their programs, run in turn
describe.concurrent('run --prune with a program whose values all come at its end', () => {
  it('leaves complete a program whose whole run reached the tuner at once, at its end: the decisions came after it had finished (a user audit)', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    // runs of 6 to 12 epochs (early stopping): before, asha stopped 6 of these 12 finished runs, and the
    // median stopped runs at their own last step, a decision about the latest line (a re-audit)
    // the three studies run at once, each its own: whatever the decisions' timing, each run's values are all in before any
    const dumped = ['asha', 'median'].map(async (pruner) => {
      const args = ['--study', pruner, '--prune', pruner, '--algo', 'random', '--seed', '3', ...(pruner === 'median' ? ['--startup-trials', '2', '--warmup-steps', '1'] : [])];
      const run = await hypertune(['run', 'space.yaml', '--trials', '12', ...args, '--', SH, program('dumps-epochs.sh')], { cwd: dir });
      expect(run.exitCode).toBe(0);
      const summary = await summaryJson(dir, ['--study', pruner]);
      expect(summary.counts).toMatchObject({ complete: 12, pruned: 0 });
      for (const trial of summary.trials) {
        const epochs = Math.round(6 + 6 * Math.abs(Number(trial.params['x'])));
        expect(trial.steps).toEqual([...Array(epochs).keys()].map((i) => i + 1));
      }
    });
    // a Python program, its output buffered to its exit: the median's first decision was about a run's own last line
    writeFile(dir, 'lr.yaml', 'metric: val_loss\nparams:\n  lr: loguniform(1e-4, 1)\n');
    // (env -u: hypertune sets PYTHONUNBUFFERED for its trials, even over an empty one)
    const buffered = (async () => {
      const python = await hypertune(['run', 'lr.yaml', '--prune', 'median', '--trials', '30', '--seed', '1', '--', 'env', '-u', 'PYTHONUNBUFFERED', PYTHON, program('dumps-early-stop.py')], { cwd: dir });
      expect(python.exitCode).toBe(0);
      expect((await summaryJson(dir, ['--study', 'lr'])).counts).toMatchObject({ complete: 30, pruned: 0 });
    })();
    await Promise.all([...dumped, buffered]);
  });
});

describe.concurrent('run --prune, its settings', () => {
  it('bad pruner settings are one-line usage errors (exit 2)', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    const bad = await hypertune(['run', 'space.yaml', '--prune', 'fastest', '--', NODE, epochs], { cwd: dir });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('expected one of none, median, asha, hyperband, got "fastest"');
    const order = await hypertune(['run', 'space.yaml', '--prune', 'asha', '--min-steps', '9', '--max-steps', '3', '--', NODE, epochs], { cwd: dir });
    expect(order.exitCode).toBe(2);
    expect(order.stderr.trim()).toBe('hypertune: max steps (3) must be at least min steps (9)');
    writeFile(dir, 'bad.yaml', `${SPACE}prune:\n  pruner: asha\n  reduction_factor: 1\n`);
    const file = await hypertune(['run', 'bad.yaml', '--', NODE, epochs], { cwd: dir });
    expect(file.exitCode).toBe(2);
    expect(file.stderr.trim().split('\n')).toHaveLength(1);
    expect(file.stderr).toMatch(/bad\.yaml:6.*prune: reduction_factor must be a number >= 2 \(got 1\)/);
    const unused = await hypertune(['run', 'space.yaml', '--warmup-steps', '4', '--', NODE, epochs], { cwd: dir });
    expect([unused.exitCode, unused.stderr]).toEqual([2, 'hypertune: --warmup-steps sets a pruner, but none is on: add --prune asha, median or hyperband (or prune: in the space file)']);
    // another pruner's setting does nothing either (a user audit: asha pruned inside the warm-up it was given)
    const foreign = await hypertune(['run', 'space.yaml', '--prune', 'asha', '--warmup-steps', '4', '--', NODE, epochs], { cwd: dir });
    expect([foreign.exitCode, foreign.stderr]).toEqual([2, 'hypertune: --warmup-steps is a setting of median, not of asha, which takes --min-steps (its first rung: nothing is pruned before it) and --reduction-factor']);
    const median = await hypertune(['run', 'space.yaml', '--prune', 'median', '--min-steps', '3', '--', NODE, epochs], { cwd: dir });
    expect(median.stderr).toBe('hypertune: --min-steps is a setting of asha and hyperband, not of median, which takes --warmup-steps and --startup-trials');
  });
});

describe.concurrent("run with Keras' model.evaluate after fit", () => {
  it("takes evaluate's bar as the result, not as one more point at the last epoch, in Keras 2's and 3's bars, with a callback's line between (a user audit)", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    // the two studies run at once, each its own: what is read does not depend on when a decision lands
    const bars = [['keras3', { EVALUATE: '1' }], ['keras2', { EVALUATE: '1', KERAS2: '1', CALLBACK: '1' }]] as const;
    await Promise.all(bars.map(async ([study, env]) => {
      const args = ['--study', study, '--trials', '4', '--prune', 'median', '--startup-trials', '2', '--algo', 'random', '--seed', '1'];
      const run = await hypertune(['run', 'space.yaml', ...args, '--', SH, program('keras-bar.sh')], { cwd: dir, env });
      expect(run.exitCode, run.stderr).toBe(0);
      const { trials } = await summaryJson(dir, ['--study', study]);
      for (const trial of trials) {
        const x = Number(trial.params.x);
        expect(trial.steps).toEqual([1, 2, 3, 4].slice(0, trial.steps.length));
        expect(trial.intermediate).toEqual(trial.steps.map((step) => Number(((x - 0.3) ** 2 + 1 / step).toFixed(4))));
        if (trial.state === 'complete') expect(trial.value).toBe(Number(((x - 0.3) ** 2 + 0.05).toFixed(4)));
      }
      expect(trials.filter((t) => t.state === 'complete').length).toBeGreaterThan(1);
    }));
  });
});

describe.concurrent("run with Hugging Face's Trainer", () => {
  it("steps its logs by their epoch also when it prints floats as strings, and takes trainer.evaluate() after training as the result (a user audit)", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'metric: eval_loss\nparams:\n  x: uniform(-1, 1)\n');
    // the two studies run at once, each its own: what is read does not depend on when a decision lands
    const logs = [['strings', { FINAL_EVAL: '1' }], ['floats', { FINAL_EVAL: '1', OLD: '1' }]] as const;
    await Promise.all(logs.map(async ([study, env]) => {
      const args = ['--study', study, '--trials', '4', '--prune', 'median', '--startup-trials', '2', '--algo', 'random', '--seed', '1'];
      const run = await hypertune(['run', 'space.yaml', ...args, '--', PYTHON, program('hf-trainer.py')], { cwd: dir, env });
      expect(run.exitCode, run.stderr).toBe(0);
      const { trials } = await summaryJson(dir, ['--study', study]);
      for (const trial of trials) {
        const q = (Number(trial.params.x) - 0.3) ** 2;
        // `'epoch': '1'` gave no step, and the evaluation after training was a fourth point
        expect(trial.steps).toEqual([1, 2, 3].slice(0, trial.steps.length));
        expect(trial.intermediate).toEqual(trial.steps.map((epoch) => expect.closeTo(0.5 + q - 0.1 * epoch, 3)));
        if (trial.state === 'complete') expect(trial.value).toBeCloseTo(0.2 + q, 3);
      }
      expect(trials.filter((t) => t.state === 'complete').length).toBeGreaterThan(1);
    }));
    // the training loss, logged every 10 steps, at the epoch each log falls in
    const parsed = await hypertune(['parse', '--metric', 'loss', join(dir, '.hypertune', 'strings', 'trials', '0', 'stdout.log')], { cwd: dir });
    expect(parsed.stdout).toMatch(/line 1: \S+ \(step 1\).*\n.*line 2: \S+ \(step 1\).*\n.*line 4: \S+ \(step 2\)/);
  });
});

describe.concurrent('run --prune with programs it cannot judge while they run', () => {
  it('says once that a program reports a single value, and once that its values came all at once at its end', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    // one line, x squared, in sh: node's start cost a few times sh's CPU
    writeFile(dir, 'once.sh', 'awk -v x="$HP_X" \'BEGIN { printf "loss=%.17g\\n", x * x }\'\n');
    const args = ['run', 'space.yaml', '--prune', 'median', '--algo', 'random', '--seed', '1'];
    // three studies at once, each its own
    const [single, held, plain] = await Promise.all([
      hypertune([...args, '--study', 'single', '--trials', '3', '--', SH, 'once.sh'], { cwd: dir }),
      hypertune([...args, '--study', 'held', '--trials', '2', '--parallel', '2', '--', NODE, program('prints-at-exit.mjs')], { cwd: dir }),
      hypertune(['run', 'space.yaml', '--study', 'plain', '--trials', '2', '--algo', 'random', '--', SH, 'once.sh'], { cwd: dir }),
    ]);
    expect(single.exitCode).toBe(0);
    expect(single.stdout.match(/reported a single value: --prune median judges a trial by the values it prints while it runs/g)).toHaveLength(1);
    expect(held.exitCode).toBe(0);
    expect(held.stdout.match(/5 values all arrived as it ended: its output looks buffered, so --prune could not judge it while it ran/g)).toHaveLength(1);
    // without a pruner nothing is said
    expect(plain.exitCode).toBe(0);
    expect(plain.stdout).not.toContain('single value');
  });
});
