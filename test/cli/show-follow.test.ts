import { afterAll, describe, expect, it } from 'vitest';
import { hypertune, NODE, program, tempDir, writeFile } from './helpers/hypertune.js';
import { dropStudies, POSTGRES, SKIP_REASON, studyNamer } from './helpers/workers.js';

const SPACE = 'metric: val_loss\nparams:\n  lr: loguniform(0.0001, 1)\n';

/** A trial of eight epochs 250 ms apart, followed by `show 0 --follow` from its first epoch on. */
async function followed(storage: string[]): Promise<void> {
  const dir = tempDir();
  writeFile(dir, 'space.yaml', SPACE);
  // a heartbeat a second: the store gets the output in batches with them
  const run = hypertune(['run', 'space.yaml', ...storage, '--trials', '1', '--heartbeat-timeout', '5', '--', NODE, program('slow-epochs.mjs')], { cwd: dir, env: { EPOCH_MS: '250', EPOCHS: '8' } });
  for (let tries = 0; ; tries++) {
    const shown = await hypertune(['show', '0', ...storage], { cwd: dir });
    if (shown.exitCode === 0 && shown.stdout.includes('running')) break;
    if (tries > 100) throw new Error(`the trial never ran: ${shown.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const following = hypertune(['show', '0', '--follow', ...storage], { cwd: dir });
  // printed as it came: in more than one piece over the trial's two seconds
  let pieces = 0;
  following.stdout?.on('data', () => (pieces += 1));
  const follow = await following;
  expect(pieces).toBeGreaterThan(1);
  const result = await run;
  expect(result.exitCode, result.stderr).toBe(0);
  expect(follow.exitCode, follow.stderr).toBe(0);
  // every epoch's line once, in order, then how it ended
  expect(follow.stdout.split('\n').filter((line) => line !== '').map((line) => line.split(' val_loss')[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => `epoch ${n}`));
  expect(follow.stderr).toMatch(/^hypertune: trial 0 ended: complete \(val_loss [\d.]+\)$/);
  const bad = await hypertune(['show', '0', '--follow', '--json', ...storage], { cwd: dir });
  expect(bad.exitCode).toBe(2);
  expect(bad.stderr).toBe('hypertune: --follow prints the output as it grows: give it without --json and --stream');
}

// the journal's and PostgreSQL's run at once (concurrent): each follows a trial of seconds, and waits
describe.concurrent('show N --follow', () => {
  it("prints a running trial's output as it grows, each line once, and ends with the trial (journal)", async () => {
    await followed([]);
  });
});

const studies = studyNamer();

describe.skipIf(POSTGRES === undefined)(`show N --follow on PostgreSQL (${POSTGRES === undefined ? SKIP_REASON : 'real server'})`, { concurrent: true }, () => {
  afterAll(() => dropStudies(studies.prefix));

  it("prints a worker's output from the database as it grows", async () => {
    await followed(['--storage', POSTGRES ?? '', '--study', studies.next()]);
  });
});
