// explain, report and the summary's importance section through the built binary, on studies made by
// `hypertune run` itself: the journal (finished and still running) and PostgreSQL when one is given.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(root, 'bin', 'hypertune.js');
const TRAIN = join(root, 'examples', 'train.mjs');
const SPACE = join(root, 'examples', 'space.yaml');
// paced-train.mjs's lines in sh: 15 trials at a fraction of node's start cost
const PACED = join(root, 'test', 'fixtures', 'programs', 'paced-train.sh');
// a shell-script trial: starts for a fraction of node's ~0.1 s of CPU (see its header)
const QUADRATIC = join(root, 'test', 'fixtures', 'programs', 'loop-quadratic.sh');
const POSTGRES = process.env['HYPERTUNE_TEST_POSTGRES'];
const dirs: string[] = [];

function hypertune(args: string[], cwd: string) {
  return execa(process.execPath, [BIN, ...args], { cwd, reject: false, env: { NO_COLOR: '1' }, stdin: 'ignore' });
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hypertune-explain-'));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

// Every block runs at once with the others (concurrent): each has its own study, and their runs wait on
// their programs' epochs and on the running study, one after the other 17 s of the suite.

interface Explained {
  trial: number;
  ran: boolean;
  model: string | null;
  chosen: { value: unknown } | null;
  actual: unknown;
  curve: unknown[];
}

describe.skipIf(!existsSync(join(root, 'dist', 'cli', 'main.js')))('explain and report on a real study', { concurrent: true }, () => {
  let cwd: string;

  beforeAll(async () => {
    cwd = tempDir();
    const run = await hypertune(['run', SPACE, '--trials', '16', '--seed', '7', '--algo', 'tpe', '--', process.execPath, TRAIN], cwd);
    expect(run.exitCode, run.stderr).toBe(0);
  });

  it('recomputes exactly the value each modelled trial got', async () => {
    for (const at of [9, 15]) {
      const result = await hypertune(['explain', 'lr', '--at', String(at), '--json'], cwd);
      expect(result.exitCode, result.stderr).toBe(0);
      const explained = JSON.parse(result.stdout) as Explained;
      expect(explained).toMatchObject({ trial: at, ran: true });
      expect(explained.model).not.toBeNull();
      expect(explained.chosen?.value).toBe(explained.actual);
      expect(explained.curve).toHaveLength(60);
    }
  });

  it('draws the next proposal in the terminal, with bars for a choice', async () => {
    const numeric = await hypertune(['explain', 'lr'], cwd);
    expect(numeric.exitCode, numeric.stderr).toBe(0);
    expect(numeric.stdout).toMatch(/^lr at the next proposal \(trial 16\), after 16 finished trials/);
    for (const row of ['l(x) good', 'g(x) bad', 'log l − log g', 'candidates']) expect(numeric.stdout).toContain(row);
    // trial 13: trial 12 is a space-filling point in this small space (docs/tpe.md, session 3), without a model
    const choice = await hypertune(['explain', 'optimizer', '--at', '13'], cwd);
    expect(choice.stdout).toMatch(/^ {2}(sgd|adam) +█+.*◀/m);
    const unknown = await hypertune(['explain', 'nope'], cwd);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('no tunable parameter "nope"');
  });

  it('writes one self-contained HTML report', async () => {
    const result = await hypertune(['report', '--out', 'r.html'], cwd);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Wrote r\.html \(16 trials, \d+ KB\)/);
    const html = readFileSync(join(cwd, 'r.html'), 'utf8');
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).toContain('uPlot');
    // the page's script and style sheet are the ones the build bundled, inlined whole
    expect(html).toContain(readFileSync(join(root, 'dist', 'report', 'html', 'client.js'), 'utf8').trim());
    expect(html).toContain(readFileSync(join(root, 'dist', 'report', 'html', 'client.css'), 'utf8').trim());
    const data = JSON.parse(/<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '{}') as { trials: Array<{ curve: number[] }>; densities: { steps: unknown[] } };
    expect(data.trials).toHaveLength(16);
    // examples/train.mjs prints its loss after each of its 5 epochs: every trial has its learning curve
    expect(data.trials.map((t) => t.curve.length)).toEqual(Array(16).fill(5));
    expect(data.densities.steps.length).toBeGreaterThan(1);
  });

  it('adds the importance section to the summary', async () => {
    const result = await hypertune(['summary'], cwd);
    expect(result.stdout).toMatch(/Parameter importance \(PED-ANOVA[^\n]*(\n {2}\S+ +[█▏▎▍▌▋▊▉ ]* +\d\.\d\d.*){4}/);
  });
});

