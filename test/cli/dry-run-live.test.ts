// A dry run of a study another hypertune runs right now said nothing of it: its next trial ids looked like
// what would run, and on the journal the live run's trial was shown as left over, to be re-run (an
// iterative user's audit). It says, in one line, that a run is going on.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { QUADRATIC_SPACE, SH, hypertune, program, readLines, tempDir, writeFile } from './helpers/hypertune.js';
import { POSTGRES, dropStudies, studyNamer } from './helpers/workers.js';

/**
 * A study of two finished trials, and a run of it in the background whose next trial waits for the file
 * `release` (no timing: it runs until the test lets it go); resolves once that trial has started.
 */
async function studyWithLiveRun(store: readonly string[]): Promise<{ dir: string; run: ReturnType<typeof hypertune>; release: () => void }> {
  const dir = tempDir();
  const log = join(dir, 'started.log');
  writeFile(dir, 'quad.yaml', QUADRATIC_SPACE);
  writeFile(dir, 'gate.sh', `echo "$HYPERTUNE_TRIAL_ID" >> '${log}'\nwhile [ ! -e '${join(dir, 'release')}' ]; do sleep 0.05; done\nexec /bin/sh '${program('loop-quadratic.sh')}'\n`);
  writeFile(dir, 'release', '');
  const first = await hypertune(['run', 'quad.yaml', ...store, '--trials', '2', '--seed', '4', '--', SH, 'gate.sh'], { cwd: dir });
  expect(first.exitCode, first.stderr).toBe(0);
  rmSync(join(dir, 'release'));
  const run = hypertune(['run', 'quad.yaml', ...store, '--trials', '3', '--', SH, 'gate.sh'], { cwd: dir });
  for (let i = 0; i < 800 && !readLines(log).includes('2'); i++) await sleep(25);
  expect(readLines(log)).toEqual(['0', '1', '2']);
  return { dir, run, release: () => writeFile(dir, 'release', '') };
}

describe('a dry run while a run of the study goes on', () => {
  it('names the journal run holding the study (pid, host) and shows its running trial as its own, not as one to re-run', async () => {
    const { dir, run, release } = await studyWithLiveRun([]);
    try {
      const line = new RegExp(`^A run of study quad is going on now \\(pid ${run.pid ?? 0} on host [^,]+, since [0-9T:.-]+Z\\): the trials below may differ from what it runs next, and a (run|resume) started before it ends is refused\\.$`, 'm');
      const dryRun = await hypertune(['run', 'quad.yaml', '--trials', '4', '--dry-run', '--', SH, 'gate.sh'], { cwd: dir });
      expect(dryRun.exitCode, dryRun.stderr).toBe(0);
      expect(dryRun.stdout).toMatch(line);
      expect(dryRun.stdout).toContain('a run started before it ends is refused');
      expect(dryRun.stdout).not.toContain('a re-run of interrupted trial 2');
      expect(dryRun.stdout).toMatch(/^trial 3 \(/m);
      const dryResume = await hypertune(['resume', '--trials', '4', '--dry-run'], { cwd: dir });
      expect(dryResume.exitCode, dryResume.stderr).toBe(0);
      expect(dryResume.stdout).toMatch(line);
      expect(dryResume.stdout).toContain('a resume started before it ends is refused');
    } finally {
      release();
    }
    expect((await run).exitCode).toBe(0);
    const after = await hypertune(['resume', '--trials', '4', '--dry-run'], { cwd: dir });
    expect(after.stdout).not.toContain('is going on now');
  });
});

describe.skipIf(POSTGRES === undefined)('a dry run while workers run the study on PostgreSQL', () => {
  const names = studyNamer();
  afterAll(() => dropStudies(names.prefix));

  it('names the workers whose trials beat, and says the trials shown may differ', async () => {
    const study = names.next();
    const store = ['--storage', POSTGRES ?? '', '--study', study];
    const { dir, run, release } = await studyWithLiveRun(store);
    try {
      const dryResume = await hypertune(['resume', ...store, '--trials', '4', '--dry-run'], { cwd: dir });
      expect(dryResume.exitCode, dryResume.stderr).toBe(0);
      expect(dryResume.stdout).toMatch(
        new RegExp(`^A worker is running study ${study} now \\([^:]+:${run.pid ?? 0}; a heartbeat within 60 s\\): the trials they ask meanwhile take these ids first, so the trials below may differ from what this resume gets\\.$`, 'm'),
      );
      expect(dryResume.stdout).toMatch(/^trial 3 \(/m);
    } finally {
      release();
    }
    expect((await run).exitCode).toBe(0);
    const after = await hypertune(['resume', ...store, '--trials', '4', '--dry-run'], { cwd: dir });
    expect(after.stdout).not.toContain('running study');
  });
});
