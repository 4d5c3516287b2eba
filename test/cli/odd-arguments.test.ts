// Arguments that are odd rather than wrong get a line that says what is wrong with them (a user audit).
import { describe, expect, it } from 'vitest';
import { QUADRATIC_SPACE, hypertune, tempDir, writeFile } from './helpers/hypertune.js';

describe.concurrent('odd arguments', () => {
  it('an empty space file path, and a seed past what a double holds exactly: one line each, exit 2', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const empty = await hypertune(['check', ''], { cwd: dir });
    expect([empty.exitCode, empty.stderr.trim()]).toEqual([2, "hypertune: the space file's path is empty: name a YAML file, as in hypertune check space.yaml"]);
    const seed = await hypertune(['run', 'space.yaml', '--seed', '99999999999999999999999', '--', 'true'], { cwd: dir });
    expect(seed.exitCode).toBe(2);
    expect(seed.stderr.trim()).toMatch(/expected a whole number between -9007199254740991 and 9007199254740991, got "99999999999999999999999"/);
  });
});
