// A pattern: that backtracks without end on a line it does not match ((a+)+$ before a `!`) held the
// tuner's one thread: --trial-timeout never fired and SIGTERM waited 70 s (a user audit). V8's
// linear-time engine takes over such a match (src/cli/bundle-loader.ts).
import { describe, expect, it } from 'vitest';
import { hypertune, summaryJson, tempDir, writeFile } from './helpers/hypertune.js';

describe('a pattern that backtracks without end', () => {
  it('is read in moments: the trial fails for its missing metric, and the study goes on', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'metric: loss\npattern: "loss=((?:a+)+)$"\nparams:\n  x: uniform(0, 1)\n');
    writeFile(dir, 'line.sh', `echo loss=${'a'.repeat(40)}!\n`);
    const started = Date.now();
    // --max-failures 0: else the first trial without its metric stops the study (retries.ts)
    const run = await hypertune(['run', 'space.yaml', '--trials', '2', '--trial-timeout', '10', '--max-failures', '0', '--', 'sh', 'line.sh'], { cwd: dir });
    // 2^40 steps of backtracking would take days; two trials of sh take well under the timeout
    expect(Date.now() - started).toBeLessThan(8000);
    expect(run.exitCode).toBe(1);
    const summary = await summaryJson(dir);
    expect(summary.trials.map((t) => t.state)).toEqual(['failed', 'failed']);
    expect(summary.trials[0]?.error).toMatch(/^no line matched pattern/);
  }, 30_000);
});
