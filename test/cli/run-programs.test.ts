import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEEP_HEAD_BYTES, KEEP_TAIL_BYTES } from '../../src/loop/trial-output.js';
import { NODE, PYTHON, SH, hypertune, program, summaryJson, tempDir, writeFile } from './helpers/hypertune.js';

const XGB_SPACE = `metric: test-logloss
pattern: 'test-logloss:([\\d.]+)'
params:
  x: uniform(0, 1)
`;

const trialFolder = (dir: string, study: string, id: number): string => join(dir, '.hypertune', study, 'trials', String(id));

// Each test its own folder, none racing a clock: they run side by side (describe.concurrent).
describe.concurrent('run: the metric on stderr, or on both streams', () => {
  it('fails each trial by default, naming --metric-stream, and reads it with --metric-stream stderr', async () => {
    const dir = tempDir();
    writeFile(dir, 'xgb.yaml', XGB_SPACE);
    const wrong = await hypertune(['run', 'xgb.yaml', '--trials', '1', '--seed', '1', '--', NODE, program('metric-on-stderr.mjs')], { cwd: dir });
    expect(wrong.exitCode).toBe(1);
    const [failed] = (await summaryJson(dir)).trials;
    expect(failed?.state).toBe('failed');
    expect(failed?.error).toContain('stderr held 3 matching line(s), but hypertune reads stdout: give --metric-stream stderr (or both), or metric_stream: stderr in the space file');

    const right = await hypertune(['run', 'xgb.yaml', '--study', 'xgb2', '--metric-stream', 'stderr', '--trials', '2', '--seed', '1', '--', NODE, program('metric-on-stderr.mjs')], { cwd: dir });
    expect(right.exitCode).toBe(0);
    const summary = await summaryJson(dir, ['--study', 'xgb2']);
    expect(summary.counts.complete).toBe(2);
    for (const trial of summary.trials) {
      const x = Number(trial.params['x']);
      expect(trial.intermediate).toHaveLength(3);
      expect(trial.value).toBeCloseTo((x - 0.3) ** 2 + 0.1 / 3, 6);
    }
  });

  it('takes metric_stream: from the space file, and `parse` takes it too', async () => {
    const dir = tempDir();
    writeFile(dir, 'xgb.yaml', `metric_stream: stderr\n${XGB_SPACE}`);
    const result = await hypertune(['run', 'xgb.yaml', '--trials', '1', '--', NODE, program('metric-on-stderr.mjs')], { cwd: dir });
    expect(result.exitCode).toBe(0);
    expect((await summaryJson(dir)).counts.complete).toBe(1);
    const parsed = await hypertune(['parse', '--space', 'xgb.yaml'], { cwd: dir, input: '[0]\ttest-logloss:0.5\n[1]\ttest-logloss:0.25\n' });
    expect(parsed.stdout).toContain('(read as stderr, as run --metric-stream stderr would)');
    expect(parsed.stdout).toContain('Result (last): 0.25');
    const bad = await hypertune(['run', 'xgb.yaml', '--metric-stream', 'stdin', '--', NODE, '-e', '0'], { cwd: dir });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('expected one of stdout, stderr, both, got "stdin"');
  });

  it('with both, reads the lines of the two streams in the order they arrive', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'params:\n  x: uniform(0, 1)\n');
    const result = await hypertune(['run', 'space.yaml', '--metric-stream', 'both', '--trials', '1', '--', NODE, program('interleaved-streams.mjs')], { cwd: dir });
    expect(result.exitCode).toBe(0);
    const [trial] = (await summaryJson(dir)).trials;
    expect(trial?.intermediate).toEqual([0.9, 0.7, 0.5, 0.3]);
    expect(trial?.value).toBe(0.3);
  });
});

