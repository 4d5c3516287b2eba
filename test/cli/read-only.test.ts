import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { QUADRATIC_SPACE, hypertune, summaryJson, tempDir, writeFile, SH, program } from './helpers/hypertune.js';
import { POSTGRES, SKIP_REASON, dropStudies, studyNamer } from './helpers/workers.js';

const names = studyNamer();

/** A read-only file system of our own: a tmpfs mounted read-only (needs root and mount rights; otherwise skipped, saying why). */
function readOnlyMount(): { path: string; reason: null } | { path: null; reason: string } {
  const path = join(tempDir(), 'readonly');
  mkdirSync(path);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,ro', 'tmpfs', path], { stdio: 'pipe' });
    return { path, reason: null };
  } catch (error) {
    return { path: null, reason: String((error as { stderr?: unknown }).stderr ?? error).trim().split('\n')[0] ?? 'mount failed' };
  }
}

const mount = readOnlyMount();

afterAll(async () => {
  await dropStudies(names.prefix);
  if (mount.path === null) return;
  execFileSync('umount', [mount.path]);
  rmSync(mount.path, { recursive: true, force: true });
});

describe(`a study on a read-only file system${mount.reason === null ? '' : ` (skipped: cannot mount a read-only tmpfs here: ${mount.reason})`}`, () => {
  it.skipIf(mount.path === null)('says the file system is read-only, not that a folder was removed, and to run the command again: no study was made (a user audit)', async () => {
    const spaceDir = tempDir();
    writeFile(spaceDir, 'space.yaml', QUADRATIC_SPACE);
    const result = await hypertune(['run', join(spaceDir, 'space.yaml'), '--trials', '1', '--', SH, program('loop-quadratic.sh')], { cwd: mount.path ?? spaceDir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^hypertune: could not mkdir .*\.hypertune.*: the file system is read-only \(EROFS\); the study was not made: fix it, then run the same command again$/);
  });

  it.skipIf(mount.path === null || POSTGRES === undefined)(`records a PostgreSQL worker's trial interrupted when its folder cannot be made here, not running for others to take over (a user audit)${POSTGRES === undefined ? ` (${SKIP_REASON})` : ''}`, async () => {
    const spaceDir = tempDir();
    writeFile(spaceDir, 'space.yaml', QUADRATIC_SPACE);
    const where = ['--storage', POSTGRES ?? '', '--study', names.next()];
    const result = await hypertune(['run', join(spaceDir, 'space.yaml'), '--trials', '2', ...where, '--', SH, program('loop-quadratic.sh')], { cwd: mount.path ?? spaceDir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/could not mkdir .*: the file system is read-only \(EROFS\)/);
    const summary = await summaryJson(spaceDir, where);
    expect(summary.trials.map((t) => t.state)).toEqual(['interrupted']);
  });

  it.skipIf(mount.path === null)("says an existing study on a file system made read-only cannot be written, not that it was not made (a re-audit)", async () => {
    const path = join(tempDir(), 'remounted');
    mkdirSync(path);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', path]);
    try {
      writeFile(path, 'space.yaml', QUADRATIC_SPACE);
      const made = await hypertune(['run', 'space.yaml', '--trials', '1', '--', SH, program('loop-quadratic.sh')], { cwd: path });
      expect(made.exitCode, made.stderr).toBe(0);
      execFileSync('mount', ['-o', 'remount,ro', path]);
      const again = await hypertune(['run', 'space.yaml', '--trials', '2', '--', SH, program('loop-quadratic.sh')], { cwd: path });
      expect(again.exitCode).toBe(1);
      expect(again.stderr).toContain('the file system is read-only (EROFS)');
      expect(again.stderr).not.toContain('the study was not made');
    } finally {
      execFileSync('umount', [path]);
    }
  });
});
