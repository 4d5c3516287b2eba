import { describe, expect, it } from 'vitest';
import { NODE, hypertune, program, tempDir, writeFile } from './helpers/hypertune.js';

// A user audit: `--verbose` printed each state of a program's progress bar as a line of its own (200
// lines an epoch here, a thousand for a tqdm bar), and an empty `[trial 0]` line for the `\r` the bar
// starts with. As a terminal shows the program: the bar's last state, and a state at most every 5 s.
describe('run --verbose: a progress bar', () => {
  it("prints its last state, not every state, and no empty line for the bar's leading \\r", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'params:\n  x: uniform(0, 1)\n');
    const result = await hypertune(['run', 'space.yaml', '--trials', '1', '--seed', '1', '--verbose', '--', NODE, program('bar-states.mjs')], { cwd: dir });
    expect(result.exitCode, result.stderr).toBe(0);
    const lines = String(result.stdout).split('\n').filter((line) => line.startsWith('[trial 0]'));
    expect(lines).toContain('[trial 0] epoch 1: 200/200 batches');
    expect(lines).toContain('[trial 0] epoch 2 loss=0.5000');
    expect(lines).not.toContain('[trial 0] ');
    // the states before the last: at most one per 5 s of each stream (this program takes well under that)
    expect(lines.filter((line) => line.includes('batches')).length).toBeLessThan(10);
  });
});
