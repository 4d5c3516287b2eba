import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hypertune, QUADRATIC_SPACE, tempDir, writeFile, type SummaryJson, SH } from './helpers/hypertune.js';
import { dropStudies, POSTGRES, readLog, SKIP_REASON, studyDump, studyNamer, trialRows, until, withPassword, writeTinyProgram } from './helpers/workers.js';

const studies = studyNamer();

describe.skipIf(POSTGRES === undefined)(`workers on one PostgreSQL study (${POSTGRES === undefined ? SKIP_REASON : 'real server'})`, () => {
  afterAll(() => dropStudies(studies.prefix));

  it('4 worker processes finish exactly 60 trials with unique ids and every tell stored; summary works while they run', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const tiny = writeTinyProgram(dir);
    const log = join(dir, 'tells.log');
    const password = `Pw-${studies.prefix}`;
    const url = withPassword(POSTGRES ?? '', password);
    const study = studies.next();
    const env = { TELL_LOG: log, SLEEP_MS: '40' };
    const workers = [0, 1, 2, 3].map(() =>
      hypertune(['run', 'space.yaml', '--storage', url, '--study', study, '--trials', '60', '--seed', '5', '--', SH, tiny], { cwd: dir, env }),
    );

    await until(() => readLog(log).filter((line) => line.what === 'tell').length >= 8, 15_000, 'the first tells');
    const during = await hypertune(['summary', '--storage', url, '--study', study], { cwd: dir });
    const duringJson = await hypertune(['summary', '--storage', url, '--study', study, '--format', 'json'], { cwd: dir });
    const results = await Promise.all(workers);

    expect(during.exitCode, during.stderr).toBe(0);
    expect(during.stdout).toContain(study);
    expect(duringJson.exitCode, duringJson.stderr).toBe(0);
    const partial = JSON.parse(duringJson.stdout) as SummaryJson;
    // every logged tell belongs to a trial created before it ran
    expect(partial.trials.length).toBeGreaterThanOrEqual(8);
    expect(partial.study).toBe(study);

    for (const result of results) {
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/Done: 60 of 60 trials finished \(60 complete, 0 failed\)/);
    }
    const rows = await trialRows(study);
    expect(rows.map((row) => row.id)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(rows.every((row) => row.state === 'complete')).toBe(true);
    expect(new Set(rows.map((row) => row.worker)).size).toBeGreaterThan(1);
    // workers asking at once still get different points (each proposal saw the trials before it)
    expect(new Set(rows.map((row) => row.params['x'])).size).toBe(60);
    const tells = readLog(log).filter((line) => line.what === 'tell');
    expect(tells).toHaveLength(60);
    for (const tell of tells) expect(rows[tell.trial]?.value).toBe(tell.number);

    const after = await hypertune(['summary', '--storage', url, '--study', study, '--format', 'json'], { cwd: dir });
    expect((JSON.parse(after.stdout) as SummaryJson).counts).toEqual({ complete: 60, failed: 0, pruned: 0, running: 0, interrupted: 0, queued: 0 });
    const printed = [during, duringJson, after, ...results].map((result) => `${result.stdout}\n${result.stderr}`).join('\n');
    expect(printed).not.toContain(password);
    expect(await studyDump(study)).not.toContain(password);
  });

  it('a worker with a different space or command is refused with exit 2; the study is left as it was', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    writeFile(dir, 'other.yaml', QUADRATIC_SPACE.replace('uniform(-1, 1)', 'uniform(-2, 2)'));
    const tiny = writeTinyProgram(dir);
    const env = { TELL_LOG: join(dir, 'tells.log') };
    const study = studies.next();
    const storage = ['--storage', POSTGRES ?? '', '--study', study];
    const first = await hypertune(['run', 'space.yaml', ...storage, '--trials', '2', '--', SH, tiny], { cwd: dir, env });
    expect(first.exitCode, first.stderr).toBe(0);

    const otherSpace = await hypertune(['run', 'other.yaml', ...storage, '--trials', '2', '--', SH, tiny], { cwd: dir, env });
    expect(otherSpace.exitCode).toBe(2);
    expect(otherSpace.stderr).toContain(`study "${study}" already exists with a different setup`);
    expect(otherSpace.stderr).toMatch(/the space differs[\s\S]*- +x: uniform\(-1, 1\)[\s\S]*\+ +x: uniform\(-2, 2\)/);

    const otherCommand = await hypertune(['run', 'space.yaml', ...storage, '--trials', '2', '--', SH, tiny, '--epochs', '3'], { cwd: dir, env });
    expect(otherCommand.exitCode).toBe(2);
    expect(otherCommand.stderr).toContain('the command differs');
    expect((await trialRows(study)).map((row) => row.state)).toEqual(['complete', 'complete']);
  });
});
