// Other tools' search-space files given to `hypertune run` as they are: a W&B sweep configuration (check
// shows it in hypertune's terms, run without a command names the line that runs its program) and a Hydra
// application's Optuna sweeper config (run passes key=value overrides), each a study through the binary.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hypertune, SH, summaryJson, tempDir, writeFile } from './helpers/hypertune.js';

// W&B's agent passes --name=value (its ${args}); a nested parameter arrives as --model.width=V.
// Prints val_loss per epoch, least at lr 1e-3, 4 layers, width 128
const TRAIN = `for a in "$@"; do case $a in --lr=*) lr=\${a#--lr=};; --layers=*) layers=\${a#--layers=};; --model.width=*) w=\${a#--model.width=};; --epochs=*) n=\${a#--epochs=};; esac; done
awk -v lr="$lr" -v l="$layers" -v w="$w" -v n="$n" 'BEGIN { d = log(lr) / log(10) + 3; for (e = 1; e <= n; e++) print "epoch " e " val_loss=" d * d + (l - 4) * (l - 4) + w / 1000 + 1 / e }'
`;
const SWEEP = `program: train.sh
method: bayes
metric:
  name: val_loss
  goal: minimize
run_cap: 6
early_terminate:
  type: hyperband
  min_iter: 2
parameters:
  lr:
    distribution: log_uniform_values
    min: 0.00001
    max: 0.1
  layers:
    min: 1
    max: 8
  epochs:
    value: 4
  model:
    parameters:
      width:
        values: [128, 256]
`;

describe('a W&B sweep file', () => {
  it('is checked, run and summed up as a space file, its settings in hypertune terms', async () => {
    const dir = tempDir();
    writeFile(dir, 'train.sh', TRAIN);
    writeFile(dir, 'sweep.yaml', SWEEP);
    const checked = await hypertune(['check', 'sweep.yaml'], { cwd: dir });
    expect(checked.exitCode).toBe(0);
    expect(checked.stdout).toMatch(/│ lr +│ loguniform +│ 0\.00001, 0\.1 +│/);
    expect(checked.stdout).toMatch(/│ model\.width +│ choice +│ 128, 256 +│/);
    expect(checked.stdout).toMatch(/^trials: +6$/m);
    expect(checked.stdout).toMatch(/^algo: +auto /m);
    expect(checked.stdout).toMatch(/^prune: +asha, min_steps 2, reduction_factor 3 /m);
    expect(checked.stdout).toMatch(/^sweep: +read as a W&B sweep configuration .*; its program runs with: hypertune run sweep\.yaml -- \.\/train\.sh$/m);
    // the program: is W&B's agent's to start; the refusal gives the line that starts it here
    const bare = await hypertune(['run', 'sweep.yaml'], { cwd: dir });
    expect([bare.exitCode, bare.stderr]).toEqual([2, "hypertune: no command to tune: a sweep's program: is run by W&B's agent, not by hypertune; give the command after `--`: hypertune run sweep.yaml -- ./train.sh"]);
    const ran = await hypertune(['run', 'sweep.yaml', '--seed', '2', '--', SH, 'train.sh'], { cwd: dir });
    expect([ran.exitCode, ran.stderr]).toEqual([0, '']);
    const summary = await summaryJson(dir);
    expect([summary.study, summary.metric, summary.trials.length]).toEqual(['sweep', 'val_loss', 6]);
    for (const trial of summary.trials.filter((t) => t.state === 'complete')) {
      const params = trial.params as Record<string, number>;
      expect(Object.keys(params).sort()).toEqual(['epochs', 'layers', 'lr', 'model.width']);
      // the program read the values it was passed as W&B's agent passes them
      const { lr, layers, epochs } = params as { lr: number; layers: number; epochs: number };
      expect(epochs).toBe(4);
      expect(trial.value).toBeCloseTo((Math.log10(lr) + 3) ** 2 + (layers - 4) ** 2 + (params['model.width'] ?? 0) / 1000 + 1 / 4, 4);
    }
  });

  it("turns the sweep's command: macros into hypertune's ways of passing parameters", async () => {
    const dir = tempDir();
    writeFile(dir, 'sweep.yaml', 'method: random\nprogram: train.py\ncommand:\n  - ${env}\n  - ${interpreter}\n  - ${program}\n  - ${args_no_hyphens}\n  - --seed\n  - ${envvar:SEED}\nparameters:\n  lr:\n    min: 0.1\n    max: 1\n');
    const bare = await hypertune(['run', 'sweep.yaml'], { cwd: dir });
    expect(bare.stderr).toMatch(/: hypertune run sweep\.yaml --pass args -- python train\.py --seed "\$\{SEED\}"$/);
    writeFile(dir, 'json.yaml', 'method: random\ncommand: [./run.sh, "${args_json_file}"]\nparameters:\n  lr:\n    min: 0.1\n    max: 1\n');
    expect((await hypertune(['run', 'json.yaml'], { cwd: dir })).stderr).toMatch(/: hypertune run json\.yaml --pass json-file -- \.\/run\.sh \{params_file\}$/);
  });
});

