import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN, NODE, QUADRATIC_SPACE, SH, program, readLines, summaryJson, tempDir, writeFile } from './helpers/hypertune.js';
import { POSTGRES, dropStudies, studyNamer } from './helpers/workers.js';

// Containers on the host's network (`docker run --network host`, `hostNetwork: true`) share its host
// name, each with pids of its own. util-linux's unshare gives each tuner a host name and a PID
// namespace, as such a container has (root only, hence skipped elsewhere, with the reason).

function canUnshare(): boolean {
  try {
    return execFileSync('unshare', ['-u', '-p', '-f', '--mount-proc', SH, '-c', 'hostname same-node && echo $$'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() === '1';
  } catch {
    return false;
  }
}
const UNSHARE = canUnshare();
const skipReason = UNSHARE ? 'unshare' : 'skipped: a PID namespace and a host name of its own need root and util-linux unshare';
if (!UNSHARE) process.stderr.write(`same-host-name container tests ${skipReason}\n`);

/**
 * The built binary in a "container" named same-node, after forty processes, so its pid is one the
 * other's namespace lacks. Its trials (loop-quadratic.sh) log their start in dir/trials.log and hold
 * until dir/gate exists: a test looks while a trial runs, then lets it end (`openGate`). With trials of
 * 3 s and a look 2.5 s after the start, under a load of 10 the trial had ended before summary looked.
 */
function inContainer(dir: string, args: readonly string[], burn = 40): ReturnType<typeof execa> {
  const words = [NODE, BIN, ...args].map((word) => `'${word}'`).join(' ');
  const script = `hostname same-node; for i in $(seq ${burn}); do /bin/true; done; ${words}`;
  return execa('unshare', ['-u', '-p', '-f', '--mount-proc', SH, '-c', script], {
    cwd: dir,
    env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', LOOP_LOG: join(dir, 'trials.log'), LOOP_GATE: join(dir, 'gate') },
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
  });
}

/** Until a trial of the tuner in `dir` has started (and holds, its gate shut). */
async function trialStarted(dir: string): Promise<void> {
  for (let i = 0; i < 800 && !readLines(join(dir, 'trials.log')).some((line) => line.startsWith('start ')); i++) await new Promise((resolve) => setTimeout(resolve, 25));
}

function openGate(dir: string): void {
  writeFileSync(join(dir, 'gate'), '');
}

describe.skipIf(!UNSHARE)(`tuners in containers that share a host name (${skipReason})`, { concurrent: true }, () => {
  it("a second tuner on a journal study is refused while the first runs (it broke the first's lock and re-ran its trial), and summary there does not call the first gone", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const run = ['run', 'space.yaml', '--trials', '3', '--algo', 'random', '--', SH, program('loop-quadratic.sh')];
    const first = inContainer(dir, run);
    await trialStarted(dir);
    const second = await inContainer(dir, run);
    expect(second.exitCode, `${String(second.stdout)}${String(second.stderr)}`).toBe(1);
    expect(second.stderr).toMatch(/^hypertune: study "space" is being run by pid \d+ on host same-node since \S+; wait for it or use --study NAME \(in another container with this host name\)/);
    // nor does summary there call its running trial's tuner gone (the run lock says it lives)
    const summary = await inContainer(dir, ['summary'], 0);
    expect(summary.exitCode, String(summary.stderr)).toBe(0);
    expect(summary.stdout).toMatch(/Running: trial \d+ /);
    expect(summary.stderr).not.toContain('is gone');
    openGate(dir);
    const done = await first;
    expect(done.exitCode, String(done.stderr)).toBe(0);
    expect(done.stdout).toContain('Done: 3 of 3 trials finished (3 complete, 0 failed)');
    const trials = (await summaryJson(dir)).trials;
    expect(trials.map((t) => t.state)).toEqual(['complete', 'complete', 'complete']);
  }, 60_000);
});

const names = studyNamer();
const pgSkip = POSTGRES === undefined ? 'skipped: HYPERTUNE_TEST_POSTGRES is not set' : skipReason;

describe.skipIf(!UNSHARE || POSTGRES === undefined)(`PostgreSQL workers in containers that share a host name (${pgSkip})`, { concurrent: true }, () => {
  it("summary from another such container does not call a live worker's trial gone", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const study = names.next();
    const storage = ['--storage', POSTGRES ?? '', '--study', study];
    const worker = inContainer(dir, ['run', 'space.yaml', ...storage, '--trials', '2', '--algo', 'random', '--heartbeat-timeout', '10', '--', SH, program('loop-quadratic.sh')]);
    try {
      await trialStarted(dir);
      // the worker's pid (past forty) is no process in the summary's namespace, where node is PID 1
      const summary = await inContainer(dir, ['summary', ...storage], 0);
      expect(summary.exitCode, String(summary.stderr)).toBe(0);
      expect(summary.stdout).toMatch(/Running: trial 0 .*\(same-node:\d+\)/);
      expect(summary.stderr).not.toContain('is gone');
      openGate(dir);
      expect((await worker).exitCode).toBe(0);
    } finally {
      openGate(dir);
      await worker;
      await dropStudies(names.prefix);
    }
  }, 60_000);
});
