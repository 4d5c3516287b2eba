import { afterAll, describe, expect, it } from 'vitest';
import { QUADRATIC_SPACE, hypertune, program, summaryJson, tempDir, writeFile, SH } from './helpers/hypertune.js';
import { dropStudies, POSTGRES, SKIP_REASON, studyNamer, trialRows } from './helpers/workers.js';

const quadratic = program('loop-quadratic.sh');
// prints the same final loss (0.41) whatever its parameters: no trial after the first is progress; the
// lines of prints-loss.mjs, in sh (node's start cost a few times sh's CPU, and these runs take ~25 trials)
const constant = [SH, '-c', "printf 'starting training\\nepoch 1 loss=0.9\\nepoch 2 loss=0.5\\nepoch 3 val_loss=0.47 acc=0.88\\nloss: 0.41\\n'"];

type StopJson = { stopped_early: string | null; counts: { complete: number }; trials: Array<{ id: number; value: number | null }> };

// Each test its own folder or study, none racing another's clock: they run side by side (describe.concurrent).
describe.concurrent('a study that stops before its target (stop:, --stop-at, --patience)', () => {
  it('stops at the first trial that reaches stop: at, says why, and a resume goes on only past the rule', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', `${QUADRATIC_SPACE}stop:\n  at: 0.05\n`);
    const run = await hypertune(['run', 'space.yaml', '--trials', '200', '--seed', '3', '--', SH, quadratic], { cwd: dir });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('Study space: minimize loss over 200 trials, or until loss <= 0.05, auto');
    expect(run.stdout).toMatch(/^Stopped early: \d+ of 200 trials finished/m);
    const summary = (await summaryJson(dir)) as unknown as StopJson;
    // one trial at a time: the one that reached it is the last
    const last = summary.trials[summary.trials.length - 1];
    expect(last?.value).toBeLessThanOrEqual(0.05);
    expect(summary.trials.slice(0, -1).every((t) => (t.value ?? Infinity) > 0.05)).toBe(true);
    expect(summary.stopped_early).toMatch(new RegExp(`^trial ${last?.id} reached loss [\\d.e-]+ \\(stop at 0.05\\)$`));
    expect(run.stdout).toContain(`Stopped because ${summary.stopped_early}.`);
    expect(run.stdout).toMatch(/Go on regardless with:\n  hypertune resume --study space --stop-at none$/);
    expect((await hypertune(['summary'], { cwd: dir })).stdout).toContain(`\nStopped early: ${summary.stopped_early}\n`);

    // the stored rule still holds: nothing runs
    const again = await hypertune(['resume'], { cwd: dir });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(((await summaryJson(dir)) as unknown as StopJson).counts.complete).toBe(summary.counts.complete);
    // past it: three more trials, and the study no longer has a stop-at, for summary and later resumes too
    const more = await hypertune(['resume', '--stop-at', 'none', '--trials', String(summary.counts.complete + 3)], { cwd: dir });
    expect(more.exitCode, more.stderr).toBe(0);
    expect(more.stdout).toMatch(/^Done: /m);
    const after = (await summaryJson(dir)) as unknown as StopJson;
    expect(after.counts.complete).toBe(summary.counts.complete + 3);
    expect(after.stopped_early).toBeNull();
    const plain = await hypertune(['resume', '--trials', String(summary.counts.complete + 4)], { cwd: dir });
    expect(plain.stdout).toMatch(/^Done: /m);
  });

  it('stops after --patience trials without progress, counting from the best, and suggests room for as many again', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const run = await hypertune(['run', 'space.yaml', '--trials', '50', '--patience', '3', '--', ...constant], { cwd: dir });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toContain('over 50 trials, or until 3 trials without progress, auto');
    // trial 0 is the best; 1, 2 and 3 bring nothing
    expect(run.stdout).toMatch(/^Stopped early: 4 of 50 trials finished \(4 complete, 0 failed\)/m);
    expect(run.stdout).toContain("Stopped because 3 trials in a row did not improve on trial 0's loss 0.41 (patience 3).");
    expect(run.stdout).toMatch(/\n {2}hypertune resume --study space --patience 6$/);
    // the listing says the study is done, though short of its target
    const listed = await hypertune(['studies', '--format', 'json'], { cwd: dir });
    expect((JSON.parse(listed.stdout) as Array<{ stopped_early: string | null }>)[0]?.stopped_early).toBe("3 trials in a row did not improve on trial 0's loss 0.41 (patience 3)");
    expect((await hypertune(['studies'], { cwd: dir })).stdout).toMatch(/│ 4\/50 stopped │/);
    const resumed = await hypertune(['resume', '--patience', '6'], { cwd: dir });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/^Stopped early: 7 of 50 trials finished/m);
    // the new patience is the study's now: summary judges by it, and a plain resume runs nothing
    expect(((await summaryJson(dir)) as unknown as StopJson).stopped_early).toBe("6 trials in a row did not improve on trial 0's loss 0.41 (patience 6)");
    expect((await hypertune(['resume'], { cwd: dir })).stdout).toMatch(/^Stopped early: 7 of 50 trials finished/m);
    // --patience 0 turns it off for that run: on to the target
    const off = await hypertune(['resume', '--patience', '0', '--trials', '9'], { cwd: dir });
    expect(off.exitCode, off.stderr).toBe(0);
    expect(off.stdout).toMatch(/^Done: 9 of 9 trials finished/m);
    expect(((await summaryJson(dir)) as unknown as StopJson).stopped_early).toBeNull();
  });

  it('met by the trial that reaches the target (or spends the budget), the rule is said and the resume lifts both', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    // trial 0 the best; 1, 2, 3 bring nothing, the third of them the target's last
    const run = await hypertune(['run', 'space.yaml', '--trials', '4', '--patience', '3', '--', ...constant], { cwd: dir });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Done: 4 of 4 trials finished/m);
    expect(run.stdout).toContain("Its stop rule is met too: 3 trials in a row did not improve on trial 0's loss 0.41 (patience 3).");
    expect(run.stdout).toMatch(/Go on regardless with:\n {2}hypertune resume --study space --trials 8 --patience 6$/);
    const more = await hypertune(['resume', '--trials', '8', '--patience', '6'], { cwd: dir });
    expect(more.stdout).toMatch(/^Stopped early: 7 of 8 trials finished/m);
    // the target and the time budget reached by the same trials: both raised
    const both = tempDir();
    writeFile(both, 'space.yaml', QUADRATIC_SPACE);
    const spent = await hypertune(['run', 'space.yaml', '--trials', '1', '--time-budget', '0.2', '--', SH, quadratic], { cwd: both, env: { LOOP_SLEEP_MS: '300' } });
    expect(spent.stdout).toMatch(/^Done: 1 of 1 trials finished .*; trial time [\d.]+s of the 0\.2s budget\.$/m);
    expect(spent.stdout).toMatch(/Raise the budget with:\n {2}hypertune resume --study space --trials 2 --time-budget \d+s$/);
  });

  it('gives no asked trial once the rule is met, and refuses --min-delta without --patience', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const created = await hypertune(['create', 'space.yaml', '--stop-at', '0.5'], { cwd: dir });
    expect(created.exitCode, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^Created study space: minimize loss over 20 trials, or until loss <= 0.5, auto/);
    const asked = await hypertune(['ask', '--format', 'json'], { cwd: dir });
    expect(asked.exitCode, asked.stderr).toBe(0);
    const id = String((JSON.parse(asked.stdout) as { id: number }).id);
    expect((await hypertune(['tell', id, '0.4'], { cwd: dir })).exitCode).toBe(0);
    const refused = await hypertune(['ask'], { cwd: dir });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toBe(`hypertune: study "space" has stopped early: trial ${id} reached loss 0.4 (stop at 0.5); no trial is given`);

    const dry = await hypertune(['run', 'space.yaml', '--study', 'other', '--dry-run', '--patience', '30', '--min-delta', '0.01', '--', ...constant], { cwd: dir });
    expect(dry.stdout).toMatch(/^minimize loss over 20 trials, or until 30 trials without progress \(by more than 0.01\), --algo auto/m);
    const usage = await hypertune(['run', 'space.yaml', '--study', 'other', '--min-delta', '0.01', '--', ...constant], { cwd: dir });
    expect(usage.exitCode).toBe(2);
    expect(usage.stderr).toMatch(/^hypertune: --min-delta sets what counts as progress for --patience: give --patience too/);
  });
});

