import { describe, expect, it } from 'vitest';
import { hypertune, SH, tempDir, writeFile } from './helpers/hypertune.js';

describe('run on a study that exists, given other extra metrics', () => {
  it('says the study records those it was made with (exit 2); without any given, it records its own', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'params:\n  x: uniform(0, 1)\n');
    writeFile(dir, 'space-f1.yaml', 'extra_metrics: [f1]\nparams:\n  x: uniform(0, 1)\n');
    const command = ['--', SH, '-c', 'echo "loss=0.5 acc=0.7 f1=0.2"'];
    const run = (args: string[]) => hypertune(['run', ...args, '--study', 's', '--algo', 'random', '--seed', '1', ...command], { cwd: dir });
    expect((await run(['space.yaml', '--trials', '1', '--extra-metrics', 'acc'])).exitCode).toBe(0);
    // --extra-metrics f1 was dropped without a word (acc recorded, no f1)
    const flag = await run(['space.yaml', '--trials', '2', '--extra-metrics', 'f1']);
    expect(flag.exitCode).toBe(2);
    expect(flag.stderr).toContain('--extra-metrics (extra_metrics:) differs: stored ["acc"], given ["f1"] (a study records the extra metrics it was made with)');
    // extra_metrics: in the file was refused as another search, its diff the only word
    const file = await run(['space-f1.yaml', '--trials', '2']);
    expect(file.exitCode).toBe(2);
    expect(file.stderr).toContain('differs: stored ["acc"], given ["f1"]');
    expect(file.stderr).not.toContain('the space differs');
    const plain = await run(['space.yaml', '--trials', '2']);
    expect(plain.exitCode, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/trial 1 {2}complete {2}loss=0\.5 {2}acc=0\.7 {2}x=/);
  });
});
