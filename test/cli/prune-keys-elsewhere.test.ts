// A space file's prune: written with Optuna's or Ray Tune's names is refused naming hypertune's (a user
// audit, Optuna/Ray migration: grace_period, max_t and ASHAScheduler got no hint), through the built binary.
import { describe, expect, it } from 'vitest';
import { hypertune, NODE, program, tempDir, writeFile } from './helpers/hypertune.js';

const cases: Array<[string, string]> = [
  ['{pruner: asha, grace_period: 1}', `5:23: unknown key "grace_period" in prune: (Ray Tune's grace_period is min_steps here); known:`],
  ['{pruner: median, n_warmup_steps: 2}', `5:25: unknown key "n_warmup_steps" in prune: (Optuna's n_warmup_steps is warmup_steps here); known:`],
  ['{pruner: hyperband, max_t: 27}', `5:28: unknown key "max_t" in prune: (Ray Tune's max_t is max_steps here, the steps of a full run, which stops no run: the program's own epoch count ends it); known:`],
  ['{pruner: median, interval_steps: 2}', '5:25: unknown key "interval_steps" in prune: (every step the program reports is judged, with no interval); known:'],
  ['ASHAScheduler', '5:8: prune must be one of none, median, asha, hyperband (got "ASHAScheduler"): write asha'],
  ['optuna.pruners.HyperbandPruner', '5:8: prune must be one of none, median, asha, hyperband (got "optuna.pruners.HyperbandPruner"): write hyperband'],
  ['{pruner: MedianPruner}', '5:17: prune must be one of none, median, asha, hyperband (got "MedianPruner"): write median'],
];

describe('prune: with another tool\'s names', () => {
  it('is refused with exit 2, one line naming the file, line, column and hypertune\'s name', async () => {
    const cwd = tempDir();
    for (const [prune, message] of cases) {
      writeFile(cwd, 'space.yaml', `metric: val_acc\ngoal: maximize\nparams:\n  x: uniform(0, 1)\nprune: ${prune}\n`);
      const run = await hypertune(['run', 'space.yaml', '--dry-run', '--', NODE, program('prints-loss.mjs')], { cwd });
      expect(run.exitCode, prune).toBe(2);
      expect(run.stderr.split('\n')).toHaveLength(1);
      expect(run.stderr).toContain(`hypertune: space.yaml:${message}`);
    }
  });
});