describe.concurrent('run --pass: key=value arguments and a JSON file', () => {
  const space = `params:
  optimizer.lr: uniform(0.1, 0.2)
  model.name: it's a "big" model
  model.depth: 4
  seed: 7
`;

  it('args: one label=value word per parameter, dots kept, spaces and quotes as they are', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', space);
    const result = await hypertune(['run', 'space.yaml', '--pass', 'args', '--trials', '1', '--', NODE, program('shows-params.mjs'), 'train.epochs=3'], { cwd: dir });
    expect(result.exitCode).toBe(0);
    const seen = JSON.parse(readFileSync(join(trialFolder(dir, 'space', 0), 'stdout.log'), 'utf8').split('\n')[0] ?? '') as { argv: string[]; paramsFile: string | null };
    expect(seen.argv[0]).toBe('train.epochs=3');
    expect(seen.argv[1]).toMatch(/^optimizer\.lr=0\.1\d*$/);
    expect(seen.argv.slice(2)).toEqual(['model.name=it\'s a "big" model', 'model.depth=4', 'seed=7']);
    expect(seen.paramsFile).toBeNull();
  });

  it('json-file: the parameters nested at their dots, in a file named by HYPERTUNE_PARAMS_FILE and {params_file}', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', space);
    const result = await hypertune(['run', 'space.yaml', '--pass', 'json-file', '--trials', '1', '--', NODE, program('shows-params.mjs'), '--config', '{params_file}'], { cwd: dir });
    expect(result.exitCode).toBe(0);
    const folder = trialFolder(dir, 'space', 0);
    const seen = JSON.parse(readFileSync(join(folder, 'stdout.log'), 'utf8').split('\n')[0] ?? '') as {
      argv: string[];
      paramsFile: string;
      fileParams: { optimizer: { lr: number }; model: unknown; seed: number };
      trialDir: string;
    };
    expect(seen.paramsFile).toBe(join(folder, 'params.json'));
    expect(seen.argv).toEqual(['--config', seen.paramsFile]);
    expect(seen.trialDir).toBe(folder);
    expect(seen.fileParams.model).toEqual({ name: 'it\'s a "big" model', depth: 4 });
    expect(seen.fileParams.seed).toBe(7);
    expect(seen.fileParams.optimizer.lr).toBeGreaterThanOrEqual(0.1);
    expect(seen.fileParams.optimizer.lr).toBeLessThan(0.2);
  });
});

describe.concurrent('run --pass switches: argparse store_true booleans', () => {
  it('passes a bare --flag for true and nothing for false, where --pass flags fails each trial with a hint', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'params:\n  lr: uniform(0, 0.2)\n  use_bn: choice(true, false)\n  no_dropout: choice(true, false)\n');
    const trainer = program('argparse-switches.py');
    const refused = await hypertune(['run', 'space.yaml', '--trials', '1', '--study', 'plain', '--', PYTHON, trainer], { cwd: dir });
    expect(refused.stdout).toContain("give --pass switches");
    const failed = (await summaryJson(dir, ['--study', 'plain'])).trials[0];
    expect(failed?.error).toMatch(/give --pass switches/);
    const result = await hypertune(['run', 'space.yaml', '--trials', '6', '--seed', '2', '--pass', 'switches', '--', PYTHON, trainer], { cwd: dir });
    expect(result.exitCode, result.stderr).toBe(0);
    const trials = (await summaryJson(dir, ['--study', 'space'])).trials;
    expect(trials.map((t) => t.state)).toEqual(Array(6).fill('complete'));
    for (const trial of trials) {
      const expected = ((trial.params['lr'] as number) - 0.1) ** 2 + (trial.params['use_bn'] ? 0 : 1) + (trial.params['no_dropout'] ? 0.5 : 0);
      expect(trial.value).toBeCloseTo(expected, 9);
    }
    expect(new Set(trials.map((t) => t.params['use_bn']))).toEqual(new Set([true, false]));
  });
});

