// A --dir that cannot hold studies: one line that names the path and what is wrong with it, exit 1,
// never an internal error, and never a tuner that spins (a user audit).
import { existsSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUADRATIC_SPACE, hypertune, tempDir, writeFile } from './helpers/hypertune.js';

describe.concurrent('a --dir that cannot hold studies', () => {
  it('a file, a path under a file, a link to a folder that is gone: one line each, exit 1', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    writeFileSync(join(dir, 'afile'), '');
    symlinkSync(join(dir, 'gone', 'scratch'), join(dir, 'scratch'));
    for (const [where, said] of [
      ['afile', /^hypertune: could not scandir \S+afile: a part of that path is a file, not a folder \(ENOTDIR\)$/],
      ['afile/x', /^hypertune: could not scandir \S+afile\/x: a part of that path is a file, not a folder \(ENOTDIR\)$/],
      ['scratch/ht', /^hypertune: could not make the folder \S+scratch\/ht\/space: \S+scratch is a link to a folder that is not there \(a disk not mounted\?\)$/],
    ] as const) {
      const run = await hypertune(['run', 'space.yaml', '--dir', where, '--trials', '1', '--', 'true'], { cwd: dir });
      expect(run.exitCode, run.stderr).toBe(1);
      expect(run.stderr.trim()).toMatch(said);
    }
    const summary = await hypertune(['summary', '--dir', 'afile'], { cwd: dir });
    expect([summary.exitCode, summary.stderr.trim().split('\n').length]).toEqual([1, 1]);
    expect(summary.stderr).not.toContain('internal error');
  });

  it.skipIf(!existsSync('/proc/self'))('a folder the system will not make (/proc/x): a line at once, where Node\'s own mkdir retried forever', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const run = await hypertune(['run', 'space.yaml', '--dir', '/proc/hypertune-x', '--trials', '1', '--', 'true'], { cwd: dir });
    expect(run.exitCode, run.stderr).toBe(1);
    expect(run.stderr.trim()).toBe('hypertune: could not mkdir /proc/hypertune-x: no folder can be made there (ENOENT); the study was not made: fix it, then run the same command again');
  });
});
