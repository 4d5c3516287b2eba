// hypertune add through the built binary: results recorded without running, read back from
// summary's own CSV and JSON, checked row by row, and learnt from by the optimizer.
import { describe, expect, it } from 'vitest';
import { hypertune, SH, tempDir, writeFile, createdStudy } from './helpers/hypertune.js';

// a trial that prints a fixed loss, in sh: node's start cost ~0.1 s of CPU a trial, sh's a fraction of it
const printsLoss = [SH, '-c', 'echo "loss: 0.41"'];

const SPACE = `metric: loss
params:
  x: uniform(0, 1)
  kind:
    choice:
      - plain
      - boosted:
          rounds: randint(1, 50)
`;

interface Summary {
  counts: Record<string, number>;
  trials: Array<{ id: number; state: string; value: number | null; params: Record<string, unknown>; sampler: string }>;
}

async function summaryOf(cwd: string, study: string): Promise<Summary> {
  return JSON.parse((await hypertune(['summary', '--study', study, '--format', 'json'], { cwd })).stdout) as Summary;
}

// Each test its own folder, none racing a clock: they run side by side (describe.concurrent).
describe.concurrent('hypertune add', () => {
  it("reads back summary's CSV and JSON: same parameters, values and states, nothing run", async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', SPACE);
    const ran = await hypertune(['run', 'space.yaml', '--study', 'old', '--trials', '4', '--seed', '2', '--', ...printsLoss], { cwd });
    expect(ran.exitCode, ran.stderr).toBe(0);
    writeFile(cwd, 'old.csv', (await hypertune(['summary', '--study', 'old', '--format', 'csv'], { cwd })).stdout);
    const json = (await hypertune(['summary', '--study', 'old', '--format', 'json'], { cwd })).stdout;
    writeFile(cwd, 'old.json', json);
    const old = JSON.parse(json) as Summary;
    for (const format of ['csv', 'json']) {
      const study = `new-${format}`;
      expect((await hypertune(['create', 'space.yaml', '--study', study, '--trials', '10'], { cwd })).exitCode).toBe(0);
      const added = await hypertune(['add', '--study', study, '--from', `old.${format}`], { cwd });
      expect(added.exitCode, added.stderr).toBe(0);
      expect(added.stdout).toBe(`Added 4 results to study ${study} (trials 0 to 3): 4 complete, 0 failed.`);
      const copy = await summaryOf(cwd, study);
      expect(copy.trials.map((t) => [t.state, t.value, t.params])).toEqual(old.trials.map((t) => [t.state, t.value, t.params]));
      expect(copy.trials.map((t) => t.sampler)).toEqual(['added', 'added', 'added', 'added']);
    }
    // the same file again: added (a study may hold repeats), with a note that it looks added before
    const again = await hypertune(['add', '--study', 'new-csv', '--from', 'old.csv'], { cwd });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).toBe('hypertune: note: 4 of these results equal trials the study already held (the same parameters and loss): was old.csv added before?');
  });

  it("reads back summary's CSV of parameters named as its own columns (sampler, state, id, error), written params.<label>", async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', 'metric: loss\nparams:\n  sampler: choice(ddim, euler)\n  state: choice(warm, cold)\n  id: randint(1, 9)\n  error: uniform(0, 1)\n');
    const ran = await hypertune(['run', 'space.yaml', '--study', 'old', '--trials', '3', '--seed', '2', '--', ...printsLoss], { cwd });
    expect(ran.exitCode, ran.stderr).toBe(0);
    const csv = (await hypertune(['summary', '--study', 'old', '--format', 'csv'], { cwd })).stdout;
    expect(csv.split('\n')[0]).toBe('id,state,loss,duration_s,exit_code,startup,sampler,stopped_at_step,params.sampler,params.state,params.id,params.error,error');
    writeFile(cwd, 'old.csv', csv);
    expect((await hypertune(['create', 'space.yaml', '--study', 'copy'], { cwd })).exitCode).toBe(0);
    const added = await hypertune(['add', '--study', 'copy', '--from', 'old.csv'], { cwd });
    expect(added.exitCode, added.stderr).toBe(0);
    const [old, copy] = [await summaryOf(cwd, 'old'), await summaryOf(cwd, 'copy')];
    expect(copy.trials.map((t) => [t.state, t.value, t.params])).toEqual(old.trials.map((t) => [t.state, t.value, t.params]));
  });

  it("reads back summary's CSV of a switch written as a choice of its forms: the empty option is \"\", an inactive parameter an empty cell (a user audit)", async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', `${SPACE}  augment: choice("--augment", "")\n`);
    const ran = await hypertune(['run', 'space.yaml', '--study', 'old', '--trials', '6', '--seed', '2', '--', ...printsLoss], { cwd });
    expect(ran.exitCode, ran.stderr).toBe(0);
    const old = await summaryOf(cwd, 'old');
    expect(new Set(old.trials.map((t) => t.params['augment']))).toEqual(new Set(['--augment', '']));
    expect(new Set(old.trials.map((t) => t.params['kind']))).toEqual(new Set(['plain', 'boosted']));
    const csv = (await hypertune(['summary', '--study', 'old', '--format', 'csv'], { cwd })).stdout;
    expect(csv).toMatch(/,"",/);
    writeFile(cwd, 'old.csv', csv);
    expect((await hypertune(['create', 'space.yaml', '--study', 'copy'], { cwd })).exitCode).toBe(0);
    const added = await hypertune(['add', '--study', 'copy', '--from', 'old.csv'], { cwd });
    expect(added.exitCode, added.stderr).toBe(0);
    const copy = await summaryOf(cwd, 'copy');
    expect(copy.trials.map((t) => [t.state, t.value, t.params])).toEqual(old.trials.map((t) => [t.state, t.value, t.params]));
  });

  it('adds a large file in one write: an interrupted add leaves nothing or all of it', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', 'metric: loss\nparams:\n  x: uniform(0, 1)\n');
    writeFile(cwd, 'big.csv', ['x,loss', ...Array.from({ length: 3000 }, (_, i) => `${(i + 0.5) / 3000},${i}`)].join('\n'));
    expect((await hypertune(['create', 'space.yaml', '--trials', '9000'], { cwd })).exitCode).toBe(0);
    const adding = hypertune(['add', '--from', 'big.csv'], { cwd });
    await new Promise((done) => setTimeout(done, 400));
    adding.kill('SIGKILL');
    await adding;
    const count = (await summaryOf(cwd, 'space')).trials.length;
    expect([0, 3000]).toContain(count);
    const added = await hypertune(['add', '--from', 'big.csv'], { cwd });
    expect(added.exitCode, added.stderr).toBe(0);
    expect((await summaryOf(cwd, 'space')).trials.length).toBe(count + 3000);
  });

  it('checks every row first and names the file, line and field of the first that does not fit', async () => {
    const cwd = await createdStudy(SPACE);
    const cases: Array<[string, string, string]> = [
      ['a.csv', 'x,kind,loss\n0.5,plain,1\n0.7,plain,2\nx1,plain,3\n', 'a.csv:4: x: expected a number, got "x1"'],
      ['b.csv', 'x,kinds,loss\n0.5,plain,2\n', "b.csv:2: kind: missing; the file's columns that are no parameter of the space: kinds"],
      ['c.csv', 'x,kind,loss\n1.5,plain,1\n', 'c.csv:2: x: 1.5 is outside uniform(0, 1)'],
      ['d.csv', 'x,kind,rounds,loss\n0.5,plain,3,1\n', 'd.csv:2: rounds: present but inactive for this configuration (it exists only when kind is "boosted")'],
      ['e.csv', 'x,kind,x,loss\n0.5,plain,0.6,1\n', 'e.csv:1: x: the header names the column "x" twice'],
      ['f.csv', 'x,kind,params.x,loss\n0.5,plain,0.6,1\n', 'f.csv:2: x: given twice, as x and params.x'],
      ['e.csv', 'x,kind,loss\n0.5,boosted,1\n', "e.csv:2: rounds: missing: add a column rounds holding the value those runs had (the program's default), or --skip-misfits to leave such rows out"],
      ['f.csv', 'x,kind,rounds,loss\n0.5,boosted,2.5,1\n', 'f.csv:2: rounds: expected an integer, got 2.5'],
      ['g.csv', 'x,kind\n0.5,plain\n', 'g.csv:2: loss: no value: give the loss (or value) column, or state failed'],
      ['h.csv', 'x,kind,loss,state\n0.5,plain,1,done\n', 'h.csv:2: state: state "done" is not complete or failed'],
      ['i.json', '[\n  {"x": 0.5, "kind": "plain", "loss": 1},\n  {"x": 0.5, "kind": "fancy", "loss": 1}\n]\n', 'i.json:3: kind: "fancy" is not one of "plain", "boosted"'],
      ['j.yaml', '- {x: 0.1, kind: plain, loss: 1}\n- [1, 2]\n', 'j.yaml:2: entry 2 is not a mapping of labels to values'],
      ['k.txt', 'x\n', 'k.txt: expected a .csv, .json, .yaml or .yml file'],
    ];
    for (const [name, text, message] of cases) {
      writeFile(cwd, name, text);
      const added = await hypertune(['add', '--study', 's', '--from', name], { cwd });
      expect([added.exitCode, added.stderr]).toEqual([2, `hypertune: ${message}`]);
    }
    expect((await summaryOf(cwd, 's')).trials).toEqual([]);
  });

  it("reads other tools' exports: Optuna's trials_dataframe (params_ columns, COMPLETE / FAIL / PRUNED), Ray Tune's config/ columns; their own columns are left out and named (a user audit)", async () => {
    const cwd = await createdStudy(SPACE);
    writeFile(
      cwd,
      'optuna.csv',
      [
        ',number,value,datetime_start,datetime_complete,duration,params_kind,params_rounds,params_x,state',
        '0,0,0.5,2026-01-01 10:00:00,2026-01-01 10:01:00,0 days 00:01:00,plain,,0.25,COMPLETE',
        '1,1,,2026-01-01 10:01:00,2026-01-01 10:02:00,0 days 00:01:00,boosted,7,0.5,FAIL',
        '2,2,0.9,2026-01-01 10:02:00,2026-01-01 10:02:30,0 days 00:00:30,plain,,0.75,PRUNED',
      ].join('\n') + '\n',
    );
    const optuna = await hypertune(['add', '--study', 's', '--from', 'optuna.csv'], { cwd });
    expect(optuna.exitCode, optuna.stderr).toBe(0);
    expect(optuna.stdout).toBe('Added 2 results to study s (trials 0 to 1): 1 complete, 1 failed; 1 running, queued, interrupted or pruned row skipped.');
    expect(optuna.stderr).toBe("hypertune: note: optuna.csv's columns that are no parameter, loss (or value) or state were left out: number, datetime_start, datetime_complete, duration");
    writeFile(cwd, 'ray.csv', 'loss,config/x,config/kind,trial_id,State\n0.4,0.3,plain,a1b2,TERMINATED\n');
    const ray = await hypertune(['add', '--study', 's', '--from', 'ray.csv'], { cwd });
    expect(ray.stdout).toBe('Added 1 result to study s (trial 2): 1 complete, 0 failed.');
    expect((await summaryOf(cwd, 's')).trials.map((t) => [t.state, t.value, t.params])).toEqual([
      ['complete', 0.5, { x: 0.25, kind: 'plain' }],
      ['failed', null, { x: 0.5, kind: 'boosted', rounds: 7 }],
      ['complete', 0.4, { x: 0.3, kind: 'plain' }],
    ]);
  });

  it('warm-starts a new study with run --add: the results are added when run makes it, before its first trial', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', 'metric: loss\nparams:\n  x: uniform(0, 1)\n');
    const rows = Array.from({ length: 10 }, (_, i) => (i + 0.5) / 10).map((x) => `${x},${((x - 0.83) ** 2).toFixed(6)},COMPLETE`);
    writeFile(cwd, 'old.csv', ['params_x,value,state', ...rows].join('\n') + '\n');
    writeFile(cwd, 'bad.csv', 'x,loss\n7,1\n');
    const bad = await hypertune(['run', 'space.yaml', '--study', 'w', '--trials', '12', '--add', 'bad.csv', '--', ...printsLoss], { cwd });
    expect([bad.exitCode, bad.stderr]).toEqual([2, 'hypertune: bad.csv:2: x: 7 is outside uniform(0, 1)']);
    const ran = await hypertune(['run', 'space.yaml', '--study', 'w', '--trials', '12', '--seed', '3', '--add', 'old.csv', '--', ...printsLoss], { cwd });
    expect(ran.exitCode, ran.stderr).toBe(0);
    expect(ran.stdout).toMatch(/^Added 10 results to study w \(trials 0 to 9\): 10 complete, 0 failed\.\nStudy w: /);
    const summary = await summaryOf(cwd, 'w');
    expect(summary.trials.map((t) => t.sampler)).toEqual([...Array(10).fill('added'), 'gp', 'gp']);
    // the same command again continues the study; its results are not added twice
    const again = await hypertune(['run', 'space.yaml', '--study', 'w', '--trials', '13', '--add', 'old.csv', '--', ...printsLoss], { cwd });
    expect(again.stderr).toContain('hypertune: note: study w exists: --add adds results only to a study this run makes (hypertune add adds them to this one)');
    expect((await summaryOf(cwd, 'w')).trials).toHaveLength(13);
  });

  it('leaves out the rows that do not fit a narrowed space with --skip-misfits, and says so', async () => {
    const cwd = await createdStudy('metric: loss\nparams:\n  x: uniform(0.2, 1)\n');
    writeFile(cwd, 'old.csv', 'x,loss\n0.1,3\n0.5,2\n0.05,4\n');
    const refused = await hypertune(['add', '--study', 's', '--from', 'old.csv'], { cwd });
    expect([refused.exitCode, refused.stderr]).toEqual([2, 'hypertune: old.csv:2: x: 0.1 is outside uniform(0.2, 1)']);
    const skipped = await hypertune(['add', '--study', 's', '--from', 'old.csv', '--skip-misfits'], { cwd });
    expect(skipped.stdout).toBe('Added 1 result to study s (trial 0): 1 complete, 0 failed.');
    expect(skipped.stderr).toBe('hypertune: note: 2 rows that do not fit the space left out (--skip-misfits), the first: old.csv:2: x: 0.1 is outside uniform(0.2, 1)');
  });

  it('records failed rows, and the optimizer learns from added results', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', 'metric: loss\nparams:\n  x: uniform(0, 1)\n');
    expect((await hypertune(['create', 'space.yaml', '--study', 's', '--trials', '30', '--seed', '5'], { cwd })).exitCode).toBe(0);
    const rows = Array.from({ length: 20 }, (_, i) => (i + 0.5) / 20).map((x) => `${x},${((x - 0.83) ** 2).toFixed(6)},complete`);
    writeFile(cwd, 'past.csv', ['x,loss,state', ...rows, '0.99,,failed'].join('\n') + '\n');
    const added = await hypertune(['add', '--study', 's', '--from', 'past.csv'], { cwd });
    expect(added.stdout).toBe('Added 21 results to study s (trials 0 to 20): 20 complete, 1 failed.');
    // with 20 results in hand the start-up phase is over: the next trial is the model's, near x = 0.83
    const asked = JSON.parse((await hypertune(['ask', '--study', 's'], { cwd })).stdout) as { id: number; params: { x: number } };
    expect(asked.id).toBe(21);
    expect(Math.abs(asked.params.x - 0.83)).toBeLessThan(0.1);
    const summary = await summaryOf(cwd, 's');
    expect(summary.counts).toMatchObject({ complete: 20, failed: 1, running: 1 });
    expect(summary.trials[21]?.sampler).toBe('gp');
  });
});