describe.concurrent('a boolean placed alone in its word ({use_bn}) for an argparse switch', () => {
  it('fails the trial with a hint to write the switch as a choice of its forms (a user audit: argparse said only "unrecognized arguments: true")', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'params:\n  lr: uniform(0, 0.2)\n  use_bn: choice(true, false)\n');
    const trainer = program('argparse-switches.py');
    const result = await hypertune(['run', 'space.yaml', '--trials', '2', '--seed', '2', '--pass', 'switches', '--', PYTHON, trainer, '--lr', '{lr}', '{use_bn}'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    const trials = (await summaryJson(dir)).trials;
    expect(trials.length).toBe(2);
    for (const trial of trials) {
      expect(trial.error).toContain(`unrecognized arguments: ${String(trial.params['use_bn'])}; {use_bn} places the boolean use_bn as the word ${String(trial.params['use_bn'])}: for a switch without a value (store_true) write it as a choice of its forms, use_bn: choice("--use_bn", "")`);
    }
  });
});

describe.concurrent('run --pass switches for a program whose boolean takes a value (argparse type=bool)', () => {
  it('fails a true trial with a hint to place the value and of type=bool reading "false" as True (a user audit: argparse said only "expected one argument")', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'params:\n  lr: uniform(0, 0.2)\n  use_bn: choice(true, false)\n  augment: choice(true, false)\n');
    const result = await hypertune(['run', 'space.yaml', '--trials', '4', '--seed', '1', '--pass', 'switches', '--', PYTHON, program('argparse-type-bool.py')], { cwd: dir });
    expect(result.exitCode, result.stderr).toBe(0);
    const trials = (await summaryJson(dir)).trials;
    expect(trials.some((t) => t.params['use_bn'] === true)).toBe(true);
    for (const trial of trials) {
      if (trial.params['use_bn'] !== true) expect(trial.state).toBe('complete');
      else expect(trial.error).toContain(`argument --use_bn: expected one argument; the program's --use_bn takes a value, and a switch mode passed use_bn bare: place it with its value (--use_bn {use_bn}), the switches as choices of their forms (docs/running.md, "Switches"); argparse's type=bool reads "false" as True`);
    }
  });
});

describe.concurrent('a program that reads its own environment variables (LR, not HP_LR)', () => {
  it("fails with a hint naming the variables in the command with env, which then runs (a user audit: Python said only KeyError: 'LR')", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'params:\n  lr: uniform(0, 0.2)\n  batch_size: choice(16, 32)\n');
    const failed = await hypertune(['run', 'space.yaml', '--study', 'plain', '--trials', '1', '--pass', 'env', '--', PYTHON, program('reads-env.py')], { cwd: dir });
    expect(failed.exitCode).toBe(1);
    const error = (await summaryJson(dir, ['--study', 'plain'])).trials[0]?.error ?? '';
    expect(error).toContain(`KeyError: 'LR'; the program reads LR from its environment, where hypertune sets HP_LR: name its variables in the command, -- env LR={lr} BATCH_SIZE={batch_size} ${PYTHON} ${program('reads-env.py')}`);
    const fixed = await hypertune(['run', 'space.yaml', '--trials', '2', '--', 'env', 'LR={lr}', 'BATCH_SIZE={batch_size}', PYTHON, program('reads-env.py')], { cwd: dir });
    expect(fixed.exitCode, fixed.stderr).toBe(0);
    for (const trial of (await summaryJson(dir, ['--study', 'space'])).trials) {
      expect(trial.value).toBeCloseTo(((trial.params['lr'] as number) - 0.1) ** 2 + (trial.params['batch_size'] as number) / 1000, 9);
    }
  });
});

const pyyaml = spawnSync(PYTHON, ['-c', 'import yaml']).status === 0;

const withPyyaml = `run --pass json-file: a program that loads its config with PyYAML${pyyaml ? '' : ' (skipped: python3 has no yaml module)'}`;

