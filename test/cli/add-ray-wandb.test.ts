// hypertune add through the built binary, on exports as Ray Tune and W&B write them (a user audit,
// Optuna/Ray migration): a progress.csv holds a row per iteration, and W&B quotes every cell.
import { describe, expect, it } from 'vitest';
import { hypertune, writeFile, createdStudy } from './helpers/hypertune.js';

const SPACE = `metric: val_acc
goal: maximize
params:
  lr: loguniform(1e-4, 1)
  optimizer:
    choice:
      - adam
      - sgd:
          momentum: uniform(0, 0.99)
`;

interface Summary {
  trials: Array<{ state: string; value: number | null; params: Record<string, unknown> }>;
}

async function trialsOf(cwd: string, study: string): Promise<Array<[string, number | null, Record<string, unknown>]>> {
  const summary = JSON.parse((await hypertune(['summary', '--study', study, '--format', 'json'], { cwd })).stdout) as Summary;
  return summary.trials.map((t) => [t.state, t.value, t.params]);
}

describe.concurrent('hypertune add, Ray Tune and W&B exports', () => {
  it("adds one result per Ray Tune trial from a progress.csv, its last iteration's (each iteration was a complete trial of its own)", async () => {
    const cwd = await createdStudy(SPACE);
    const rows = [
      ...[0.61, 0.69, 0.75].map((acc, i) => `${acc},${i === 2},${i + 1},a_00000,0.003,adam,`),
      '0.52,True,1,a_00001,0.2,sgd,0.5',
      // a trial whose rows are not in order: its highest iteration counts
      '0.7,False,2,a_00002,0.02,sgd,0.8',
      '0.72,True,3,a_00002,0.02,sgd,0.8',
      '0.66,False,1,a_00002,0.02,sgd,0.8',
    ];
    writeFile(cwd, 'progress.csv', ['val_acc,done,training_iteration,trial_id,config/lr,config/optimizer,config/momentum', ...rows].join('\n') + '\n');
    const added = await hypertune(['add', '--study', 's', '--from', 'progress.csv'], { cwd });
    expect(added.exitCode, added.stderr).toBe(0);
    expect(added.stdout).toBe('Added 3 results to study s (trials 0 to 2): 3 complete, 0 failed.');
    expect(added.stderr).toContain("hypertune: note: progress.csv holds 7 rows of 3 Ray Tune trials (trial_id, one row per training_iteration): each trial's last row is its result");
    expect(await trialsOf(cwd, 's')).toEqual([
      ['complete', 0.75, { lr: 0.003, optimizer: 'adam' }],
      ['complete', 0.52, { lr: 0.2, optimizer: 'sgd', momentum: 0.5 }],
      ['complete', 0.72, { lr: 0.02, optimizer: 'sgd', momentum: 0.8 }],
    ]);
    // ResultGrid.get_dataframe(): one row per trial, read as it is, without the note
    writeFile(cwd, 'grid.csv', ',val_acc,training_iteration,trial_id,config/lr,config/optimizer,config/momentum\n0,0.8,9,b_00000,0.004,adam,\n1,0.6,1,b_00001,0.1,sgd,0.3\n');
    const grid = await hypertune(['add', '--study', 's', '--from', 'grid.csv'], { cwd });
    expect(grid.stdout).toBe('Added 2 results to study s (trials 3 to 4): 2 complete, 0 failed.');
    expect(grid.stderr).not.toContain('Ray Tune trials');
  });

  it('reads a quoted empty cell (W&B quotes every cell) as a parameter left out where the parameter has no empty-string option', async () => {
    const cwd = await createdStudy(SPACE);
    writeFile(
      cwd,
      'wandb.csv',
      [
        '"Name","State","Notes","Runtime","lr","momentum","optimizer","_step","val_acc"',
        '"fluent-sweep-3","finished","-","120","0.003","","adam","8","0.91"',
        '"gentle-sweep-2","crashed","-","12","0.2","0.5","sgd","1",""',
        '"wise-sweep-1","finished","-","30","0.02","","sgd","8","0.7"',
      ].join('\n') + '\n',
    );
    const added = await hypertune(['add', '--study', 's', '--from', 'wandb.csv'], { cwd });
    // an active parameter given as "" is still missing: named as before, nothing written
    expect([added.exitCode, added.stderr]).toEqual([2, expect.stringMatching(/^hypertune: wandb\.csv:4: momentum: missing/)]);
    const fits = await hypertune(['add', '--study', 's', '--from', 'wandb.csv', '--skip-misfits'], { cwd });
    expect(fits.exitCode, fits.stderr).toBe(0);
    expect(fits.stdout).toBe('Added 2 results to study s (trials 0 to 1): 1 complete, 1 failed.');
    expect(await trialsOf(cwd, 's')).toEqual([
      ['complete', 0.91, { lr: 0.003, optimizer: 'adam' }],
      ['failed', null, { lr: 0.2, optimizer: 'sgd', momentum: 0.5 }],
    ]);
  });
});
