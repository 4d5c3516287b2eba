import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlive } from '../helpers/processes.js';
import { childrenRunning } from '../helpers/process-tree.js';
import { REAPER_NAME } from '../../src/runner/reaper-script.js';
import { NODE, QUADRATIC_SPACE, hypertune, program, readLines, tempDir, writeFile } from './helpers/hypertune.js';
import { dropStudies, POSTGRES, SKIP_REASON, studyNamer, until } from './helpers/workers.js';

// A tuner killed with kill -9 cannot stop its trials itself; its reaper process does, once the
// kernel closes the pipe between them. Trials that ran on would go unrecorded (and hold a GPU).
const recordsPids = program('records-pids.mjs');

interface Pids {
  trial: number;
  grandchild: number;
}

function pidsIn(path: string): Pids | undefined {
  const line = readLines(path).find((text) => text.startsWith('pids '));
  const [, trial, grandchild] = (line ?? '').split(' ').map(Number);
  return trial === undefined || grandchild === undefined ? undefined : { trial, grandchild };
}

function killIfAlive(pids: Pids | undefined): void {
  for (const pid of pids === undefined ? [] : [pids.trial, pids.grandchild]) {
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
}

/** Starts a tuner on one long trial, SIGKILLs it once the trial is up, and returns the trial's pids. */
async function killTunerMidTrial(dir: string, args: string[], trialArgs: string[] = []): Promise<{ pids: Pids; log: string }> {
  const log = join(dir, 'pids.log');
  writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
  const tuner = hypertune(['run', 'space.yaml', '--trials', '1', ...args, '--', NODE, recordsPids, ...trialArgs], {
    cwd: dir,
    env: { PIDS_FILE: log },
  });
  try {
    await until(() => pidsIn(log) !== undefined || tuner.exitCode !== null, 15_000, 'the trial to write its pids');
  } finally {
    tuner.kill('SIGKILL');
  }
  const result = await tuner;
  const pids = pidsIn(log);
  if (pids === undefined) throw new Error(`the trial never started (exit ${result.exitCode}): ${result.stderr}`);
  expect(result.signal).toBe('SIGKILL');
  return { pids, log };
}

async function expectGone(pids: Pids): Promise<void> {
  try {
    // the reaper notices its tuner's death by polling; a loaded machine (CI beside other jobs) may take a while
    await until(() => !isAlive(pids.trial) && !isAlive(pids.grandchild), 20_000, 'the trial and its grandchild to be stopped');
  } finally {
    killIfAlive(pids);
  }
}

describe('the trials of a tuner killed with kill -9', () => {
  it('get SIGTERM, grandchildren included', async () => {
    const { pids, log } = await killTunerMidTrial(tempDir(), []);
    await expectGone(pids);
    expect(readLines(log)).toContain(`sigterm ${pids.trial}`);
  }, 45_000);

  it('get SIGKILL after --kill-grace when they ignore SIGTERM', async () => {
    const { pids, log } = await killTunerMidTrial(tempDir(), ['--kill-grace', '1'], ['ignore-sigterm']);
    await expectGone(pids);
    expect(readLines(log)).toContain(`sigterm ${pids.trial}`);
  }, 45_000);

  // It was started by the first trial's registration, a fork after that trial's: a kill -9 between the two
  // (a resume's first trial, in a kill -9 campaign) left the trial running with no one to stop it.
  // Pids grow, so a reaper forked first has the smaller one.
  it('have a reaper up before the first of them is started', async () => {
    const dir = tempDir();
    const file = join(dir, 'reaper.txt');
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const result = await hypertune(['run', 'space.yaml', '--trials', '1', '--', NODE, program('finds-reaper.mjs')], { cwd: dir, env: { REAPER_FILE: file } });
    expect(result.exitCode, result.stderr).toBe(0);
    const [, reaper, , trial] = (readLines(file)[0] ?? '').split(' ');
    expect(reaper).toMatch(/^\d+$/);
    expect(Number(reaper)).toBeLessThan(Number(trial));
  });

  it('a tuner that ends normally exits at once and leaves no reaper behind', async () => {
    const dir = tempDir();
    const log = join(dir, 'pids.log');
    const release = join(dir, 'release');
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const tuner = hypertune(['run', 'space.yaml', '--trials', '2', '--', NODE, recordsPids], {
      cwd: dir,
      env: { PIDS_FILE: log, RELEASE_FILE: release },
    });
    let reapers: number[] = [];
    try {
      await until(() => pidsIn(log) !== undefined || tuner.exitCode !== null, 15_000, 'the first trial to start');
      reapers = childrenRunning(tuner.pid ?? -1, REAPER_NAME);
      writeFileSync(release, '');
      // an event loop held open by the reaper or its pipe would never end: the test would time out here
      const result = await tuner;
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout).toContain('Done: 2 of 2 trials finished');
      expect(result.stderr).not.toContain('reaper');
      expect(reapers).toHaveLength(1);
      await until(() => reapers.every((pid) => !isAlive(pid)), 10_000, 'the reaper to exit after its tuner');
    } finally {
      tuner.kill('SIGKILL');
      killIfAlive(pidsIn(log));
      if (!existsSync(release)) writeFileSync(release, '');
    }
  });
});

const studies = studyNamer();

describe.skipIf(POSTGRES === undefined)(`the trial of a PostgreSQL worker killed with kill -9 (${POSTGRES === undefined ? SKIP_REASON : 'real server'})`, () => {
  afterAll(() => dropStudies(studies.prefix));

  it('is stopped, grandchildren included', async () => {
    const dir = tempDir();
    const { pids, log } = await killTunerMidTrial(dir, ['--storage', POSTGRES ?? '', '--study', studies.next()]);
    await expectGone(pids);
    expect(readLines(log)).toContain(`sigterm ${pids.trial}`);
  }, 45_000);
});