describe.skipIf(!pyyaml)(withPyyaml, () => {
  it('gets small learning rates as floats, not the strings PyYAML made of 1e-7 (a user audit)', async () => {
    const dir = tempDir();
    // Adam's epsilon as a constant, and round values of a choice: JavaScript writes them 1e-8, 1e-7
    writeFile(dir, 'space.yaml', 'params:\n  optimizer.lr: choice(1e-7, 5e-8, 0.000001)\n  optimizer.eps: 1e-8\n  layers: randint(1, 4)\n');
    const result = await hypertune(['run', 'space.yaml', '--trials', '4', '--seed', '1', '--pass', 'json-file', '--', PYTHON, program('reads-yaml-config.py'), '--config', '{params_file}'], { cwd: dir });
    expect(result.exitCode, result.stderr).toBe(0);
    const trials = (await summaryJson(dir)).trials;
    expect(trials.map((t) => t.state)).toEqual(['complete', 'complete', 'complete', 'complete']);
    expect(trials.some((t) => (t.params['optimizer.lr'] as number) < 1e-6)).toBe(true);
    for (const trial of trials) expect(trial.value).toBeCloseTo(((trial.params['optimizer.lr'] as number) * 1e7 - 0.5) ** 2 + 1 + (trial.params['layers'] as number), 9);
  });
});

describe.concurrent('run --pass switch-pairs: argparse BooleanOptionalAction', () => {
  it('passes --no-flag for false (left out, the switch would stay on), where --pass flags fails with a hint naming the mode', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'params:\n  lr: uniform(0, 0.2)\n  use-bn: choice(true, false)\n');
    const trainer = program('argparse-switch-pairs.py');
    const refused = await hypertune(['run', 'space.yaml', '--trials', '1', '--study', 'plain', '--', PYTHON, trainer], { cwd: dir });
    expect(refused.stdout).toContain('give --pass switch-pairs');
    const result = await hypertune(['run', 'space.yaml', '--trials', '6', '--seed', '2', '--pass', 'switch-pairs', '--', PYTHON, trainer], { cwd: dir });
    expect(result.exitCode, result.stderr).toBe(0);
    const trials = (await summaryJson(dir, ['--study', 'space'])).trials;
    for (const trial of trials) expect(trial.value).toBeCloseTo(((trial.params['lr'] as number) - 0.1) ** 2 + (trial.params['use-bn'] ? 0 : 1), 9);
    expect(new Set(trials.map((t) => t.params['use-bn']))).toEqual(new Set([true, false]));
  });
});

describe.concurrent('run: a program that ignores its parameters', () => {
  it('notes once that the first complete trials all gave one value, and reads them through env NAME={label}', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'params:\n  lr: uniform(0, 1)\n');
    // reads LR, its own name, not HP_LR: every trial gives the default's result (in sh, not node: ten
    // trials at a fraction of node's start CPU; the flags hypertune appends land in $0)
    const script = 'awk -v lr="${LR:-0.5}" \'BEGIN { printf "loss=%.17g\\n", lr * lr }\'';
    const ignored = await hypertune(['run', 'space.yaml', '--trials', '6', '--study', 'ignored', '--', SH, '-c', script], { cwd: dir });
    expect(ignored.exitCode).toBe(0);
    const notes = ignored.stdout.split('\n').filter((line) => line.startsWith('note: '));
    expect(notes).toEqual(['note: the first 4 complete trials all gave 0.25, each with other parameters: does the program read them? `hypertune run --dry-run` shows what it is passed']);
    const read = await hypertune(['run', 'space.yaml', '--trials', '4', '--study', 'read', '--', 'env', 'LR={lr}', SH, '-c', script], { cwd: dir });
    expect(read.exitCode).toBe(0);
    expect(read.stdout).not.toContain('note: ');
    expect(new Set((await summaryJson(dir, ['--study', 'read'])).trials.map((t) => t.value)).size).toBe(4);
  });
});