describe.concurrent('hypertune add, an empty-string option under a prefixed column', () => {
  it('reads a quoted empty cell under config/ or params_ as the empty string, as under a plain column (it was "use_bn: missing")', async () => {
    const cwd = await createdStudy('params:\n  use_bn: choice("--use_bn", "")\n  lr: loguniform(1e-4, 1e-1)\n');
    writeFile(cwd, 'ray.csv', 'config/lr,config/use_bn,loss\n0.02,"",0.4\n0.03,--use_bn,0.5\n');
    writeFile(cwd, 'optuna.csv', 'params_use_bn,params_lr,value\n"",0.04,0.6\n');
    const ray = await hypertune(['add', '--study', 's', '--from', 'ray.csv'], { cwd });
    expect(ray.exitCode, ray.stderr).toBe(0);
    expect((await hypertune(['add', '--study', 's', '--from', 'optuna.csv'], { cwd })).exitCode).toBe(0);
    expect((await summaryOf(cwd, 's')).trials.map((t) => t.params)).toEqual([
      { lr: 0.02, use_bn: '' },
      { lr: 0.03, use_bn: '--use_bn' },
      { use_bn: '', lr: 0.04 },
    ]);
    // an unquoted empty cell is still a parameter left out: refused, as add needs every active one
    writeFile(cwd, 'left-out.csv', 'config/lr,config/use_bn,loss\n0.05,,0.4\n');
    const leftOut = await hypertune(['add', '--study', 's', '--from', 'left-out.csv'], { cwd });
    expect(leftOut.exitCode).toBe(2);
    expect(leftOut.stderr).toMatch(/left-out\.csv:2: use_bn: missing/);
  });
});
