// `hypertune show` names the command line each trial was started with, as the runner built it from the
// study's command and the trial's parameters: to run the best trial again by hand, or to see why every
// trial failed (a user audit: show gave the parameters only, and placeholders, left-out words and
// switches had to be worked out). Real `hypertune run` calls of a real Python program that prints the
// argv it received; the line `show` prints is run again through a shell and must print the same.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PYTHON, hypertune, program, summaryJson, tempDir, writeFile } from './helpers/hypertune.js';

interface ShowJson {
  params: Record<string, unknown>;
  stdout: string;
  argv?: string[];
  cwd?: string | null;
  env?: Record<string, string>;
}

const SPACE = `params:
  lr: loguniform(0.001, 1)
  augment: choice("--augment", "")
  h1: choice(64, 128)
  layers:
    choice:
      - 1
      - 2:
          h2: randint(8, 65)
  optimizer: choice(sgd, adam)
`;

/**
 * Each trial's argv as `show --json` names it, what the program says it got, and `show`'s line run again
 * in a shell; each trial's `show --json` by its id, for a test to read more from without asking again.
 */
async function checkTrials(dir: string, study: string): Promise<Map<number, ShowJson>> {
  const trials = (await summaryJson(dir, ['--study', study])).trials;
  expect(trials.length).toBeGreaterThan(0);
  const shown = new Map<number, ShowJson>();
  for (const trial of trials) {
    const json = JSON.parse((await hypertune(['show', String(trial.id), '--study', study, '--json'], { cwd: dir })).stdout) as ShowJson;
    shown.set(trial.id, json);
    const received = JSON.parse(json.stdout.split('\n')[0] ?? '') as { argv: string[]; cwd: string };
    expect(json.argv?.slice(2)).toEqual(received.argv);
    expect(json.cwd).toBe(received.cwd);
    const text = (await hypertune(['show', String(trial.id), '--study', study], { cwd: dir })).stdout;
    const line = /\n {2}command {5}(.*)\n/.exec(text)?.[1];
    expect(line, text).toBeDefined();
    expect(text).toContain(`\n  in folder   ${received.cwd}\n`);
    const again = await execa('/bin/sh', ['-c', line ?? ''], { cwd: received.cwd, env: { PATH: process.env['PATH'] ?? '' }, extendEnv: false });
    expect(again.stdout).toBe(json.stdout.trimEnd());
  }
  return shown;
}

describe.concurrent('show: the command line a trial was started with', () => {
  it('names the argv of placeholders with a list flag (nargs), a switch as a choice of its forms and a left-out nested parameter', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    const result = await hypertune(['run', 'space.yaml', '--trials', '6', '--seed', '3', '--', PYTHON, program('argparse-nargs.py'), '--lr', '{lr}', '{augment}', '--hidden', '{h1}', '{h2}', '--optimizer', '{optimizer}'], { cwd: dir });
    expect(result.exitCode, result.stderr).toBe(0);
    // the run's last lines say where the best trial's command line is, its values above being shortened
    expect(result.stdout).toContain('\n  hypertune show best --study space   (its command line, to run it again)\n');
    const trials = (await summaryJson(dir, ['--study', 'space'])).trials;
    // both kinds of trial: with h2 and without
    expect(new Set(trials.map((t) => t.params['layers']))).toEqual(new Set([1, 2]));
    await checkTrials(dir, 'space');
  });

  it('names the parameters\' variables under --pass env, and the trial folder with --cwd trial', async () => {
    const dir = tempDir();
    writeFile(dir, 'env.yaml', 'params:\n  lr_scale: uniform(0.5, 2)\n');
    const result = await hypertune(['run', 'env.yaml', '--trials', '3', '--seed', '1', '--pass', 'env', '--cwd', 'trial', '--', PYTHON, program('argparse-nargs.py'), '--lr', '0.1', '--hidden', '8', '8'], { cwd: dir });
    expect(result.exitCode, result.stderr).toBe(0);
    await checkTrials(dir, 'env');
    const json = JSON.parse((await hypertune(['show', 'best', '--json'], { cwd: dir })).stdout) as ShowJson;
    expect(json.env).toEqual({ HP_LR_SCALE: String(json.params['lr_scale']) });
    expect(json.cwd).toMatch(/\/\.hypertune\/env\/trials\/\d+$/);
  });

  it('names the folder a worker that joined from elsewhere ran its trials in, not the study\'s start folder (a user audit)', async () => {
    const started = tempDir();
    const elsewhere = tempDir();
    writeFile(started, 'space.yaml', 'params:\n  lr: loguniform(0.001, 1)\n');
    const command = ['--', PYTHON, program('argparse-nargs.py'), '--lr', '{lr}', '--hidden', '8'];
    const first = await hypertune(['run', 'space.yaml', '--trials', '2', '--seed', '1', ...command], { cwd: started });
    expect(first.exitCode, first.stderr).toBe(0);
    const joined = await hypertune(['run', `${started}/space.yaml`, '--dir', `${started}/.hypertune`, '--study', 'space', '--trials', '4', ...command], { cwd: elsewhere });
    expect(joined.exitCode, joined.stderr).toBe(0);
    // checkTrials holds each trial's folder to the one its program printed: trials 0-1 here, 2-3 there
    const shown = await checkTrials(started, 'space');
    expect([0, 3].map((id) => shown.get(id)?.cwd)).toEqual([started, elsewhere]);
  });
});
