import { describe, expect, it } from 'vitest';
import { createCurveThinning } from '../../src/loop/curve-thinning.js';
import { NODE, hypertune, program, summaryJson, tempDir, writeFile } from '../cli/helpers/hypertune.js';

describe('a long curve is thinned (a user audit: a journal of 2 GB could no longer be replayed)', () => {
  it('keeps every value up to the limit, then one a step 1 % past the last kept', () => {
    const thinning = createCurveThinning(5);
    const kept = Array.from({ length: 1000 }, (_, i) => i + 1).filter((step) => thinning.keep(step));
    expect(kept.slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
    for (let i = 5; i < kept.length; i++) expect((kept[i] as number) / (kept[i - 1] as number)).toBeGreaterThanOrEqual(1.01);
    // about 230 per tenfold of steps
    expect(kept.length).toBeGreaterThan(5 + 250);
    expect(kept.length).toBeLessThan(5 + 400);
    // values that share a step past the limit are one; a step that goes back is kept
    const shared = createCurveThinning(1);
    expect([1, 1, 1, 2, 2, 0].map((step) => shared.keep(step))).toEqual([true, false, false, true, false, true]);
  });

  it("stores a per-batch logger's curve thinned, and the value it ended on", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'params:\n  x: uniform(0, 1)\n');
    const run = await hypertune(['run', 'space.yaml', '--trials', '1', '--', NODE, program('prints-steps.mjs')], { cwd: dir, env: { STEPS: '5000' } });
    expect(run.exitCode).toBe(0);
    const [trial] = (await summaryJson(dir)).trials;
    const steps = trial?.steps ?? [];
    expect(steps.slice(0, 1000)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(steps.length).toBeLessThan(1200);
    expect(steps.at(-1)).toBe(5000);
    expect(trial?.value).toBe(1 / 5000);
    // under a pruner too, whose values are stored one by one: the last one went out first and the curve ended short (a user audit)
    const judged = await hypertune(['run', 'space.yaml', '--study', 'judged', '--trials', '2', '--prune', 'asha', '--', NODE, program('prints-steps.mjs')], { cwd: dir, env: { STEPS: '5000' } });
    expect(judged.exitCode).toBe(0);
    for (const each of (await summaryJson(dir, ['--study', 'judged'])).trials) expect(each.steps.at(-1)).toBe(5000);
  });
});