const studies = studyNamer();

describe.concurrent.skipIf(POSTGRES === undefined)(`a stop rule shared by workers (${POSTGRES === undefined ? SKIP_REASON : 'real server'})`, () => {
  afterAll(() => dropStudies(studies.prefix));

  it("counts the other workers' trials: two workers stop together once the study has gone --patience trials without progress", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const study = studies.next();
    const args = ['run', 'space.yaml', '--storage', POSTGRES ?? '', '--study', study, '--trials', '60', '--patience', '4', '--', ...constant];
    const results = await Promise.all([hypertune(args, { cwd: dir }), hypertune(args, { cwd: dir })]);
    for (const result of results) {
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^Stopped early: \d+ of 60 trials finished/m);
    }
    // met at 5 finished trials (the first, then 4 without progress); each worker may have had one running then
    const rows = await trialRows(study);
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows.length).toBeLessThanOrEqual(7);
    expect(rows.every((row) => row.state === 'complete')).toBe(true);
  });

  it('a resume --patience on another machine stops the workers already running before their next trial', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const study = studies.next();
    const where = ['--storage', POSTGRES ?? '', '--study', study];
    // trials of 0.6 s, the same loss whatever the parameters: the worker is inside one when the rule comes
    const slow = [SH, '-c', 'sleep 0.6; echo "loss: 0.41"'];
    const running = hypertune(['run', 'space.yaml', ...where, '--trials', '200', '--', ...slow], { cwd: dir });
    for (let i = 0; i < 300 && (await trialRows(study)).filter((row) => row.state === 'complete').length < 4; i++) await new Promise((done) => setTimeout(done, 50));
    const resumed = await hypertune(['resume', ...where, '--patience', '3'], { cwd: dir });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/^Stopped early: /m);
    const started = (await trialRows(study)).length;
    const run = await running;
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Stopped early: \d+ of 200 trials finished/m);
    expect(run.stdout).toContain("trials in a row did not improve on trial 0's loss 0.41 (patience 3).");
    // the rule was met when the resume stored it: the worker finishes the trial it was in and starts no
    // other (a worker started without a rule used to learn of it only from its next ask, and ran that trial)
    const rows = await trialRows(study);
    expect(rows.length).toBe(started);
    expect(rows.every((row) => row.state === 'complete')).toBe(true);
  });
});
