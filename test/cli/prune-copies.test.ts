// A run of copies through the built binary: under `auto` the GP asks again beside a run the median rule
// stopped, since a stopped run says little of a full one there; where the best runs start slowly, the
// rule stopped every copy (19 of 30 trials at x = 0.729, best 0.0057). Now a copy of stopped runs, or
// of a good complete run standing as it stood, goes to the end, and the study finds x = 0.8.
import { describe, expect, it } from 'vitest';
import { hypertune, program, SH, tempDir, writeFile } from './helpers/hypertune.js';

describe('pruning a study whose sampler asks again where runs were stopped', () => {
  it('lets a copy run to the end, says so once, and finds the slow starter that ends best', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', 'metric: loss\nparams:\n  x: uniform(0, 1)\n');
    const run = await hypertune(['run', 'space.yaml', '--trials', '16', '--seed', '1', '--prune', 'median', '--', SH, program('slow-starters.sh')], { cwd, env: { EPOCH_MS: '10' } });
    expect(run.exitCode, run.stderr).toBe(0);
    const notices = run.stdout.split('\n').filter((line) => line.startsWith('--prune median: trial '));
    expect(notices, run.stdout).toHaveLength(1);
    expect(notices[0]).toMatch(/^--prune median: trial \d+ is a near-copy of (trial \d+, which ran to the end and ended in the better half: early values there do not count against it|\d+ trials stopped by step \d+: the sampler keeps asking there, so one such run goes to the end to settle it)$/);
    const json = JSON.parse((await hypertune(['summary', '--format', 'json'], { cwd })).stdout) as { best: { value: number; params: { x: number } } };
    // (x - 0.8)^2 at the end: within 0.01 of 0.8
    expect(json.best.value).toBeLessThan(1e-4);
  });
});
