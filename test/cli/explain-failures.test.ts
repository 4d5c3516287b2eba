// explain through the built binary on a real program that is sometimes preempted: the failures stay
// recorded as failed trials, and the GP takes them for chance (docs/gp.md, "Failures by chance").
import { describe, expect, it } from 'vitest';
import { hypertune, program, SH, summaryJson, tempDir, writeFile } from './helpers/hypertune.js';

describe('explain on a study whose runs are sometimes preempted', () => {
  it('names the failures the GP took for chance, all of them failed trials', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', 'metric: loss\ngoal: minimize\nparams:\n  x: uniform(-1, 1)\n  y: uniform(-1, 1)\n');
    // ids 5, 11, 17, ... exit with code 137; at 18 trials the GP takes all three for chance (at 30, all five)
    const run = await hypertune(['run', 'space.yaml', '--trials', '18', '--seed', '1', '--', SH, program('preempted.sh')], { cwd });
    expect(run.exitCode, run.stderr).toBe(0);
    const summary = await summaryJson(cwd);
    const failed = summary.trials.filter((t) => t.state === 'failed');
    expect(failed.map((t) => [t.id, t.exit_code])).toEqual([5, 11, 17].map((id) => [id, 137]));
    const explained = JSON.parse((await hypertune(['explain', 'x', '--json'], { cwd })).stdout) as { sampler: string; gp: { byChance: number[] } };
    expect(explained.sampler).toBe('gp');
    expect(explained.gp.byChance.length).toBeGreaterThan(0);
    expect(explained.gp.byChance.every((id) => failed.some((t) => t.id === id))).toBe(true);
    const text = (await hypertune(['explain', 'x'], { cwd })).stdout;
    const n = explained.gp.byChance.length;
    expect(text).toContain(`Failed by chance, as it looks: trial${n === 1 ? '' : 's'} ${explained.gp.byChance.join(', ')} (among runs`);
  });
});
