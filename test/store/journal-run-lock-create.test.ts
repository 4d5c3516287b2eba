import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { finished, requireBuild } from './child.js';

const runLock = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'store', 'journal', 'run-lock.js');

// The run lock was made by an exclusive create and then a write, two round trips apart: a run killed
// between them (a SIGTERM or kill -9 as it started, in a kill -9 campaign) left run.lock empty, and
// every resume for the next 5 s stopped with `study "..." is being started by another process`. Made
// complete and linked into place, the lock is never there without its owner: another process that
// reads it the moment it appears (here, as inotify reports it) finds the owner every time.
describe('a run lock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hypertune-run-lock-create-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('holds its owner from the moment it exists', async () => {
    requireBuild();
    const path = join(dir, 'run.lock');
    const reads: string[] = [];
    const pending: Array<Promise<void>> = [];
    const watcher = watch(dir, (_event, name) => {
      if (name !== 'run.lock') return;
      pending.push(readFile(path, 'utf8').then((text) => void reads.push(text), () => undefined));
    });
    const script = `const { acquireRunLockFile } = await import(${JSON.stringify(runLock)});
      for (let i = 0; i < 200; i++) await (await acquireRunLockFile(${JSON.stringify(path)}, 's', 'w'))();`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const result = await finished(child);
    watcher.close();
    await Promise.all(pending);
    expect(result.code, result.stderr).toBe(0);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter((text) => text === '')).toEqual([]);
  }, 60_000);
});
