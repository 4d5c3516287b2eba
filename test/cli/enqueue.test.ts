// enqueue and the space file's start: through the built binary: order, partial configurations,
// validation, and exactly once under three PostgreSQL workers.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hypertune, PROGRAMS, QUADRATIC_SPACE, queuedRepeats, tempDir, writeFile, SH } from './helpers/hypertune.js';
import { dropStudies, POSTGRES, readLog, SKIP_REASON, studyNamer, writeTinyProgram } from './helpers/workers.js';

const SPACE = `metric: loss
params:
  x: uniform(0, 1)
  opt:
    choice:
      - adam
      - sgd:
          momentum: uniform(0, 0.99)
`;

interface Summary {
  trials: Array<{ id: number; state: string; params: Record<string, unknown>; sampler: string }>;
}

async function trialsOf(cwd: string, flags: string[]): Promise<Summary['trials']> {
  return (JSON.parse((await hypertune(['summary', ...flags, '--format', 'json'], { cwd })).stdout) as Summary).trials;
}

// Each test its own folder (or study), none racing a clock: they run side by side (describe.concurrent).
describe.concurrent('enqueue on the journal', () => {
  it("runs start: and enqueued configurations first, in order, with what they leave out filled in", async () => {
    const cwd = tempDir();
    const program = writeTinyProgram(cwd);
    writeFile(cwd, 'space.yaml', `${SPACE}start:\n  - {x: 0.1, opt: adam}\n  - {opt: sgd}\n`);
    const env = { TELL_LOG: join(cwd, 'log.txt') };
    expect((await hypertune(['run', 'space.yaml', '--trials', '3', '--seed', '4', '--', SH, program], { cwd, env })).exitCode).toBe(0);
    const enqueued = await hypertune(['enqueue', 'x=0.7', 'opt=sgd', 'momentum=0.5'], { cwd });
    // the study has its 3 trials: what runs the queue is said
    expect(enqueued.stdout).toBe('Enqueued 1 configuration in study space as trial 3; it runs first, once. The study has its 3 trials: it runs once the target is raised: hypertune resume --study space --trials 4');
    writeFile(cwd, 'more.csv', 'x,opt,momentum\n0.2,adam,\n0.4,sgd,0.25\n');
    expect((await hypertune(['enqueue', '--from', 'more.csv'], { cwd })).stdout).toMatch(/as trials 4, 5, after 1 queued before; .* raised: hypertune resume --study space --trials 6$/);
    writeFile(cwd, 'none.csv', 'x,opt,momentum\n');
    expect((await hypertune(['enqueue', '--from', 'none.csv'], { cwd })).stderr).toBe('hypertune: none.csv holds no configuration to queue');
    const queued = await hypertune(['summary'], { cwd });
    expect(queued.stdout).toMatch(/3 of 3 trials finished \(3 complete, 0 failed, 0 running, 0 interrupted, 3 queued\)/);
    expect((await hypertune(['resume', '--trials', '7'], { cwd, env })).exitCode).toBe(0);
    const trials = await trialsOf(cwd, []);
    // a study of 7 trials: the GP after 5 start-up trials (docs/gp.md, "Start-up trials"); the queue's trials count
    expect(trials.map((t) => [t.id, t.sampler])).toEqual([[0, 'enqueued'], [1, 'enqueued'], [2, 'startup'], [3, 'enqueued'], [4, 'enqueued'], [5, 'enqueued'], [6, 'gp']]);
    expect(trials[0]?.params).toEqual({ x: 0.1, opt: 'adam' });
    expect(Object.keys(trials[1]?.params ?? {}).sort()).toEqual(['momentum', 'opt', 'x']);
    expect(trials.slice(3, 6).map((t) => t.params)).toEqual([{ x: 0.7, opt: 'sgd', momentum: 0.5 }, { x: 0.2, opt: 'adam' }, { x: 0.4, opt: 'sgd', momentum: 0.25 }]);
    // the order they ran in is the order they were queued in
    expect(readLog(join(cwd, 'log.txt')).filter((l) => l.what === 'start').map((l) => l.trial)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('names consecutive trials as a range', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', SPACE);
    expect((await hypertune(['create', 'space.yaml'], { cwd })).exitCode).toBe(0);
    writeFile(cwd, 'three.csv', 'x,opt,momentum\n0.2,adam,\n0.3,adam,\n0.5,adam,\n');
    expect((await hypertune(['enqueue', '--from', 'three.csv'], { cwd })).stdout).toBe('Enqueued 3 configurations in study space as trials 0 to 2; they run first, in order, once each.');
  });

  it("says when a file queues one configuration twice: steering.md's top-3 recipe, where two runs of the best rank in the top 3", async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', QUADRATIC_SPACE);
    const program = [SH, join(PROGRAMS, 'loop-quadratic.sh')];
    expect((await hypertune(['run', 'space.yaml', '--trials', '3', '--seed', '2', '--', ...program], { cwd })).exitCode).toBe(0);
    const best = (await trialsOf(cwd, ['--top', '1']))[0]?.id;
    expect((await hypertune(['enqueue', '--rerun', `${best}`], { cwd })).stdout).toMatch(/; it runs first, once\. The study has its 3 trials: it runs once the target is raised: /);
    expect((await hypertune(['resume', '--trials', '4'], { cwd })).exitCode).toBe(0);
    const top3 = await hypertune(['summary', '--top', '3', '--format', 'csv'], { cwd });
    writeFile(cwd, 'top3.csv', `${top3.stdout}\n`);
    const enqueued = await hypertune(['enqueue', '--from', 'top3.csv'], { cwd });
    expect(enqueued.stdout.split('\n')).toEqual([
      'Enqueued 3 configurations in study space as trials 4 to 6; they run first, in order, once each. The study has its 4 trials: they run once the target is raised: hypertune resume --study space --trials 7',
      'Trials 4 and 5 are one configuration, on lines 2 and 3 of top3.csv: it runs twice (drop all but one of those lines to run it once more).',
    ]);
    // an id given twice is asked for: nothing to say
    expect((await hypertune(['enqueue', '--rerun', `${best},${best}`], { cwd })).stdout).not.toContain('one configuration');
  });

  it('a run going on the journal takes what is enqueued, asked and added meanwhile at its next ask: it runs the queued configuration, counts the asked trial, and ends at its target', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', SPACE);
    // the first trial waits for a file the test writes, so the run is surely going while the others write
    writeFile(cwd, 'wait.sh', 'while [ ! -f go ]; do sleep 0.05; done\necho loss=1\n');
    const run = hypertune(['run', 'space.yaml', '--trials', '4', '--algo', 'random', '--', SH, 'wait.sh'], { cwd });
    for (let i = 0; i < 400 && !existsSync(join(cwd, '.hypertune', 'space', 'trials', '0')); i++) await new Promise((done) => setTimeout(done, 50));
    const asked = await hypertune(['ask'], { cwd });
    expect([asked.exitCode, JSON.parse(asked.stdout).id]).toEqual([0, 1]);
    const during = await hypertune(['enqueue', 'x=0.5', 'opt=adam'], { cwd });
    expect([during.exitCode, during.stderr]).toEqual([0, '']);
    writeFile(cwd, 'old.csv', 'x,opt,loss\n0.25,adam,0.1\n');
    expect((await hypertune(['add', '--from', 'old.csv'], { cwd })).stderr).toBe('');
    writeFile(cwd, 'go', '');
    const done = await run;
    expect(done.exitCode, done.stderr).toBe(0);
    const trials = await trialsOf(cwd, []);
    // 0 and the queued 2 run by the run, 1 asked (running until told), 3 added: four, no trial past them
    expect(trials.map((t) => [t.id, t.state])).toEqual([[0, 'complete'], [1, 'running'], [2, 'complete'], [3, 'complete']]);
    expect(trials[2]?.params).toEqual({ x: 0.5, opt: 'adam' });
    expect(done.stdout).toMatch(/\ntrial 2 {2}complete {2}loss=1 {2}x=0\.5 opt=adam {2}/);
    expect(done.stdout).toContain('Done: 3 of 4 trials finished (3 complete, 0 failed)');
  });

  it('refuses what does not fit the space with one line and exit 2, queuing nothing', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', SPACE);
    expect((await hypertune(['create', 'space.yaml'], { cwd })).exitCode).toBe(0);
    const cases: Array<[string[], string]> = [
      [['x=2'], 'command line: x: 2 is outside uniform(0, 1)'],
      [['y=2'], 'command line: y: not a parameter of this space'],
      [['x=0.1', 'x=0.2'], 'command line: x: given twice ("0.1" and "0.2"): one configuration gives each label once'],
      [['opt=adam', 'momentum=0.5'], 'command line: momentum: present but inactive for this configuration (it exists only when opt is "sgd")'],
      [['opt=rmsprop'], 'command line: opt: "rmsprop" is not one of "adam", "sgd"'],
      [['x'], 'command line: expected label=value, got "x"'],
      [[], 'give one configuration as label=value words, --from FILE, or --rerun IDS (one of them)'],
    ];
    for (const [words, message] of cases) {
      const result = await hypertune(['enqueue', ...words], { cwd });
      expect([result.exitCode, result.stderr]).toEqual([2, `hypertune: ${message}`]);
    }
    writeFile(cwd, 'bad.yaml', `${SPACE}start:\n  - {x: 0.5}\n  - {x: -1}\n`);
    const bad = await hypertune(['create', 'bad.yaml', '--study', 'bad'], { cwd });
    expect([bad.exitCode, bad.stderr]).toEqual([2, 'hypertune: bad.yaml:11:9: x: -1 is outside uniform(0, 1)']);
    expect((await trialsOf(cwd, ['--study', 'space'])).length).toBe(0);
  });

  it('summary gathers a configuration run more than once: its mean and spread, and whether the best trial is one of its runs (a noise audit)', async () => {
    // a noisy program: the loss of x plus a draw that differs run to run
    const cwd = await queuedRepeats('awk -v x="$HP_X" -v s="$HYPERTUNE_TRIAL_ID" \'BEGIN { srand(s + 1); printf "loss=%.6f\\n", (x - 0.3) ^ 2 + 0.5 * rand() }\'\n');
    expect((await hypertune(['resume', '--trials', '5'], { cwd })).exitCode).toBe(0);
    const json = JSON.parse((await hypertune(['summary', '--format', 'json'], { cwd })).stdout) as { best: { id: number }; repeats: Array<{ trials: number[]; mean: number; sd: number; median: number; params: Record<string, unknown> }>; trials: Array<{ id: number; value: number }> };
    expect(json.repeats).toHaveLength(1);
    const [repeat] = json.repeats;
    expect(repeat?.trials).toEqual([2, 3, 4]);
    expect(repeat?.params).toEqual({ x: 0.3 });
    const values = json.trials.filter((t) => t.id >= 2).map((t) => t.value);
    const mean = values.reduce((a, b) => a + b, 0) / 3;
    expect(repeat?.mean).toBeCloseTo(mean, 9);
    expect(repeat?.sd).toBeCloseTo(Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / 2), 9);
    expect(repeat?.median).toBe([...values].sort((a, b) => a - b)[1]);
    const table = (await hypertune(['summary'], { cwd })).stdout;
    expect(table).toContain('Configurations run more than once (1), by their mean loss: one run is one draw of a noisy metric');
    expect(table).toMatch(/^ {2}trials 2, 3, 4: mean [\d.e-]+ \u00b1 [\d.e-]+, median [\d.e-]+ \(sd of 3 complete runs\)$/m);
    if ([2, 3, 4].includes(json.best.id)) expect(table).toContain(`The best trial, ${json.best.id}, is one of 3 runs of its configuration`);
  });
});

