import { afterAll, describe, expect, it } from 'vitest';
import { hypertune, NODE, program, tempDir, writeFile, type SummaryJson } from './helpers/hypertune.js';
import { dropStudies, POSTGRES, SKIP_REASON, studyNamer } from './helpers/workers.js';

const studies = studyNamer();

describe.skipIf(POSTGRES === undefined)(`pruning with workers on one PostgreSQL study (${POSTGRES === undefined ? SKIP_REASON : 'real server'})`, { concurrent: true }, () => {
  afterAll(() => dropStudies(studies.prefix));

  it("two workers prune against each other's curves, stored as they arrive", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'metric: loss\nparams:\n  x: uniform(-1, 1)\n');
    const study = studies.next();
    const args = ['--storage', POSTGRES ?? '', '--study', study, '--trials', '10', '--seed', '7', '--algo', 'random'];
    const prune = ['--prune', 'median', '--startup-trials', '0', '--warmup-steps', '0', '--max-steps', '12'];
    const workers = [0, 1].map(() => hypertune(['run', 'space.yaml', ...args, ...prune, '--', NODE, program('epochs.mjs')], { cwd: dir, env: { EPOCH_MS: '60' } }));
    const results = await Promise.all(workers);
    for (const result of results) expect(result.exitCode, result.stderr).toBe(0);
    const summary = await hypertune(['summary', '--storage', POSTGRES ?? '', '--study', study, '--format', 'json'], { cwd: dir });
    const trials = (JSON.parse(summary.stdout) as SummaryJson).trials;
    expect(trials).toHaveLength(10);
    const pruned = trials.filter((t) => t.state === 'pruned');
    expect(pruned.length).toBeGreaterThan(0);
    // A worker runs one trial at a time, so a pruned trial's own worker had at most its earlier trials
    // to compare with; a count above that proves the median included the other worker's trials.
    const sawTheOther = pruned.filter((t) => {
      const others = Number(/of (\d+) other trials/.exec(t.error ?? '')?.[1] ?? 0);
      const own = results.map((r) => r.stdout).find((out) => new RegExp(`^trial ${t.id} `, 'm').test(out)) ?? '';
      const ownEarlier = [...own.matchAll(/^trial (\d+) /gm)].map((m) => Number(m[1])).filter((id) => id < t.id).length;
      return others > ownEarlier;
    });
    expect(sawTheOther.length, JSON.stringify(pruned.map((t) => t.error))).toBeGreaterThan(0);
    for (const trial of pruned) expect(trial.steps).toEqual(Array.from({ length: trial.steps.length }, (_, i) => i + 1));
  });

  it('under the default auto, a worker\'s GP goes on after trials are pruned, as on the journal', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'metric: loss\nparams:\n  x: uniform(-1, 1)\n');
    const flags = ['--storage', POSTGRES ?? '', '--study', studies.next()];
    const args = ['--trials', '14', '--prune', 'asha', '--min-steps', '1', '--seed', '2'];
    const run = await hypertune(['run', 'space.yaml', ...flags, ...args, '--', NODE, program('epochs.mjs')], { cwd: dir, env: { EPOCH_MS: '25', EPOCHS: '9' } });
    expect(run.exitCode, run.stderr).toBe(0);
    const summary = await hypertune(['summary', ...flags, '--format', 'json'], { cwd: dir });
    const trials = (JSON.parse(summary.stdout) as SummaryJson).trials;
    expect(trials.some((t) => t.state === 'pruned')).toBe(true);
    expect(trials.some((t) => t.state === 'complete' && t.steps.length === 9)).toBe(true);
    // the ask under the study lock gives the engine how far each trial got, as the journal's ask does:
    // a complete trial has shown a full run, so the GP, not a hand-over to the TPE
    const later = trials.filter((t) => t.id >= 10);
    expect(later.map((t) => t.sampler)).toEqual(later.map(() => 'gp'));
  });
});
