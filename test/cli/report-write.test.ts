import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { QUADRATIC_SPACE, SH, hypertune, program, tempDir, writeFile } from './helpers/hypertune.js';

/** A small tmpfs of our own, to fill (needs root and mount rights; otherwise skipped, saying why). */
function smallMount(): { path: string; reason: null } | { path: null; reason: string } {
  const path = join(tempDir(), 'small');
  mkdirSync(path);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', path], { stdio: 'pipe' });
    return { path, reason: null };
  } catch (error) {
    return { path: null, reason: String((error as { stderr?: unknown }).stderr ?? error).trim().split('\n')[0] ?? 'mount failed' };
  }
}

/** Writes zeros into `path` until the file system has no room left. */
function fillUp(path: string): void {
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(4096);
  try {
    for (;;) writeSync(fd, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

const mount = smallMount();

afterAll(() => {
  if (mount.path === null) return;
  execFileSync('umount', [mount.path]);
  rmSync(mount.path, { recursive: true, force: true });
});

describe(`a report written to a full disk${mount.reason === null ? '' : ` (skipped: cannot mount a tmpfs here: ${mount.reason})`}`, () => {
  it.skipIf(mount.path === null)('leaves the report it would replace whole, says so in one line, and leaves no temporary file (a fault audit: the old page was cut short)', async () => {
    const dir = tempDir();
    const folder = mount.path ?? dir;
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const command = ['--', SH, program('loop-quadratic.sh')];
    expect((await hypertune(['run', 'space.yaml', '--trials', '2', ...command], { cwd: dir })).exitCode).toBe(0);
    const out = join(folder, 'report.html');
    const first = await hypertune(['report', '--out', out], { cwd: dir });
    expect(first.exitCode, first.stderr).toBe(0);
    const before = readFileSync(out, 'utf8');
    fillUp(join(folder, 'pad'));
    // more trials: a bigger page, which cannot fit
    expect((await hypertune(['resume', '--trials', '10'], { cwd: dir })).exitCode).toBe(0);
    const second = await hypertune(['report', '--out', out], { cwd: dir });
    expect(second.exitCode).toBe(1);
    expect(second.stderr).toMatch(/^hypertune: cannot write the report to \S+report\.html: ENOSPC[^\n]*$/);
    expect(readFileSync(out, 'utf8')).toBe(before);
    expect(readdirSync(folder).sort()).toEqual(['pad', 'report.html']);
    rmSync(join(folder, 'pad'));
    const third = await hypertune(['report', '--out', out], { cwd: dir });
    expect(third.exitCode, third.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('</html>');
  });
});
