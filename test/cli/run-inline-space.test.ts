// `hypertune run --param 'lr=loguniform(1e-5, 1e-1)' -- sh train.sh`: the space on the command line,
// no file; the study takes the script's name and lives on as any other (resume, summary, show).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hypertune, SH, summaryJson, tempDir, writeFile } from './helpers/hypertune.js';

// reads --lr=V and --layers=N, prints loss=...: least at lr 1e-3 and two layers
const TRAIN = `for a in "$@"; do case $a in --lr=*) lr=\${a#--lr=};; --layers=*) layers=\${a#--layers=};; esac; done
awk -v lr="$lr" -v l="$layers" 'BEGIN { d = log(lr) / log(10) + 3; print "loss=" d * d + (l - 2) * (l - 2) }'
`;
const LR = 'lr=loguniform(1e-5, 1e-1)';
const LAYERS = 'layers=choice(1, 2, 3)';

describe('run --param', () => {
  it('tunes a program without a space file, the study named after its script; resume, summary and show read the stored space', async () => {
    const dir = tempDir();
    writeFile(dir, 'train.sh', TRAIN);
    const dry = await hypertune(['run', '--param', LR, '-p', LAYERS, '--seed', '1', '--dry-run', '--', SH, 'train.sh'], { cwd: dir });
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toMatch(/^Dry run of study train: /);
    expect(dry.stdout).toMatch(/argv: \[".*sh","train.sh","--lr=[\d.e-]+","--layers=[123]"\]/);
    const ran = await hypertune(['run', '--param', LR, '-p', LAYERS, '--trials', '4', '--seed', '1', '--', SH, 'train.sh'], { cwd: dir });
    expect([ran.exitCode, ran.stderr]).toEqual([0, '']);
    const resumed = await hypertune(['resume', '--trials', '6'], { cwd: dir });
    expect(resumed.exitCode).toBe(0);
    const summary = await summaryJson(dir);
    expect([summary.study, summary.metric, summary.counts.complete]).toEqual(['train', 'loss', 6]);
    for (const trial of summary.trials) {
      const { lr, layers } = trial.params as { lr: number; layers: number };
      expect(lr).toBeGreaterThanOrEqual(1e-5);
      expect(lr).toBeLessThanOrEqual(1e-1);
      expect([1, 2, 3]).toContain(layers);
      // the program was given the trial's own values: its loss is theirs
      expect(trial.value).toBeCloseTo((Math.log10(lr) + 3) ** 2 + (layers - 2) ** 2, 4);
    }
    const best = await hypertune(['show', 'best', '--params', 'args'], { cwd: dir });
    expect(best.stdout).toMatch(/^--lr=\S+ --layers=[123]$/);
    // the same params again join the study; other params are another space, refused with the difference
    const again = await hypertune(['run', '--param', LR, '-p', LAYERS, '--trials', '7', '--', SH, 'train.sh'], { cwd: dir });
    expect(again.exitCode).toBe(0);
    expect((await summaryJson(dir)).counts.complete).toBe(7);
    const other = await hypertune(['run', '--param', 'lr=loguniform(1e-4, 1e-1)', '--trials', '8', '--', SH, 'train.sh'], { cwd: dir });
    expect(other.exitCode).toBe(2);
    expect(other.stderr).toContain('the space differs (- stored, + --param)');
  }, 60_000);

  it('refuses a bad --param, a space file beside it, and a command without -- in one line, storing nothing', async () => {
    const dir = tempDir();
    writeFile(dir, 'train.sh', TRAIN);
    writeFile(dir, 'space.yaml', 'params:\n  lr: uniform(0, 1)\n');
    const refusals: Array<[string[], string]> = [
      [['-p', 'lr=logunifrom(1e-5, 1e-1)', '--', SH, 'train.sh'], 'hypertune: --param "lr=logunifrom(1e-5, 1e-1)": lr: '],
      [['-p', LAYERS, '-p', 'lr=uniform(1, 0)', '--', SH, 'train.sh'], 'hypertune: --param "lr=uniform(1, 0)": lr: '],
      [['-p', 'lr', '--', SH, 'train.sh'], `hypertune: --param "lr": give label=expression, e.g. --param 'lr=loguniform(1e-5, 1e-1)'`],
      [['-p', 'lr=choice(a, b) # c', '--', SH, 'train.sh'], 'hypertune: --param "lr=choice(a, b) # c": one expression on one line, without a # comment'],
      [['-p', 'x: y=uniform(0, 1)', '--', SH, 'train.sh'], 'hypertune: --param "x: y=uniform(0, 1)": invalid label "x: y": a label starts with an ASCII letter'],
      [['-p', 'batch=[16, 32]', '--', SH, 'train.sh'], 'hypertune: --param "batch=[16, 32]": a list is no parameter; a choice is written batch=choice(16, 32)'],
      [['space.yaml', '-p', LR, '--', SH, 'train.sh'], 'hypertune: give the space in a file or with --param, not both (space.yaml before --)'],
      [['-p', LR, SH, 'train.sh'], `hypertune: put -- before the command to tune: hypertune run --param ... -- ${SH} train.sh`],
      [['-p', LR], "hypertune: no command to tune: give it after `--`, e.g. `hypertune run --param 'lr=loguniform(1e-5, 1e-1)' -- python train.py`"],
      [[], 'hypertune: give a space file, or the space with --param: hypertune run space.yaml -- python train.py'],
    ];
    for (const [args, message] of refusals) {
      const result = await hypertune(['run', ...args], { cwd: dir });
      expect([result.exitCode, result.stderr.split('\n').length]).toEqual([2, 1]);
      expect(result.stderr.startsWith(message), `${args.join(' ')}: ${result.stderr}`).toBe(true);
    }
    // the family's typo is named with the one meant
    expect((await hypertune(['run', '-p', 'lr=logunifrom(1e-5, 1e-1)', '--', SH, 'train.sh'], { cwd: dir })).stderr).toContain('loguniform');
    expect(existsSync(join(dir, '.hypertune'))).toBe(false);
  }, 60_000);

  it('create --param makes a study of jobs (ask and tell) named by --study', async () => {
    const dir = tempDir();
    const unnamed = await hypertune(['create', '-p', LR], { cwd: dir });
    expect([unnamed.exitCode, unnamed.stderr]).toEqual([2, 'hypertune: a study made with --param has no file to take its name from: give --study NAME']);
    const created = await hypertune(['create', '-p', LR, '-p', LAYERS, '--study', 'sweep', '--trials', '2', '--seed', '4'], { cwd: dir });
    expect([created.exitCode, created.stdout.split('\n')[0]]).toEqual([0, `Created study sweep: minimize loss over 2 trials, auto (seed 4); stored in ${join(dir, '.hypertune')}`]);
    const asked = await hypertune(['ask', '--study', 'sweep', '--format', 'json'], { cwd: dir });
    const { id, params } = JSON.parse(asked.stdout) as { id: number; params: { lr: number; layers: number } };
    expect(params.lr).toBeGreaterThanOrEqual(1e-5);
    expect([1, 2, 3]).toContain(params.layers);
    expect((await hypertune(['tell', '--study', 'sweep', String(id), '0.5'], { cwd: dir })).exitCode).toBe(0);
    expect((await summaryJson(dir, ['--study', 'sweep'])).best?.value).toBe(0.5);
  }, 60_000);
});
