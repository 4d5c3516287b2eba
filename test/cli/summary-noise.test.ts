// A noisy metric's lucky best, through the built binary: summary names it and the configuration the
// model rates best, and `enqueue --rerun` queues both again, exactly as they ran.
import { describe, expect, it } from 'vitest';
import { hypertune, program, queuedRepeats, SH, tempDir, writeFile } from './helpers/hypertune.js';
import { NOISY_SPACE as SPACE, pastResults, pastReturns, RETURN_SPACE } from './helpers/noisy-study.js';

interface Trial {
  id: number;
  state: string;
  params: Record<string, number>;
}

// Each test its own folder, none racing a clock: they run side by side (describe.concurrent).
describe.concurrent('summary on a noisy study', () => {
  it('names a lucky best and the trial the model rates best; enqueue --rerun queues both again', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', SPACE);
    writeFile(cwd, 'past.csv', pastResults());
    expect((await hypertune(['create', 'space.yaml', '--study', 'noisy', '--trials', '60'], { cwd })).exitCode).toBe(0);
    expect((await hypertune(['add', '--study', 'noisy', '--from', 'past.csv'], { cwd })).exitCode).toBe(0);
    const summary = await hypertune(['summary', '--study', 'noisy'], { cwd });
    expect(summary.exitCode, summary.stderr).toBe(0);
    const note = summary.stdout.split('\n').filter((line) => /^(Noise: | {2}trial 43| {2}To tell)/.test(line));
    expect(note[0]).toMatch(/^Noise: the model of the study reads about \u00b1[0-9.]+ of val_loss as noise\./);
    const pick = Number(/rates trial (\d+) best/.exec(note[1] ?? '')?.[1]);
    expect(note[1]).toMatch(/^ {2}trial 43's -0\.9 may be a lucky run: the model predicts [0-9.]+ for its configuration/);
    expect(note[2]).toBe(`  To tell them apart, run both again: hypertune enqueue --study noisy --rerun 43,${pick}`);
    const enqueued = await hypertune(['enqueue', '--study', 'noisy', '--rerun', `43,${pick}`], { cwd });
    expect(enqueued.stdout).toBe('Enqueued 2 configurations in study noisy as trials 44, 45; they run first, in order, once each.');
    const trials = (JSON.parse((await hypertune(['summary', '--study', 'noisy', '--format', 'json'], { cwd })).stdout) as { trials: Trial[] }).trials;
    expect(trials.filter((t) => t.state === 'queued').map((t) => t.params)).toEqual([trials[43]?.params, trials[pick]?.params]);
  });

  it("summary --format json --model gives the model's reading the note is made of; without --model the JSON has no noise key (no fit)", async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', SPACE);
    writeFile(cwd, 'past.csv', pastResults());
    writeFile(cwd, 'few.csv', 'x,y,val_loss\n0.1,0.2,1.5\n-1,1,3.2\n');
    for (const [study, file] of [['noisy', 'past.csv'], ['few', 'few.csv']]) {
      expect((await hypertune(['create', 'space.yaml', '--study', study], { cwd })).exitCode).toBe(0);
      expect((await hypertune(['add', '--study', study, '--from', file], { cwd })).exitCode).toBe(0);
    }
    const table = (await hypertune(['summary', '--study', 'noisy'], { cwd })).stdout;
    const figures = /about \u00b1([0-9.]+) of val_loss[^]*the model predicts ([0-9.]+) for its configuration and rates trial (\d+) best \(measured ([0-9.]+), predicted ([0-9.]+)\)/.exec(table);
    expect(figures, table).not.toBeNull();
    const [, sd, bestPredicted, pick, pickValue, pickPredicted] = figures ?? [];
    const json = await hypertune(['summary', '--study', 'noisy', '--format', 'json', '--model'], { cwd });
    expect(json.exitCode, json.stderr).toBe(0);
    const document = JSON.parse(json.stdout) as { best: { id: number }; noise: { sd: number; best_predicted: number; model_best: { id: number; value: number; predicted: number } } };
    expect(Object.keys(document).slice(12, 15)).toEqual(['best', 'noise', 'repeats']);
    expect(document.best.id).toBe(43);
    // the same fit as the table's note: its figures, there to three significant digits
    const { noise } = document;
    expect(Object.keys(noise)).toEqual(['sd', 'spread', 'best_predicted', 'model_best']);
    expect([noise.sd, noise.best_predicted, noise.model_best.predicted].map((v) => String(Number(v.toPrecision(3))))).toEqual([sd, bestPredicted, pickPredicted]);
    expect([noise.model_best.id, noise.model_best.value]).toEqual([Number(pick), Number(pickValue)]);
    // without --model the shape scripts know, and no fit
    const plain = JSON.parse((await hypertune(['summary', '--study', 'noisy', '--format', 'json'], { cwd })).stdout) as Record<string, unknown>;
    expect(Object.keys(plain)).toEqual(['study', 'metric', 'goal', 'objective', 'algo', 'seed', 'target', 'trial_time_s', 'time_budget_s', 'time_left_s', 'stopped_early', 'counts', 'best', 'repeats', 'prune_check', 'trials']);
    // two trials: no model yet, so noise is null
    const few = JSON.parse((await hypertune(['summary', '--study', 'few', '--format', 'json', '--model'], { cwd })).stdout) as Record<string, unknown>;
    expect([few['noise'], (few['best'] as { id: number }).id]).toEqual([null, 0]);
    const csv = await hypertune(['summary', '--study', 'noisy', '--format', 'csv', '--model'], { cwd });
    expect([csv.exitCode, csv.stderr, csv.stdout]).toEqual([2, "hypertune: --model adds the model's reading to --format json (the table always reads it); csv has one row per trial", '']);
  });

  it('under maximize, follows the advice to its end: queued, then run, then the means compared', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', 'metric: return\ngoal: maximize\nparams:\n  x: uniform(-2, 2)\n  y: uniform(-2, 2)\n');
    // the same study as returns: every value negated, the lucky run's 0.9 the highest
    const [header, ...rows] = pastResults().trim().split('\n');
    const flipped = rows.map((row) => row.replace(/,([^,]+)$/, (_, value: string) => `,${-Number(value)}`));
    writeFile(cwd, 'past.csv', `${[header?.replace('val_loss', 'return'), ...flipped].join('\n')}\n`);
    expect((await hypertune(['create', 'space.yaml', '--study', 'rl', '--trials', '60'], { cwd })).exitCode).toBe(0);
    expect((await hypertune(['add', '--study', 'rl', '--from', 'past.csv'], { cwd })).exitCode).toBe(0);
    const noteOf = async (): Promise<string[]> => (await hypertune(['summary', '--study', 'rl'], { cwd })).stdout.split('\n').filter((line) => /^(Noise: | {2}(trial 43|To tell|Run more|Their runs|Trial \d+))/.test(line));
    const first = await noteOf();
    expect(first[1]).toMatch(/^ {2}trial 43's 0\.9 may be a lucky run: the model predicts -[0-9.]+ for its configuration/);
    const pick = Number(/rates trial (\d+) best/.exec(first[1] ?? '')?.[1]);
    expect((await hypertune(['enqueue', '--study', 'rl', '--rerun', `43,${pick},43,${pick},43,${pick}`], { cwd })).exitCode).toBe(0);
    // queued: not "run both again" a second time
    // a study made by create runs its queue through ask and tell
    expect((await noteOf())[2]).toBe('  To tell them apart, both are queued to run again: run them with hypertune ask --study rl (and tell), then "Configurations run more than once" compares the means.');
    // the lucky configuration's truth is near -5.05, the other's near -0.3
    for (const value of [-5.1, -0.2, -4.8, -0.5, -5.3, -0.1]) {
      const asked = JSON.parse((await hypertune(['ask', '--study', 'rl'], { cwd })).stdout) as { id: number };
      expect((await hypertune(['tell', '--study', 'rl', String(asked.id), String(value)], { cwd })).exitCode).toBe(0);
    }
    const settled = await noteOf();
    expect(settled[2]).toMatch(new RegExp(`^ {2}Run more than once: trial 43's configuration averages -3\\.575 \u00b1 1\\.5 over 4 complete runs, trial ${pick}'s -[0-9.]+ \u00b1 [0-9.]+ over 4 \\(mean \u00b1 standard error\\)\\.$`));
    // the lucky 0.9 is one of trial 43's four: with it the gap is not yet past a t-test's noise
    expect(settled[3]).toMatch(new RegExp(`^ {2}Their runs cannot tell them apart yet: the gap is within the noise \\(about \\d+ runs of each would settle it, were the means to hold\\); one more of each: hypertune enqueue --study rl --rerun 43,${pick}$`));
  });

  it('says which resume runs re-runs queued in a study at its target (a plain resume runs none there)', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', SPACE);
    writeFile(cwd, 'past.csv', pastResults());
    // the 44 results, and one run of a program far up the bowl: the study is at its target of 45
    const run = await hypertune(['run', 'space.yaml', '--study', 'noisy', '--trials', '45', '--add', 'past.csv', '--', SH, '-c', 'echo val_loss=3'], { cwd });
    expect(run.exitCode, run.stderr).toBe(0);
    const pick = Number(/rates trial (\d+) best/.exec((await hypertune(['summary', '--study', 'noisy'], { cwd })).stdout)?.[1]);
    expect((await hypertune(['enqueue', '--study', 'noisy', '--rerun', `43,${pick}`], { cwd })).exitCode).toBe(0);
    const note = (await hypertune(['summary', '--study', 'noisy'], { cwd })).stdout.split('\n').find((line) => line.startsWith('  To tell them apart'));
    expect(note).toBe('  To tell them apart, both are queued to run again: run them with hypertune resume --study noisy --trials 47, then "Configurations run more than once" compares the means.');
  });

  it("ends a run by saying when its best trial is one of several runs of its configuration, with their mean", async () => {
    // x = 0.3 gives 0.1 per trial id, and -1 on trial 3: a lucky run among its repeats
    const cwd = await queuedRepeats('awk -v x="$HP_X" -v id="$HYPERTUNE_TRIAL_ID" \'BEGIN { if (x == 0.3) print "loss=" (id == 3 ? -1 : 0.1 * id); else print "loss=" 1 + x }\'\n');
    const resumed = await hypertune(['resume', '--trials', '5'], { cwd });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('\nBest loss: -1 (trial 3), one of 3 complete runs of its configuration: mean -0.133333, median 0.2 (summary compares the configurations run more than once)\n  x: 0.3\n');
  });

  it('refuses a trial that is not there or not an id, with one line and exit 2', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', SPACE);
    writeFile(cwd, 'past.csv', pastResults());
    expect((await hypertune(['create', 'space.yaml', '--study', 'noisy'], { cwd })).exitCode).toBe(0);
    expect((await hypertune(['add', '--study', 'noisy', '--from', 'past.csv'], { cwd })).exitCode).toBe(0);
    const cases: Array<[string[], string]> = [
      [['--rerun', '3,99'], '--rerun: study noisy has no trial 99 (its trial ids run from 0 to 43)'],
      [['--rerun', '3x'], '--rerun takes trial ids separated by commas, such as --rerun 71,62 (got "3x")'],
      [['--rerun', '3', 'x=1'], 'give one configuration as label=value words, --from FILE, or --rerun IDS (one of them)'],
    ];
    for (const [args, message] of cases) {
      const result = await hypertune(['enqueue', '--study', 'noisy', ...args], { cwd });
      expect([result.exitCode, result.stderr]).toEqual([2, `hypertune: ${message}`]);
    }
  });

  it('names, beside a pick run once, a configuration run ten times that the model cannot tell from it, with the mean of its runs', async () => {
    // A user audit: one run of 407 named best over a configuration whose ten runs average 502, with no
    // word of them. Real runs of an RL-like program: trial 11's configuration (near the peak) nine times more.
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', RETURN_SPACE);
    writeFile(cwd, 'past.csv', pastReturns());
    const returns = [SH, program('noisy-return.sh')];
    expect((await hypertune(['run', 'space.yaml', '--study', 'rl', '--trials', '36', '--seed', '2', '--add', 'past.csv', '--', ...returns], { cwd })).exitCode).toBe(0);
    const before = (await hypertune(['summary', '--study', 'rl'], { cwd })).stdout;
    expect(before).toContain("trial 34's 700 may be a lucky run");
    expect(before).not.toContain('It cannot tell it from');
    expect((await hypertune(['enqueue', '--study', 'rl', '--rerun', Array(9).fill(11).join(',')], { cwd })).exitCode).toBe(0);
    const resumed = await hypertune(['resume', '--study', 'rl', '--trials', '45'], { cwd });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    const table = (await hypertune(['summary', '--study', 'rl'], { cwd })).stdout;
    const note = table.split('\n').find((line) => line.startsWith("  trial 34's 700")) ?? '';
    // the pick keeps its single run's figure; the configuration run ten times is named with its mean and standard error
    expect(note).toMatch(/rates trial 30 best \(measured 505, predicted 4\d\d\)\. It cannot tell it from trial 11's configuration, run more often \(mean of 10 complete runs 493\.245 \u00b1 11\.4 standard error, predicted 4\d\d\): the gap between their predictions is 0\.\d\d sd of the model's uncertainty, under the 1\.645 a 95 % test asks\.$/);
    expect(table).toContain('trials 11, 36, 37, 38, 39, 40, ..., 44: mean 493.245 \u00b1 36.2, median 496.535 (sd of 10 complete runs)');
    const json = await hypertune(['summary', '--study', 'rl', '--format', 'json', '--model'], { cwd });
    const { noise } = JSON.parse(json.stdout) as { noise: { model_best: Record<string, number>; rival: Record<string, number> } };
    expect(Object.keys(noise)).toEqual(['sd', 'spread', 'best_predicted', 'model_best', 'rival']);
    expect([noise.model_best['id'], noise.model_best['runs'], noise.model_best['mean']]).toEqual([30, 1, 505]);
    expect([noise.rival['id'], noise.rival['runs'], Number(noise.rival['mean']?.toFixed(3))]).toEqual([11, 10, 493.245]);
    expect(noise.rival['separation']).toBeLessThan(1.645);
    // the table's figures are the JSON's
    expect(note).toContain(`predicted ${Number(noise.rival['predicted']?.toPrecision(3))}): the gap between their predictions is ${noise.rival['separation']?.toFixed(2)} sd`);
  });
});