describe.concurrent('explain of a Gaussian process when the goal is to maximize', () => {
  it('labels both the best so far, which then tops the chart, and the mean', async () => {
    const cwd = tempDir();
    // in sh, not node: 14 trials at a fraction of node's start cost
    writeFileSync(join(cwd, 'acc.sh'), 'awk -v x="$HP_X" \'BEGIN { printf "acc: %.17g\\n", 1 - (x - 0.7) ^ 2 }\'\n');
    writeFileSync(join(cwd, 'space.yaml'), 'metric: acc\ngoal: maximize\nparams:\n  x: uniform(0, 1)\n');
    expect((await hypertune(['run', 'space.yaml', '--trials', '14', '--seed', '2', '--', '/bin/sh', 'acc.sh'], cwd)).exitCode).toBe(0);
    const rows = (await hypertune(['explain', 'x'], cwd)).stdout.split('\n');
    expect(rows.filter((row) => row.startsWith('  best so far'))).toHaveLength(1);
    expect(rows.filter((row) => row.startsWith('  mean, 95 %'))).toHaveLength(1);
  });
});

describe.concurrent('explain and report while the study still runs', () => {
  it('reads the study as it is, running trials included', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'space.yaml'), 'metric: loss\nparams:\n  x: uniform(0, 1)\n');
    // (x - 0.3)^2 after 150 ms, in sh: the run goes on through the whole test, and as a node program
    // each of its dozens of trials cost ~0.1 s of CPU to start
    const log = join(cwd, 'trials.log');
    const run = execa(process.execPath, [BIN, 'run', 'space.yaml', '--trials', '200', '--seed', '1', '--algo', 'tpe', '--', '/bin/sh', QUADRATIC], { cwd, reject: false, env: { NO_COLOR: '1', LOOP_SLEEP_MS: '150', LOOP_LOG: log } });
    try {
      // one trial at a time: trial 12 starts once the 12 before it are finished. Its start line in the log
      // (read without a start of the binary) gates the summaries below: polled from the outset, they took
      // ~8 calls of ~0.2 s of CPU each
      const started = (): number => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((line) => line.startsWith('start ')).length : 0);
      for (let i = 0; i < 200 && started() < 13; i++) await new Promise((done) => setTimeout(done, 100));
      let finished = 0;
      for (let i = 0; i < 100 && finished < 12; i++) {
        await new Promise((done) => setTimeout(done, 200));
        const summary = await hypertune(['summary', '--format', 'json'], cwd);
        if (summary.exitCode === 0) finished = (JSON.parse(summary.stdout) as { counts: { complete: number } }).counts.complete;
      }
      expect(finished).toBeGreaterThanOrEqual(12);
      // every fifth proposal after the start-up is a space-filling point, which has no model: which one
      // comes next depends on how far the study got, so take explains until one is the model's
      let model: Explained['model'] = null;
      for (let i = 0; i < 10 && model === null; i++) {
        const explain = await hypertune(['explain', 'x', '--json'], cwd);
        expect(explain.exitCode, explain.stderr).toBe(0);
        model = (JSON.parse(explain.stdout) as Explained).model;
      }
      expect(model).not.toBeNull();
      // between two trials nothing runs for a moment: take reports until one catches a running trial
      let html = '';
      for (let i = 0; i < 20 && !/"state":"running"/.test(html); i++) {
        const report = await hypertune(['report', '--out', 'live.html'], cwd);
        expect(report.exitCode, report.stderr).toBe(0);
        html = readFileSync(join(cwd, 'live.html'), 'utf8');
      }
      expect(html).toMatch(/"state":"running"/);
    } finally {
      run.kill('SIGINT');
      await run;
    }
  });
});

