// A worker that joins a study whose last trials run on other workers (a job-array task started late,
// a requeued one) waits for them to end, to take over any whose worker dies. It used to wait without
// a word for as long as those trials took, and its log looked like a hang (a user audit).
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hypertune, QUADRATIC_SPACE, SH, tempDir, writeFile } from './helpers/hypertune.js';
import { dropStudies, POSTGRES, readLog, SKIP_REASON, studyNamer, trialRows, until, writeTinyProgram } from './helpers/workers.js';

const studies = studyNamer();

describe.skipIf(POSTGRES === undefined)(`a worker whose study's last trials run elsewhere (${POSTGRES === undefined ? SKIP_REASON : 'real server'})`, { concurrent: true }, () => {
  afterAll(() => dropStudies(studies.prefix));

  it('says once which trials it waits for, then ends with the study', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const tiny = writeTinyProgram(dir);
    const study = studies.next();
    const log = join(dir, 'tells.log');
    const flags = ['--storage', POSTGRES ?? '', '--study', study, '--trials', '2'];
    const env = { TELL_LOG: log, SLEEP_MS: '4000' };
    const first = hypertune(['run', 'space.yaml', ...flags, '--parallel', '2', '--', SH, tiny], { cwd: dir, env });
    await until(() => readLog(log).filter((line) => line.what === 'start').length >= 2, 20_000, 'both trials to start');
    const late = await hypertune(['run', 'space.yaml', ...flags, '--', SH, tiny], { cwd: dir, env });
    expect(late.exitCode, late.stderr).toBe(0);
    expect(late.stdout).toContain('the target is covered by trials 0, 1, running elsewhere: waiting for them to end, and taking over any whose worker sends no heartbeat for 60 s (--heartbeat-timeout)');
    expect(late.stdout.match(/the target is covered/g)).toHaveLength(1);
    expect(late.stdout).toMatch(/Done: 2 of 2 trials finished \(2 complete, 0 failed\)/);
    expect((await first).exitCode).toBe(0);
    expect((await trialRows(study)).map((row) => row.state)).toEqual(['complete', 'complete']);
  }, 60_000);

  it('a worker whose target another worker lowered says so at its end (a user audit: it ended early without a word)', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const tiny = writeTinyProgram(dir);
    const study = studies.next();
    const log = join(dir, 'tells.log');
    const storage = ['--storage', POSTGRES ?? '', '--study', study];
    const env = { TELL_LOG: log, SLEEP_MS: '1500' };
    const first = hypertune(['run', 'space.yaml', ...storage, '--trials', '6', '--', SH, tiny], { cwd: dir, env });
    await until(() => readLog(log).filter((line) => line.what === 'start').length >= 1, 20_000, 'the first trial to start');
    const lower = await hypertune(['resume', ...storage, '--trials', '2'], { cwd: dir, env });
    expect(lower.stderr).toContain("'s target was 6 trials; it is 2 now, for every worker on it");
    const ended = await first;
    expect(ended.exitCode, ended.stderr).toBe(0);
    expect(ended.stdout).toContain("The study's target changed while this ran, from 6 to 2 trials (another worker, or a resume, set it).");
  }, 60_000);
});
