// A project moved or cloned elsewhere: resume said at every run that the study's start folder was gone
// (or elsewhere), with no way to re-point it (an iterative user's audit). `resume --here` records this
// folder as the study's; later resumes run there and say nothing.
import { cpSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { QUADRATIC_SPACE, SH, hypertune, program, readLines, tempDir, writeFile } from './helpers/hypertune.js';
import { POSTGRES, dropStudies, studyNamer } from './helpers/workers.js';

const NOTE = 'hypertune: note:';

/** A project whose trials log the folder they run in to `log`, with a study of two trials made in it. */
async function projectWithStudy(root: string, log: string, store: readonly string[] = []): Promise<string> {
  const dir = join(root, 'proj');
  mkdirSync(dir);
  writeFile(dir, 'quad.yaml', QUADRATIC_SPACE);
  // a relative script: found only in the folder the trial runs in
  writeFile(dir, 'where.sh', `pwd >> '${log}'\nexec /bin/sh '${program('loop-quadratic.sh')}'\n`);
  const run = await hypertune(['run', 'quad.yaml', ...store, '--trials', '2', '--seed', '4', '--', SH, 'where.sh'], { cwd: dir });
  expect(run.exitCode, run.stderr).toBe(0);
  return dir;
}

// Each test its own folder or study, none racing a clock: they run side by side (describe.concurrent).
describe.concurrent('resume in a moved or cloned project', () => {
  it('says how to re-point a study whose start folder is gone; --here records this folder, and the note is gone', async () => {
    const root = tempDir();
    const log = join(root, 'ran-in.log');
    const dir = await projectWithStudy(root, log);
    const moved = join(root, 'moved');
    renameSync(dir, moved);
    const gone = `${NOTE} the folder study quad was started in, ${dir}, is gone: its trials run here, in ${moved} (resume --here makes this the study's folder and ends this note)`;
    for (const trials of ['3', '4']) {
      const resumed = await hypertune(['resume', '--trials', trials], { cwd: moved });
      expect(resumed.exitCode, resumed.stderr).toBe(0);
      expect(resumed.stderr.split('\n').filter((line) => line.startsWith(NOTE))).toEqual([gone]);
    }
    const journal = join(moved, '.hypertune', 'quad', 'journal.jsonl');
    const before = readFileSync(journal, 'utf8');
    const dry = await hypertune(['resume', '--trials', '5', '--here', '--dry-run'], { cwd: moved });
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`Note: --here would run study quad's trials here, in ${moved}, from now on (a dry run records nothing).`);
    expect(readFileSync(journal, 'utf8')).toBe(before);
    const here = await hypertune(['resume', '--trials', '5', '--here'], { cwd: moved });
    expect(here.exitCode, here.stderr).toBe(0);
    expect(here.stderr).toContain(`${NOTE} study quad's trials run here, in ${moved}, from now on (it was ${dir})`);
    const after = await hypertune(['resume', '--trials', '6'], { cwd: moved });
    expect(after.exitCode, after.stderr).toBe(0);
    expect(after.stderr).not.toContain(NOTE);
    expect((await hypertune(['resume', '--trials', '6', '--dry-run'], { cwd: moved })).stdout).not.toContain('Note: ');
    expect(readLines(log)).toEqual([dir, dir, moved, moved, moved, moved]);
  });

  it('runs a clone\'s trials in the original folder, saying so, until --here makes the clone the study\'s folder', async () => {
    const root = tempDir();
    const log = join(root, 'ran-in.log');
    const dir = await projectWithStudy(root, log);
    const clone = join(root, 'clone');
    cpSync(dir, clone, { recursive: true });
    const elsewhere = await hypertune(['resume', '--trials', '3'], { cwd: clone });
    expect(elsewhere.exitCode, elsewhere.stderr).toBe(0);
    expect(elsewhere.stderr).toContain(`${NOTE} study quad's trials run in the folder it was started in, ${dir}, not here (resume --here runs them here from now on)`);
    // a study that met its target is still re-pointed: nothing runs, the folder is recorded
    const here = await hypertune(['resume', '--here'], { cwd: clone });
    expect(here.exitCode, here.stderr).toBe(0);
    expect(here.stdout).toContain('Study quad already has 3 of 3 finished trials');
    expect(here.stderr).toContain(`${NOTE} study quad's trials run here, in ${clone}, from now on (it was ${dir})`);
    const after = await hypertune(['resume', '--trials', '4'], { cwd: clone });
    expect(after.exitCode, after.stderr).toBe(0);
    expect(after.stderr).not.toContain(NOTE);
    expect(readLines(log)).toEqual([dir, dir, dir, clone]);
  });
});

describe.concurrent.skipIf(POSTGRES === undefined)('resume --here on PostgreSQL', () => {
  const names = studyNamer();
  afterAll(() => dropStudies(names.prefix));

  it('records the new start folder in the database: every later resume runs there, without the note', async () => {
    const root = tempDir();
    const log = join(root, 'ran-in.log');
    const store = ['--storage', POSTGRES ?? '', '--study', names.next()];
    const dir = await projectWithStudy(root, log, store);
    const moved = join(root, 'moved');
    renameSync(dir, moved);
    const here = await hypertune(['resume', ...store, '--trials', '3', '--here'], { cwd: moved });
    expect(here.exitCode, here.stderr).toBe(0);
    expect(here.stderr).toContain(`from now on (it was ${dir})`);
    const after = await hypertune(['resume', ...store, '--trials', '4'], { cwd: moved });
    expect(after.exitCode, after.stderr).toBe(0);
    expect(after.stderr).not.toContain(NOTE);
    expect(readLines(log)).toEqual([dir, dir, moved, moved]);
  });
});
