// HYPERTUNE_DIR: the journal folder a CI job or a shell names once, as HYPERTUNE_STORAGE names a database.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hypertune, program, QUADRATIC_SPACE, SH, tempDir, writeFile } from './helpers/hypertune.js';
import { dropStudies, POSTGRES, SKIP_REASON, studyNamer } from './helpers/workers.js';

const quadratic = program('loop-quadratic.sh');
const names = studyNamer();

afterAll(async () => {
  if (POSTGRES !== undefined) await dropStudies(names.prefix);
});

describe('HYPERTUNE_DIR', () => {
  it('is the folder of every command when --dir is not given (there was no variable: each command of a script repeated --dir); --dir wins; empty is unset', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'quad.yaml', QUADRATIC_SPACE);
    const store = join(tempDir(), 'studies');
    const env = { HYPERTUNE_DIR: store };
    const run = await hypertune(['run', 'quad.yaml', '--trials', '2', '--seed', '1', '--', SH, quadratic], { cwd, env });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain(`stored in ${store}`);
    expect(existsSync(join(store, 'quad', 'trials', '1'))).toBe(true);
    expect(existsSync(join(cwd, '.hypertune'))).toBe(false);
    // the hints name the folder, so that they find the study pasted without the variable
    expect(run.stdout).toContain(`hypertune resume --study quad --dir ${store} --trials 4`);
    const summary = await hypertune(['summary', '--format', 'json'], { cwd, env });
    expect(summary.exitCode, summary.stderr).toBe(0);
    expect((JSON.parse(summary.stdout) as { counts: { complete: number } }).counts.complete).toBe(2);
    const listed = await hypertune(['studies', '--format', 'json'], { cwd, env });
    expect((JSON.parse(listed.stdout) as Array<{ name: string }>).map((row) => row.name)).toEqual(['quad']);
    expect((await hypertune(['show', 'best', '--params', 'json'], { cwd, env })).exitCode).toBe(0);
    const resumed = await hypertune(['resume', '--trials', '3'], { cwd, env });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(existsSync(join(store, 'quad', 'trials', '2'))).toBe(true);
    // a flag beats the variable
    const elsewhere = await hypertune(['studies', '--format', 'json', '--dir', join(cwd, 'none-here')], { cwd, env });
    expect(elsewhere.exitCode).toBe(2);
    // set but empty: the default .hypertune, where there is no study
    const unset = await hypertune(['studies', '--format', 'json'], { cwd, env: { HYPERTUNE_DIR: '' } });
    expect(unset.exitCode).toBe(0);
    expect(JSON.parse(unset.stdout)).toEqual([]);
    // a folder the variable names that is not there is a mistake, as --dir's is
    const missing = await hypertune(['studies'], { cwd, env: { HYPERTUNE_DIR: join(cwd, 'typo') } });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain(`no study in ${join(cwd, 'typo')} (no such folder)`);
  });

  it.skipIf(POSTGRES === undefined)(`beside HYPERTUNE_STORAGE places this machine's trial folders, without the note a --dir gets${POSTGRES === undefined ? ` (${SKIP_REASON})` : ''}`, async () => {
    const cwd = tempDir();
    writeFile(cwd, 'quad.yaml', QUADRATIC_SPACE);
    const name = names.next();
    const scratch = join(tempDir(), 'scratch');
    const run = await hypertune(['run', 'quad.yaml', '--study', name, '--trials', '1', '--', SH, quadratic], { cwd, env: { HYPERTUNE_STORAGE: POSTGRES ?? '', HYPERTUNE_DIR: scratch } });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(existsSync(join(scratch, name, 'trials', '0'))).toBe(true);
  });
});