// A Hydra application takes key=value overrides and rejects --flags, as Hydra does
const HYDRA_APP = `for a in "$@"; do case $a in --*) echo "error: unrecognized arguments: $a" >&2; exit 2;; model.lr=*) lr=\${a#model.lr=};; data.batch_size=*) b=\${a#data.batch_size=};; esac; done
awk -v lr="$lr" -v b="$b" 'BEGIN { d = log(lr) / log(10) + 2; print "val/acc=" 1 - d * d / 10 - (b == 64 ? 0 : 0.05) }'
`;
const HYDRA_CONFIG = `# @package _global_
defaults:
  - override /hydra/sweeper: optuna
optimized_metric: val/acc
hydra:
  sweeper:
    direction: maximize
    n_trials: 5
    params:
      model.lr: tag(log, interval(1e-4, 1))
      data.batch_size: choice(32, 64)
`;

describe("a Hydra application's sweeper config", () => {
  it('runs the app with key=value overrides by default, its metric and goal from the config', async () => {
    const dir = tempDir();
    writeFile(dir, 'app.sh', HYDRA_APP);
    writeFile(dir, 'optuna.yaml', HYDRA_CONFIG);
    const checked = await hypertune(['check', 'optuna.yaml'], { cwd: dir });
    expect(checked.stdout).toMatch(/│ model\.lr +│ loguniform +│ 0\.0001, 1 +│/);
    expect(checked.stdout).toMatch(/^sweep: +read from hydra\.sweeper\.params .*\(--pass args\)$/m);
    const ran = await hypertune(['run', 'optuna.yaml', '--seed', '3', '--', SH, 'app.sh'], { cwd: dir });
    expect([ran.exitCode, ran.stderr]).toEqual([0, '']);
    const summary = await summaryJson(dir);
    expect([summary.metric, summary.counts.complete]).toEqual(['val/acc', 5]);
    // without a command: the application's, as one run
    expect((await hypertune(['run', 'optuna.yaml'], { cwd: dir })).stderr).toMatch(/^hypertune: no command to tune: give the application's command after `--`: hypertune run optuna\.yaml -- python src\/train\.py \(without -m/);
    // a job script asking for a trial gets the app's overrides too
    expect((await hypertune(['create', 'optuna.yaml', '--study', 'jobs'], { cwd: dir })).exitCode).toBe(0);
    expect((await hypertune(['ask', '--study', 'jobs', '--format', 'args'], { cwd: dir })).stdout).toMatch(/^model\.lr=\S+ data\.batch_size=(32|64)$/);
    // the command line to run the best again is the app's, with its overrides
    const best = await hypertune(['show', 'best', '--study', 'optuna'], { cwd: dir });
    expect(best.stdout).toMatch(/\n {2}command +\S*sh app\.sh model\.lr=\S+ data\.batch_size=(32|64)\n/);
  });
});

// A Katib trial: flags placed by its template, `name=value` lines for Katib's metrics collector
const KATIB_TRIAL = `for a in "$@"; do case $a in --lr=*) lr=\${a#--lr=};; --num-layers=*) n=\${a#--num-layers=};; esac; done
awk -v lr="$lr" -v n="$n" 'BEGIN { print "epoch 1:"; print "Train-accuracy=" 0.9 - (lr - 0.02) ^ 2; print "Validation-accuracy=" 0.95 - 100 * (lr - 0.02) ^ 2 - (n - 3) ^ 2 / 100 }'
`;
const KATIB_EXPERIMENT = readFileSync(fileURLToPath(new URL('../fixtures/spaces/katib-random.yaml', import.meta.url)), 'utf8');

describe('a Katib Experiment', () => {
  it("runs its trial program without Kubernetes, parameters placed as the template places them, both metrics read", async () => {
    const dir = tempDir();
    writeFile(dir, 'trial.sh', KATIB_TRIAL);
    writeFile(dir, 'random.yaml', KATIB_EXPERIMENT);
    const checked = await hypertune(['check', 'random.yaml'], { cwd: dir });
    expect(checked.stdout).toMatch(/^sweep: +read as a Katib Experiment .*: hypertune run random\.yaml -- python3 \/opt\/mxnet-mnist\/mnist\.py --batch-size=64 '--lr=\{lr\}' '--num-layers=\{num-layers\}'$/m);
    const bare = await hypertune(['run', 'random.yaml'], { cwd: dir });
    expect([bare.exitCode, bare.stderr]).toEqual([2, "hypertune: no command to tune: give it after `--`; the experiment's trial container runs hypertune run random.yaml -- python3 /opt/mxnet-mnist/mnist.py --batch-size=64 '--lr={lr}' '--num-layers={num-layers}' (its paths are the image's)"]);
    const ran = await hypertune(['run', 'random.yaml', '--seed', '5', '--trials', '4', '--', SH, 'trial.sh', '--lr={lr}', '--num-layers={num-layers}'], { cwd: dir });
    expect(ran.exitCode).toBe(0);
    // the parameters the command does not place are said to reach it through the environment only
    expect(ran.stderr).toMatch(/no flags are added: optimizer, batch, wd, width reach it only through the environment/);
    const summary = await summaryJson(dir);
    expect([summary.metric, summary.counts.complete]).toEqual(['Validation-accuracy', 4]);
    for (const trial of summary.trials) {
      const { lr, 'num-layers': n } = trial.params as Record<string, number>;
      expect(trial.value).toBeCloseTo(0.95 - 100 * ((lr ?? 0) - 0.02) ** 2 - ((n ?? 0) - 3) ** 2 / 100, 6);
    }
  });
});
