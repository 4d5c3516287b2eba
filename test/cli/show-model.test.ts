// `show best --by model`: the configuration the model rates best, to deploy, where `show best` gives
// the best single run; through the built binary, on real runs of a noisy RL-like program.
import { describe, expect, it } from 'vitest';
import { hypertune, program, SH, tempDir, writeFile } from './helpers/hypertune.js';
import { pastReturns, RETURN_SPACE } from './helpers/noisy-study.js';

describe('show best --by model', () => {
  it("shows the trial whose configuration the model rates best, its predicted mean and runs, as text and JSON", async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', RETURN_SPACE);
    writeFile(cwd, 'past.csv', pastReturns());
    expect((await hypertune(['run', 'space.yaml', '--study', 'rl', '--trials', '36', '--seed', '2', '--add', 'past.csv', '--', SH, program('noisy-return.sh')], { cwd })).exitCode).toBe(0);
    expect((await hypertune(['enqueue', '--study', 'rl', '--rerun', Array(9).fill(11).join(',')], { cwd })).exitCode).toBe(0);
    expect((await hypertune(['resume', '--study', 'rl', '--trials', '45'], { cwd })).exitCode).toBe(0);
    const shown = await hypertune(['show', 'best', '--study', 'rl', '--by', 'model'], { cwd });
    expect(shown.exitCode, shown.stderr).toBe(0);
    const lines = shown.stdout.split('\n');
    expect(lines[0]).toMatch(/^The model's best configuration \(the GP's mean over the study, its neighbours' runs included\): trial 30's, predicted return 4\d\d \u00b1 [0-9.]+ \(the model's sd of its mean\)$/);
    expect(lines.slice(1, 4)).toEqual([
      '  its runs: 1 complete run, 505',
      "  the best single run is trial 34's 700, predicted 240 for its configuration (hypertune show best)",
      expect.stringMatching(/^ {2}the model cannot tell it from trial 11's configuration \(10 complete runs, mean 493\.245, standard error 11\.4, predicted 4\d\d\): run trial 30 again to compare their means$/),
    ]);
    // then the trial's page, as show prints it
    expect(lines[5]).toBe('trial 30 of study rl: complete, return 505 (rank 7 of 45 complete)');
    expect(shown.stdout).toContain('\n  parameters\n    x  0.6\n    y  0.4\n');
    // show best is still the best single run
    expect((await hypertune(['show', 'best', '--study', 'rl'], { cwd })).stdout).toMatch(/^trial 34 of study rl: complete, return 700 \(the best of 45 complete\)/);

    const json = JSON.parse((await hypertune(['show', 'best', '--study', 'rl', '--by', 'model', '--json'], { cwd })).stdout) as Record<string, unknown>;
    expect(Object.keys(json).slice(0, 10)).toEqual(['study', 'metric', 'goal', 'objective', 'id', 'state', 'value', 'rank', 'params', 'model']);
    const model = json['model'] as { predicted: number; predicted_sd: number; runs: number[]; mean: number; best_single_run: { id: number }; rival: { id: number; runs: number; mean: number } };
    expect([json['id'], model.runs, model.mean, model.best_single_run.id, model.rival.id, model.rival.runs]).toEqual([30, [30], 505, 34, 11, 10]);
    expect(model.predicted_sd).toBeGreaterThan(0);
    // the same fit as summary's: its predicted mean for the pick
    const summary = JSON.parse((await hypertune(['summary', '--study', 'rl', '--format', 'json', '--model'], { cwd })).stdout) as { noise: { model_best: { predicted: number } } };
    expect(model.predicted).toBe(summary.noise.model_best.predicted);
    expect(lines[0]).toContain(`predicted return ${Number(model.predicted.toPrecision(3))} \u00b1 ${Number(model.predicted_sd.toPrecision(3))} `);
  });

  it('says in one line why there is no model, and where --by model does not belong, with exit 2', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', RETURN_SPACE);
    writeFile(cwd, 'few.csv', 'x,y,return\n0.1,0.2,150\n0.5,0.5,480\n');
    expect((await hypertune(['create', 'space.yaml', '--study', 'few'], { cwd })).exitCode).toBe(0);
    expect((await hypertune(['add', '--study', 'few', '--from', 'few.csv'], { cwd })).exitCode).toBe(0);
    const cases: Array<[string[], string]> = [
      [['show', 'best', '--study', 'few', '--by', 'model'], 'show best --by model: no model of study "few": too few finished trials for the Gaussian process (2 complete)'],
      [['show', '1', '--study', 'few', '--by', 'model'], '--by model goes with show best (got show 1)'],
    ];
    for (const [args, message] of cases) {
      const result = await hypertune(args, { cwd });
      expect([result.exitCode, result.stderr, result.stdout]).toEqual([2, `hypertune: ${message}`, '']);
    }
    // the best single run is there all the same
    expect((await hypertune(['show', 'best', '--study', 'few'], { cwd })).stdout).toMatch(/^trial 1 of study few: complete, return 480/);
  });
});