describe.concurrent.skipIf(POSTGRES === undefined)(`enqueue on PostgreSQL${POSTGRES === undefined ? ` (${SKIP_REASON})` : ''}`, () => {
  const studies = studyNamer();
  afterAll(() => dropStudies(studies.prefix));

  it('runs each enqueued configuration exactly once under three workers', async () => {
    const cwd = tempDir();
    const program = writeTinyProgram(cwd);
    writeFile(cwd, 'space.yaml', 'metric: loss\nparams:\n  x: uniform(0, 1)\n');
    const flags = ['--study', studies.next(), '--storage', POSTGRES ?? ''];
    const env = { TELL_LOG: join(cwd, 'log.txt'), SLEEP_MS: '100' };
    expect((await hypertune(['run', 'space.yaml', ...flags, '--trials', '1', '--', SH, program], { cwd, env })).exitCode).toBe(0);
    const xs = [0.11, 0.22, 0.33, 0.44, 0.55, 0.66, 0.77, 0.88];
    writeFile(cwd, 'start.json', JSON.stringify(xs.map((x) => ({ x }))));
    expect((await hypertune(['enqueue', ...flags, '--from', 'start.json'], { cwd })).exitCode).toBe(0);
    const workers = await Promise.all([0, 1, 2].map(() => hypertune(['resume', ...flags, '--trials', '12'], { cwd, env })));
    for (const worker of workers) expect(worker.exitCode, worker.stderr).toBe(0);
    const trials = await trialsOf(cwd, flags);
    expect(trials.filter((t) => t.state === 'complete').length).toBe(12);
    const ran = trials.filter((t) => t.sampler === 'enqueued').map((t) => t.params['x']);
    expect([...ran].sort()).toEqual(xs);
    expect(readLog(join(cwd, 'log.txt')).filter((l) => l.what === 'start').length).toBe(12);
  });

});
