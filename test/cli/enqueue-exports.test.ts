// enqueue --from another tool's export, through the built binary (a user audit, Optuna/Ray migration):
// Optuna's trials_dataframe().to_csv() was refused at pandas' unnamed index, ": not a parameter".
import { describe, expect, it } from 'vitest';
import { hypertune, writeFile, createdStudy } from './helpers/hypertune.js';

describe.concurrent('hypertune enqueue --from an export', () => {
  it("queues Optuna's and Ray Tune's rows, leaving out and naming their own columns", async () => {
    const cwd = await createdStudy('metric: val_acc\ngoal: maximize\nparams:\n  lr: loguniform(1e-4, 1)\n  optimizer: choice(sgd, adam)\n');
    writeFile(cwd, 'optuna.csv', ',number,value,datetime_start,duration,params_lr,params_optimizer,user_attrs_seed,state\n0,0,0.9,2024-05-01 10:00:00,0 days 00:01:00,0.003,adam,1,COMPLETE\n');
    const optuna = await hypertune(['enqueue', '--study', 's', '--from', 'optuna.csv'], { cwd });
    expect(optuna.exitCode, optuna.stderr).toBe(0);
    expect(optuna.stdout).toBe('Enqueued 1 configuration in study s as trial 0; it runs first, once.');
    expect(optuna.stderr).toBe("hypertune: note: optuna.csv's columns that are no parameter were left out: number, datetime_start, duration, user_attrs_seed");
    writeFile(cwd, 'ray.csv', ',val_acc,training_iteration,trial_id,config/lr\n0,0.8,9,a_00000,0.01\n');
    const ray = await hypertune(['enqueue', '--study', 's', '--from', 'ray.csv'], { cwd });
    expect(ray.exitCode, ray.stderr).toBe(0);
    expect(ray.stderr).toBe("hypertune: note: ray.csv's columns that are no parameter were left out: training_iteration, trial_id");
    const summary = JSON.parse((await hypertune(['summary', '--study', 's', '--format', 'json'], { cwd })).stdout) as { trials: Array<{ state: string; params: Record<string, unknown> }> };
    expect(summary.trials.map((t) => [t.state, t.params])).toEqual([
      ['queued', { lr: 0.003, optimizer: 'adam' }],
      ['queued', { lr: 0.01 }],
    ]);
    // a hand-written file of plain labels is still checked column by column: a typo is refused
    writeFile(cwd, 'typo.csv', 'lr,optimizr\n0.01,adam\n');
    const typo = await hypertune(['enqueue', '--study', 's', '--from', 'typo.csv'], { cwd });
    expect([typo.exitCode, typo.stderr]).toEqual([2, 'hypertune: typo.csv:2: optimizr: not a parameter of this space (did you mean optimizer?)']);
  });
});
