import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUADRATIC_SPACE, hypertune, program, readLines, summaryJson, tempDir, writeFile, SH } from './helpers/hypertune.js';

const quadratic = program('loop-quadratic.sh');

function trialAsked(dir: string, study: string): Array<Record<string, unknown>> {
  return readLines(join(dir, '.hypertune', study, 'journal.jsonl'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((event) => event['type'] === 'trial_asked');
}

// Each test its own folder (or study), none racing a clock: they run side by side (describe.concurrent).
describe.concurrent('which sampler proposed each trial', () => {
  it('runs with --algo auto by default and records the sampler of every trial in the journal and the summary (a 10-trial study on one parameter: 4 start-up trials)', async () => {
    const dir = tempDir();
    writeFile(dir, 'quad.yaml', QUADRATIC_SPACE);
    const run = await hypertune(['run', 'quad.yaml', '--trials', '10', '--seed', '4', '--', SH, quadratic], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^Study quad: minimize loss over 10 trials, auto \(seed 4\); stored in /);
    const asked = trialAsked(dir, 'quad');
    expect(asked).toHaveLength(10);
    const samplers = asked.map((event) => event['sampler']);
    // a study told it ends within 10 trials starts the GP after 5 start-up trials instead of 8, 4 on
    // one parameter (docs/gp.md, "Start-up trials")
    expect(samplers).toEqual([...Array(4).fill('startup'), ...Array(6).fill('gp')]);
    const summary = await summaryJson(dir);
    expect(summary.trials.map((t) => t.sampler)).toEqual(samplers);
    const table = await hypertune(['summary'], { cwd: dir });
    expect(table.stdout).toContain('Proposed by (--algo auto --seed 4): startup 4, gp 6\n');
    const csv = (await hypertune(['summary', '--format', 'csv'], { cwd: dir })).stdout.trimEnd().split('\n');
    expect(csv[0]).toBe('id,state,loss,duration_s,exit_code,startup,sampler,stopped_at_step,x,error');
    expect(csv.slice(1).map((row) => row.split(',')[6])).toEqual(samplers);
  });

  it('says in a dry run which sampler would propose each trial', async () => {
    const dir = tempDir();
    writeFile(dir, 'quad.yaml', QUADRATIC_SPACE);
    const dry = await hypertune(['run', 'quad.yaml', '--dry-run', '--seed', '1', '--', SH, quadratic], { cwd: dir });
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toContain('minimize loss over 20 trials, --algo auto, seed 1\nSampler: start-up trials first, then per trial the Gaussian process');
    // what would end the study: the count, the time budget, or both
    const budgeted = await hypertune(['run', 'quad.yaml', '--dry-run', '--seed', '1', '--time-budget', '8h', '--', SH, quadratic], { cwd: dir });
    expect(budgeted.stdout).toContain('minimize loss over 8h00m of trial time, --algo auto, seed 1\n');
    const both = await hypertune(['run', 'quad.yaml', '--dry-run', '--seed', '1', '--trials', '50', '--time-budget', '90m', '--', SH, quadratic], { cwd: dir });
    expect(both.stdout).toContain('minimize loss over 50 trials or 1h30m of trial time, --algo auto, seed 1\n');
    expect(dry.stdout).toMatch(/^trial 0 \(start-up sampler, space-filling\): x=/m);
    const random = await hypertune(['run', 'quad.yaml', '--dry-run', '--algo', 'random', '--', SH, quadratic], { cwd: dir });
    expect(random.stdout).toMatch(/^trial 0 \(random sampler\): x=/m);
  });

  it('replays a journal written before samplers were recorded, and resumes it with tpe as it ran', async () => {
    const dir = tempDir();
    writeFile(dir, 'quad.yaml', QUADRATIC_SPACE);
    expect((await hypertune(['run', 'quad.yaml', '--trials', '10', '--seed', '5', '--algo', 'tpe', '--', SH, quadratic], { cwd: dir })).exitCode).toBe(0);
    // make it an old journal: no sampler in trial_asked, no algo in the stored options
    const path = join(dir, '.hypertune', 'quad', 'journal.jsonl');
    const old = readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const event = JSON.parse(line) as Record<string, unknown> & { meta?: { options: Record<string, unknown> } };
        delete event['sampler'];
        if (event.meta !== undefined) delete event.meta.options['algo'];
        return JSON.stringify(event);
      });
    writeFileSync(path, `${old.join('\n')}\n`);
    expect(readFileSync(path, 'utf8')).not.toContain('"sampler"');

    const before = await summaryJson(dir);
    expect(before.trials.map((t) => t.sampler)).toEqual([...Array(8).fill('startup'), 'tpe', 'tpe']);
    const resumed = await hypertune(['resume', '--trials', '12'], { cwd: dir });
    expect(resumed.stderr).toBe('');
    expect(resumed.stdout).toMatch(/^Continuing study quad: minimize loss over 12 trials, tpe \(seed 5\)/);
    // `run` without --algo continues it too (with tpe), and an explicit other algorithm is refused
    const again = await hypertune(['run', 'quad.yaml', '--trials', '13', '--', SH, quadratic], { cwd: dir });
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toMatch(/^Continuing study quad: minimize loss over 13 trials, tpe \(seed 5\)/);
    const refused = await hypertune(['run', 'quad.yaml', '--algo', 'auto', '--', SH, quadratic], { cwd: dir });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('--algo (algo:) differs: stored "tpe", given "auto"');
    const after = await summaryJson(dir);
    // trial 12 is one of the TPE's space-filling points in a small space (a start-up trial)
    expect(after.trials.map((t) => t.sampler)).toEqual([...Array(8).fill('startup'), ...Array(4).fill('tpe'), 'startup']);
    expect(trialAsked(dir, 'quad').slice(10).map((event) => event['sampler'])).toEqual(['tpe', 'tpe', 'startup']);
  });

  it('takes the algorithm from the space file when --algo is not given', async () => {
    const dir = tempDir();
    writeFile(dir, 'quad.yaml', `algo: tpe\n${QUADRATIC_SPACE}`);
    const check = await hypertune(['check', 'quad.yaml'], { cwd: dir });
    expect(check.stdout).toContain("algo:      tpe (run's default sampler; --algo overrides it)");
    const run = await hypertune(['run', 'quad.yaml', '--trials', '2', '--seed', '1', '--', SH, quadratic], { cwd: dir });
    expect(run.stdout).toMatch(/^Study quad: minimize loss over 2 trials, tpe \(seed 1\)/);
    const other = await hypertune(['run', 'quad.yaml', '--study', 'r', '--trials', '1', '--algo', 'random', '--', SH, quadratic], { cwd: dir });
    expect(other.stdout).toMatch(/^Study r: minimize loss over 1 trial, random /);
    expect((await summaryJson(dir, ['--study', 'r'])).trials.map((t) => t.sampler)).toEqual(['random']);
  });

  it("runs hyperopt's own TPE with --algo hyperopt or algo: hyperopt: 20 random start-up trials, then the TPE (a user audit: only the library reached it)", async () => {
    const dir = tempDir();
    writeFile(dir, 'quad.yaml', `algo: hyperopt\n${QUADRATIC_SPACE}`);
    const run = await hypertune(['run', 'quad.yaml', '--trials', '22', '--seed', '1', '--', SH, quadratic], { cwd: dir });
    expect(run.stdout).toMatch(/^Study quad: minimize loss over 22 trials, hyperopt \(seed 1\)/);
    const summary = await summaryJson(dir);
    expect(summary.trials.map((t) => t.sampler)).toEqual([...Array(20).fill('startup'), 'tpe', 'tpe']);
    // its model trials are `tpe`; the study's algorithm says whose (a user audit: nothing named hyperopt)
    expect([summary.algo, summary.seed]).toEqual(['hyperopt', 1]);
    expect((await hypertune(['summary'], { cwd: dir })).stdout).toContain('Proposed by (--algo hyperopt --seed 1): startup 20, tpe 2\n');
    const flag = await hypertune(['run', 'quad.yaml', '--study', 'h', '--algo', 'hyperopt', '--trials', '1', '--dry-run', '--', SH, quadratic], { cwd: dir });
    expect(flag.stdout).toContain("Sampler: hyperopt's TPE (20 random start-up trials, then its tpe.suggest).");
  });
});
