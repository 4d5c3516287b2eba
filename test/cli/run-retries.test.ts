import { afterAll, describe, expect, it } from 'vitest';
import { hypertune, QUADRATIC_SPACE, SH, summaryJson, tempDir, writeFile, type SummaryJson } from './helpers/hypertune.js';
import { dropStudies, POSTGRES, SKIP_REASON, studyNamer } from './helpers/workers.js';

type RetriedTrial = SummaryJson['trials'][number] & { retry_of?: number };

// crashes the first time it meets a value of x (a node lost, a CUDA error that comes and goes); the next run of it works
const FLAKY = `seen="seen-$HP_X"
if [ ! -e "$seen" ]; then : > "$seen"; echo "RuntimeError: CUDA error: an illegal memory access was encountered" >&2; exit 1; fi
echo "loss: 0.5"
`;

async function retried(dir: string, extra: string[] = []): Promise<RetriedTrial[]> {
  return (await summaryJson(dir, extra)).trials as RetriedTrial[];
}

// Each test its own folder or study, none racing a clock: they run side by side (describe.concurrent).
describe.concurrent('--retries: a crashed trial runs again with the same parameters', () => {
  it("says a crash of the study's last trial is not run again, since a re-run counts toward the target (a re-audit: 'run again', then the end)", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    writeFile(dir, 'flaky.sh', FLAKY);
    const result = await hypertune(['run', 'space.yaml', '--trials', '1', '--retries', '2', '--', SH, 'flaky.sh'], { cwd: dir });
    expect(result.stdout).toContain('trial 0: the program crashed; not run again: the study has reached its target of finished trials, which a re-run counts toward (--retries)');
    expect(result.stdout).not.toContain('run again (retry');
    expect((await retried(dir)).map((t) => t.state)).toEqual(['failed']);
  });

  it('runs each crash again as a trial of its own, says so, keeps the crash on record, and resume keeps the setting', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    writeFile(dir, 'flaky.sh', FLAKY);
    const result = await hypertune(['run', 'space.yaml', '--trials', '4', '--retries', '1', '--seed', '3', '--', SH, 'flaky.sh'], { cwd: dir });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('trial 0: the program crashed; its parameters run again (retry 1 of 1, --retries)');
    expect(result.stdout).toContain('Done: 4 of 4 trials finished (2 complete, 2 failed (2 run again))');
    const trials = await retried(dir);
    expect(trials.map((t) => [t.state, t.retry_of ?? null])).toEqual([['failed', null], ['complete', 0], ['failed', null], ['complete', 2]]);
    expect(trials[1]?.params).toEqual(trials[0]?.params);
    expect(trials[3]?.params).toEqual(trials[2]?.params);
    // the crash stays on record with its exit code and stderr
    expect(trials[0]).toMatchObject({ exit_code: 1 });
    expect(trials[0]?.error).toContain('CUDA error');
    // show names the re-run both ways
    const first = await hypertune(['show', '0'], { cwd: dir });
    expect(first.stdout).toMatch(/run again {3}as trial 1 \(complete\)/);
    const second = await hypertune(['show', '1'], { cwd: dir });
    expect(second.stdout).toContain('; a re-run of trial 0');
    // and its JSON too (a user audit: only the text said so)
    const json = async (id: number): Promise<Record<string, unknown>> => JSON.parse((await hypertune(['show', String(id), '--json'], { cwd: dir })).stdout) as Record<string, unknown>;
    expect(await json(0)).toMatchObject({ run_again_as: 1 });
    expect(await json(0)).not.toHaveProperty('retry_of');
    expect(await json(1)).toMatchObject({ retry_of: 0 });
    expect(await json(1)).not.toHaveProperty('run_again_as');
    // a crash run again is no second draw of the metric: the summary lists no repeated configuration
    const table = await hypertune(['summary'], { cwd: dir });
    expect(table.stdout).toContain('4 of 4 trials finished (2 complete, 2 failed (2 run again), 0 running, 0 interrupted)');
    expect(table.stdout).toContain('Best 2 of 2 complete trials');
    expect(table.stdout).not.toContain('run more than once');
    // the study stores --retries: a resume runs the next crash again too
    const resumed = await hypertune(['resume', '--trials', '6'], { cwd: dir });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('trial 4: the program crashed; its parameters run again (retry 1 of 1, --retries)');
    expect((await retried(dir)).slice(4).map((t) => [t.state, t.retry_of ?? null])).toEqual([['failed', null], ['complete', 4]]);
  });

  it('runs a configuration that crashes every time n + 1 times in all, then moves on; the runs count toward --max-failures', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    // killed by a signal the tuner did not send, as the kernel's out-of-memory killer does
    writeFile(dir, 'oom.sh', 'kill -9 $$\n');
    const result = await hypertune(['run', 'space.yaml', '--trials', '7', '--retries', '2', '--max-failures', '0', '--seed', '4', '--', SH, 'oom.sh'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    const trials = await retried(dir);
    expect(trials.map((t) => t.retry_of ?? null)).toEqual([null, 0, 1, null, 3, 4, null]);
    expect(new Set(trials.slice(0, 3).map((t) => t.params['x'])).size).toBe(1);
    expect(trials[3]?.params['x']).not.toBe(trials[0]?.params['x']);
    expect(trials.every((t) => t.state === 'failed' && t.error?.includes('SIGKILL') === true)).toBe(true);
    // the signal is a field of its own in the JSON, beside exit_code null (a user audit: scripts parsed the error)
    expect(trials.map((t) => [t.exit_code, (t as { signal?: string }).signal])).toEqual(Array(7).fill([null, 'SIGKILL']));
    const shown = JSON.parse((await hypertune(['show', '0', '--json'], { cwd: dir })).stdout) as Record<string, unknown>;
    expect([shown['exit_code'], shown['signal']]).toEqual([null, 'SIGKILL']);
    // with the default --max-failures 5 the runs of a program that always crashes stop the study as before
    const stopped = await hypertune(['run', 'space.yaml', '--study', 'stops', '--trials', '20', '--retries', '2', '--', SH, 'oom.sh'], { cwd: dir });
    expect(stopped.exitCode).toBe(1);
    expect(stopped.stdout).toContain('stopping: 5 trials failed in a row (--max-failures 5)');
    expect(await retried(dir, ['--study', 'stops'])).toHaveLength(5);
    // the fifth crash stops the study: no notice that its parameters run again (a user audit)
    expect(stopped.stdout).not.toContain('trial 4: the program crashed; its parameters run again');
    expect(stopped.stdout).toContain('trial 3: the program crashed; its parameters run again (retry 1 of 2, --retries)');
  });

  it('does not run again a trial that timed out or ended without its metric: those would end the same way', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    writeFile(dir, 'slow.sh', 'sleep 5\necho "loss: 1"\n');
    writeFile(dir, 'silent.sh', 'echo "nothing to see"\n');
    const slow = await hypertune(['run', 'space.yaml', '--study', 'slow', '--trials', '2', '--retries', '3', '--trial-timeout', '0.3', '--kill-grace', '0.2', '--', SH, 'slow.sh'], { cwd: dir });
    // --max-failures 0: the first trial without its metric would stop the study (retries.ts), before a second could show anything
    const silent = await hypertune(['run', 'space.yaml', '--study', 'silent', '--trials', '2', '--retries', '3', '--max-failures', '0', '--', SH, 'silent.sh'], { cwd: dir });
    for (const [result, study] of [[slow, 'slow'], [silent, 'silent']] as const) {
      expect(result.stdout).not.toContain('--retries)');
      const trials = await retried(dir, ['--study', study]);
      expect(trials.map((t) => [t.state, t.retry_of ?? null])).toEqual([['failed', null], ['failed', null]]);
    }
  });
});

const studies = studyNamer();

describe.concurrent.skipIf(POSTGRES === undefined)(`--retries on PostgreSQL (${POSTGRES === undefined ? SKIP_REASON : 'real server'})`, () => {
  afterAll(() => dropStudies(studies.prefix));

  it('runs a crash again before the next proposal, as on the journal', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    writeFile(dir, 'flaky.sh', FLAKY);
    const study = studies.next();
    const storage = ['--storage', POSTGRES ?? '', '--study', study];
    const result = await hypertune(['run', 'space.yaml', ...storage, '--trials', '4', '--retries', '1', '--seed', '3', '--', SH, 'flaky.sh'], { cwd: dir });
    expect(result.exitCode, result.stderr).toBe(0);
    const trials = await retried(dir, storage);
    expect(trials.map((t) => [t.state, t.retry_of ?? null])).toEqual([['failed', null], ['complete', 0], ['failed', null], ['complete', 2]]);
    expect(trials[1]?.params).toEqual(trials[0]?.params);
  });
});
