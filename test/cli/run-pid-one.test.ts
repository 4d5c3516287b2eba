import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SH, hypertune, program, tempDir, unshared, writeFile } from './helpers/hypertune.js';

// A container started without an init makes the tuner PID 1: what its trials leave behind is handed
// to it, and Node never reaps it. util-linux's unshare gives the built binary a PID namespace of its
// own, as a container does (root only, hence skipped elsewhere, with the reason).

function canBePidOne(): boolean {
  try {
    return execFileSync('unshare', ['-p', '-f', '--mount-proc', SH, '-c', 'echo $$'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() === '1';
  } catch {
    return false;
  }
}
const PID_ONE = canBePidOne();
const skipReason = PID_ONE ? 'unshare' : 'skipped: a PID namespace needs root and util-linux unshare';
if (!PID_ONE) process.stderr.write(`PID 1 tests ${skipReason}\n`);

const SPACE = 'metric: loss\nparams:\n  x: uniform(0, 1)\n';

describe.skipIf(!PID_ONE)(`a tuner that is PID 1, as in a container without an init (${skipReason})`, () => {
  it('says once that what its trials left behind are zombies it cannot reap, and how to start the container; the study is not harmed', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    const run = await unshared(['-p', '-f', '--mount-proc'], '', ['run', 'space.yaml', '--trials', '6', '--algo', 'random', '--', SH, program('leaves-orphan.sh'), '{x}'], dir);
    expect(run.exitCode, run.stderr).toBe(0);
    const notes = `${run.stdout}\n${run.stderr}`.split('\n').filter((line) => line.includes('runs as PID 1'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/zombies? it cannot reap: .* docker run --init, tini as its entrypoint, or shareProcessNamespace: true in the Kubernetes pod spec$/);
    expect(run.stdout).toContain('Done: 6 of 6 trials finished (6 complete, 0 failed)');
  }, 60_000);

  it('says nothing of it when the tuner is not PID 1: an init reaps the leftovers', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    const run = await hypertune(['run', 'space.yaml', '--trials', '4', '--algo', 'random', '--', SH, program('leaves-orphan.sh'), '{x}'], { cwd: dir });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(`${run.stdout}${run.stderr}`).not.toContain('PID 1');
  }, 60_000);
});
