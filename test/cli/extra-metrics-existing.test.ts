import { afterAll, describe, expect, it } from 'vitest';
import { hypertune, SH, summaryJson, tempDir, writeFile } from './helpers/hypertune.js';
import { dropStudies, POSTGRES, SKIP_REASON, studyNamer } from './helpers/workers.js';

type WithExtras = { id: number; extras?: Record<string, number> };
const extrasOf = async (dir: string, args: string[]): Promise<Array<Record<string, number> | undefined>> => ((await summaryJson(dir, args)).trials as WithExtras[]).map((t) => t.extras);

/** A study's life on one store: made recording acc, then f1 added by a run's flag, kept by a file that names it and by resume, a bad name refused. */
async function widening(dir: string, study: string, storage: string[] = []): Promise<void> {
  const where = [...storage, '--study', study];
  writeFile(dir, 'space.yaml', 'params:\n  x: uniform(0, 1)\n');
  writeFile(dir, 'space-f1.yaml', 'extra_metrics: [f1]\nparams:\n  x: uniform(0, 1)\n');
  const command = ['--', SH, '-c', 'echo "loss=0.5 acc=0.7 f1=0.2"'];
  const run = (args: string[]) => hypertune(['run', ...args, ...where, '--algo', 'random', '--seed', '1', ...command], { cwd: dir });
  expect((await run(['space.yaml', '--trials', '1', '--extra-metrics', 'acc'])).exitCode).toBe(0);
  // a run that asks for f1 as well adds it, says so, and records both from its first trial
  const flag = await run(['space.yaml', '--trials', '2', '--extra-metrics', 'f1']);
  expect(flag.exitCode, flag.stderr).toBe(0);
  const note = `hypertune: note: study ${study} records f1 beside loss from now on, for every later run (acc before; the trials so far keep what they recorded)`;
  expect(flag.stderr).toContain(note);
  expect(flag.stdout).toMatch(/trial 1 {2}complete {2}loss=0\.5 {2}acc=0\.7 {2}f1=0\.2 {2}x=/);
  // a file that names f1 asks for nothing new: no word; a run without any records the study's own
  const file = await run(['space-f1.yaml', '--trials', '3']);
  expect(file.exitCode, file.stderr).toBe(0);
  expect(file.stderr).not.toContain('from now on');
  const resumed = await hypertune(['resume', ...where, '--trials', '4'], { cwd: dir });
  expect(resumed.exitCode, resumed.stderr).toBe(0);
  expect(resumed.stdout).toMatch(/trial 3 {2}complete {2}loss=0\.5 {2}acc=0\.7 {2}f1=0\.2 {2}x=/);
  // the metric itself is refused before anything is stored
  const bad = await hypertune(['resume', ...where, '--trials', '5', '--extra-metrics', 'loss'], { cwd: dir });
  expect(bad.exitCode).toBe(2);
  expect(bad.stderr).toBe("hypertune: --extra-metrics: loss is the study's metric already; list each other metric to record once");
  expect(await extrasOf(dir, where)).toEqual([{ acc: 0.7 }, { acc: 0.7, f1: 0.2 }, { acc: 0.7, f1: 0.2 }, { acc: 0.7, f1: 0.2 }]);
}

describe('other extra metrics given to a study that exists', () => {
  it('are added to what it records, for every later run and resume; the trials so far keep theirs (journal)', async () => {
    await widening(tempDir(), 's');
  });

  it('are added by create again, and tell --log then reads them from a job log', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'params:\n  x: uniform(0, 1)\n');
    writeFile(dir, 'job.log', 'epoch 1 loss=0.5 acc=0.7 f1=0.2\n');
    expect((await hypertune(['create', 'space.yaml', '--study', 'jobs', '--extra-metrics', 'acc'], { cwd: dir })).exitCode).toBe(0);
    const again = await hypertune(['create', 'space.yaml', '--study', 'jobs', '--extra-metrics', 'f1'], { cwd: dir });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).toContain('hypertune: note: study jobs records f1 beside loss from now on');
    expect((await hypertune(['ask', '--study', 'jobs'], { cwd: dir })).exitCode).toBe(0);
    const told = await hypertune(['tell', '--study', 'jobs', '0', '--log', 'job.log'], { cwd: dir });
    expect(told.exitCode, told.stderr).toBe(0);
    expect(await extrasOf(dir, ['--study', 'jobs'])).toEqual([{ acc: 0.7, f1: 0.2 }]);
  });
});

const studies = studyNamer();

describe.skipIf(POSTGRES === undefined)(`other extra metrics added on PostgreSQL (${POSTGRES === undefined ? SKIP_REASON : 'real server'})`, () => {
  afterAll(() => dropStudies(studies.prefix));

  it('are stored with the study (schema 13) and read back by every later run', async () => {
    await widening(tempDir(), studies.next(), ['--storage', POSTGRES ?? '']);
  });
});
