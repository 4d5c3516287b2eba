import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { tempDir } from './hypertune.js';

/**
 * A small tmpfs of our own, to fill, unmounted after the file's tests; `reason` says why there is none
 * (mounting needs root and mount rights), for the tests to be skipped saying so.
 */
export function smallMount(size: string): { path: string; reason: null } | { path: null; reason: string } {
  const path = join(tempDir(), 'small');
  mkdirSync(path);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', path], { stdio: 'pipe' });
  } catch (error) {
    return { path: null, reason: String((error as { stderr?: unknown }).stderr ?? error).trim().split('\n')[0] ?? 'mount failed' };
  }
  afterAll(() => {
    execFileSync('umount', [path]);
    rmSync(path, { recursive: true, force: true });
  });
  return { path, reason: null };
}

/** Writes zeros into `path` until the file system has no room left. */
export function fillUp(path: string): void {
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