describe.concurrent('run: a folder per trial', () => {
  it('--cwd trial runs each trial in its own folder, so parallel trials writing out.txt do not collide', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'params:\n  x: uniform(0, 1)\n');
    const result = await hypertune(['run', 'space.yaml', '--cwd', 'trial', '--parallel', '2', '--trials', '2', '--', NODE, program('writes-out-txt.mjs')], { cwd: dir });
    expect(result.exitCode, result.stdout).toBe(0);
    const summary = await summaryJson(dir);
    expect(summary.counts.complete).toBe(2);
    for (const id of [0, 1]) {
      expect(readFileSync(join(trialFolder(dir, 'space', id), 'out.txt'), 'utf8')).toBe(`trial ${id}\n`);
      expect(readFileSync(join(trialFolder(dir, 'space', id), 'stdout.log'), 'utf8')).toBe(`loss=${id}\n`);
    }
    expect(existsSync(join(dir, 'out.txt'))).toBe(false);
  });
});

describe.concurrent('run --keep-output', () => {
  it('keeps the first and last MB of a 50 MB chatty trial, marks the gap, and still reads every value', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'params:\n  x: uniform(0, 1)\n');
    const result = await hypertune(['run', 'space.yaml', '--trials', '1', '--', NODE, program('chatty.mjs'), '50'], { cwd: dir });
    expect(result.exitCode).toBe(0);
    const [trial] = (await summaryJson(dir)).trials;
    // the last line, `final loss=0.125`, is the result, not a third point of the curve
    expect(trial?.intermediate).toEqual([0.5, 0.25]);
    expect(trial?.value).toBe(0.125);
    const stdout = join(trialFolder(dir, 'space', 0), 'stdout.log');
    const size = statSync(stdout).size;
    expect(size).toBeLessThanOrEqual(KEEP_HEAD_BYTES + KEEP_TAIL_BYTES + 1000);
    expect(size).toBeGreaterThan(KEEP_HEAD_BYTES + KEEP_TAIL_BYTES - 1000);
    const text = readFileSync(stdout, 'utf8');
    expect(text.startsWith('loss=0.5\n')).toBe(true);
    expect(text.endsWith('final loss=0.125\n')).toBe(true);
    expect(text).toMatch(/\n\[hypertune: \d+ bytes \(\d+ lines\) dropped here; --keep-output tail keeps the first 1 MB and the last 1 MB of each stream/);
    // 2 MB of stderr fits under the cap whole
    expect(statSync(join(trialFolder(dir, 'space', 0), 'stderr.log')).size).toBe(2_000_000);

    const studies = await hypertune(['studies'], { cwd: dir });
    expect(studies.stdout).toMatch(/on disk/);
    expect(studies.stdout).toMatch(/ 4\.\d MB /);
    const json = JSON.parse((await hypertune(['studies', '--format', 'json'], { cwd: dir })).stdout) as Array<{ disk_bytes: number }>;
    expect(json[0]?.disk_bytes).toBeGreaterThan(size);
  });

  it('all keeps everything, none keeps nothing', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'params:\n  x: uniform(0, 1)\n');
    for (const keep of ['all', 'none']) {
      const result = await hypertune(['run', 'space.yaml', '--study', keep, '--keep-output', keep, '--trials', '1', '--', NODE, program('chatty.mjs'), '3'], { cwd: dir });
      expect(result.exitCode).toBe(0);
      expect((await summaryJson(dir, ['--study', keep])).trials[0]?.value).toBe(0.125);
    }
    expect(statSync(join(trialFolder(dir, 'all', 0), 'stdout.log')).size).toBe(3_000_000 + 'loss=0.5\nloss=0.25\nfinal loss=0.125\n'.length);
    expect(existsSync(join(trialFolder(dir, 'none', 0), 'stdout.log'))).toBe(false);
  });
});
