import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE, hypertune, program, tempDir, writeFile } from './helpers/hypertune.js';

// A user audit: scikit-learn's `max_features: choice(sqrt, log2, 1.0)` reached the program as
// `--max_features=1`, which a parser that tells int from float takes for one feature, not all of them.
describe('run: a choice of words and numbers', () => {
  it('passes its whole numbers as written: 1.0 stays 1.0, 1 stays 1', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'params:\n  max_features: choice(sqrt, 1.0)\n  max_depth: choice(none, 1)\n');
    const result = await hypertune(['run', 'space.yaml', '--algo', 'grid', '--trials', '4', '--seed', '1', '--', NODE, program('echo-argv-env.mjs')], { cwd: dir });
    expect(result.exitCode).toBe(0);
    const argvs = [0, 1, 2, 3].map((id) => {
      const [line] = readFileSync(join(dir, '.hypertune', 'space', 'trials', String(id), 'stdout.log'), 'utf8').split('\n');
      return (JSON.parse(line ?? '{}') as { argv: string[] }).argv.join(' ');
    });
    expect(argvs.sort()).toEqual([
      '--max_features=1.0 --max_depth=1',
      '--max_features=1.0 --max_depth=none',
      '--max_features=sqrt --max_depth=1',
      '--max_features=sqrt --max_depth=none',
    ]);
    const check = await hypertune(['check', 'space.yaml'], { cwd: dir, env: { NO_COLOR: '1' } });
    expect(check.stdout).toMatch(/│ max_features │ choice +│ sqrt, 1\.0 +│ +│ mixed/);
  });
});