describe.skipIf(POSTGRES === undefined)(`explain and report on PostgreSQL${POSTGRES === undefined ? ' (skipped: HYPERTUNE_TEST_POSTGRES is not set)' : ''}`, { concurrent: true }, () => {
  const study = `explain_${process.pid}_${Date.now()}`;
  // the database outlives the test: leave no study behind
  afterAll(async () => {
    const client = new pg.Client({ connectionString: POSTGRES });
    await client.connect();
    try {
      await client.query('DELETE FROM hypertune_studies WHERE name = $1', [study]);
    } finally {
      await client.end();
    }
  });

  it('reads the study through --storage', async () => {
    const cwd = tempDir();
    const storage = ['--storage', POSTGRES ?? ''];
    const run = await hypertune(['run', SPACE, '--study', study, ...storage, '--trials', '12', '--seed', '3', '--algo', 'tpe', '--', process.execPath, TRAIN], cwd);
    expect(run.exitCode, run.stderr).toBe(0);
    const explain = await hypertune(['explain', 'lr', '--study', study, ...storage, '--at', '11', '--json'], cwd);
    expect(explain.exitCode, explain.stderr).toBe(0);
    const explained = JSON.parse(explain.stdout) as Explained;
    expect(explained.chosen?.value).toBe(explained.actual);
    const report = await hypertune(['report', '--study', study, ...storage, '--out', 'pg.html'], cwd);
    expect(report.exitCode, report.stderr).toBe(0);
    expect(report.stdout).toContain('12 trials');
  });
});

describe.skipIf(!existsSync(join(root, 'dist', 'cli', 'main.js')))('explain on a pruned study under auto', { concurrent: true }, () => {
  it('names the sampler the run will use, and the value it then proposes', async () => {
    const cwd = tempDir();
    // a paced program: examples/train.mjs may exit before a stop reaches it on a loaded machine
    const args = ['--seed', '3', '--prune', 'asha', '--min-steps', '1', '--', '/bin/sh', PACED];
    const run = await hypertune(['run', SPACE, '--trials', '14', ...args], cwd);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/pruned/);
    // the GP goes on under pruning once a complete trial shows a full run (docs/pruning.md)
    const next = await hypertune(['explain', 'lr', '--json'], cwd);
    type GpExplained = { curve: Array<{ mean: number; lower: number; upper: number }>; chosen: { value: unknown }; lengths: Array<{ label: string }> };
    const explained = JSON.parse(next.stdout) as Explained & { sampler: string; proposed: unknown; gp: GpExplained };
    expect(explained).toMatchObject({ trial: 14, ran: false, sampler: 'gp' });
    // the GP's own model: its mean and band along lr at a full run, the pick, and the fitted length scales
    expect(explained.gp.curve).toHaveLength(60);
    expect(explained.gp.chosen.value).toBe(explained.proposed);
    expect(explained.gp.lengths.map((l) => l.label)).toEqual(['lr', 'momentum', 'optimizer', 'batch_size']);
    for (const p of explained.gp.curve) expect(p.lower <= p.mean && p.mean <= p.upper).toBe(true);
    const text = (await hypertune(['explain', 'lr'], cwd)).stdout;
    for (const row of ['  mean, 95 %', '  log EI', '  trials, ● best', '  proposal', 'Length scales', '  lr *']) expect(text).toContain(row);
    expect(text).toMatch(/^Gaussian process on \d+ trials, /m);
    // a choice's length is not on the numeric ones' scale, and the row says so (a user audit)
    expect(text).toMatch(/^ {2}optimizer .*between any two options: not comparable with the others' \(the options' means say what it changes\)$/m);
    const resumed = await hypertune(['resume', '--trials', '15'], cwd);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    const after = JSON.parse((await hypertune(['explain', 'lr', '--at', '14', '--json'], cwd)).stdout) as Explained;
    expect(after).toMatchObject({ ran: true, actual: explained.proposed });
  });
});
