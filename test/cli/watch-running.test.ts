import { afterAll, describe, expect, it } from 'vitest';
import { hypertune, NODE, program, tempDir, writeFile } from './helpers/hypertune.js';
import { dropStudies, POSTGRES, studyNamer } from './helpers/workers.js';

// Watching a study from another shell while its trials run (a user audit): what summary and show say
// of a running trial, and of one whose tuner was killed with -9, on the journal and on PostgreSQL.

const SPACE = 'metric: val_loss\nparams:\n  lr: loguniform(0.0001, 1)\n';
const studies = studyNamer();

interface RunningTrial {
  id: number;
  state: string;
  intermediate: number[];
  steps: number[];
  running_s?: number;
  heartbeat_age_s?: number;
}

// A trial is silent once its worker has sent no heartbeat for HYPERTUNE_SILENT_AFTER (10 s unset): 4 s
// here, with beats every 0.5 s (--heartbeat-timeout 2.5), where the test waited 11 s for a killed tuner.
const SILENT_S = 4;
const env = { HYPERTUNE_SILENT_AFTER: String(SILENT_S) };

async function trialsOf(dir: string, location: string[]): Promise<RunningTrial[]> {
  const result = await hypertune(['summary', '--format', 'json', ...location], { cwd: dir, env });
  if (result.exitCode !== 0) return [];
  return (JSON.parse(result.stdout) as { trials: RunningTrial[] }).trials;
}

async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await check();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// once the file is done: a store's own afterAll would drop the other store's study while it runs
afterAll(() => dropStudies(studies.prefix));

const stores = [
  { name: 'journal', location: (): string[] => [] },
  ...(POSTGRES === undefined ? [] : [{ name: 'PostgreSQL', location: (): string[] => ['--storage', POSTGRES ?? '', '--study', studies.next()] }]),
];

// The stores' tests and the Ctrl-C test run at once (describe.concurrent): each mostly waits, 5 s of it
// for a killed tuner's heartbeat to be SILENT_S old, and one after the other they took 33 s of the suite.
describe.concurrent.each(stores)('a running study on the $name store, seen from another shell', ({ location }) => {
  it("summary and show give a running trial's age and latest value; once its tuner is killed with -9, how long it has been silent", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    const where = location();
    const run = hypertune(['run', 'space.yaml', '--trials', '4', '--parallel', '2', '--heartbeat-timeout', '2.5', ...where, '--', NODE, program('slow-epochs.mjs')], { cwd: dir, env: { ...env, EPOCH_MS: '300', EPOCHS: '400' } });
    try {
      const trial = await waitFor(async () => (await trialsOf(dir, where)).find((t) => t.state === 'running' && t.intermediate.length >= 2), 30_000, 'a running trial with two values');
      const table = await hypertune(['summary', ...where], { cwd: dir, env });
      // one running trial a line, under each other
      expect(table.stdout).toMatch(new RegExp(`(Running: | {9})trial ${trial.id} [\\d.]+s, val_loss [\\d.]+ at step \\d+ \\(\\S+:\\d+\\)`));
      expect(table.stdout).toMatch(/\nRunning: trial \d+ .*\),\n {9}trial \d+ .*\)\n/);
      expect(table.stdout).not.toContain('no heartbeat');
      const shown = await hypertune(['show', String(trial.id), ...where], { cwd: dir, env });
      expect(shown.stdout).toMatch(new RegExp(`^trial ${trial.id} of study \\S+: running for [\\d.]+s, val_loss [\\d.]+ at step \\d+\\n`));
      expect(trial.heartbeat_age_s).toBeLessThan(SILENT_S);
      const shownJson = JSON.parse((await hypertune(['show', String(trial.id), '--json', ...where], { cwd: dir, env })).stdout) as RunningTrial;
      expect(shownJson.running_s).toBeGreaterThan(0);
      expect(shownJson.heartbeat_age_s).toBeLessThan(SILENT_S);

      run.kill('SIGKILL');
      await run;
      // the trial time stops counting a silent worker's trial after SILENT_S; summary and show say so
      await new Promise((resolve) => setTimeout(resolve, (SILENT_S + 1) * 1000));
      const later = await hypertune(['summary', ...where], { cwd: dir, env });
      expect(later.stdout).toMatch(new RegExp(`trial ${trial.id} [\\d.]+s, val_loss [\\d.]+ at step \\d+, no heartbeat for [\\d.]+s \\(`));
      const silent = (await trialsOf(dir, where)).find((t) => t.id === trial.id);
      expect(silent?.state).toBe('running');
      expect(silent?.heartbeat_age_s).toBeGreaterThan(SILENT_S);
      const shownLater = await hypertune(['show', String(trial.id), ...where], { cwd: dir, env });
      expect(shownLater.stdout).toMatch(/: running for [\d.]+s, val_loss [\d.]+ at step \d+, no heartbeat for [\d.]+s\n/);
      // the listing of studies counted them running, as a live study's
      const name = where.includes('--study') ? where[where.indexOf('--study') + 1] ?? '' : 'space';
      const listed = await hypertune(['studies', ...where.filter((word, i) => word !== '--study' && where[i - 1] !== '--study')], { cwd: dir, env });
      expect(listed.stdout.split('\n').find((line) => line.includes(`│ ${name} `))).toMatch(/│ +2 \(2 silent\) │/);
    } finally {
      run.kill('SIGKILL');
    }
  }, 90_000);
});

describe.concurrent('a study after Ctrl-C twice, seen with summary', () => {
  it('names the interrupted trials and says they run again first on resume; once resumed, they are no longer named', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    const args = ['--', NODE, program('slow-epochs.mjs')];
    const run = hypertune(['run', 'space.yaml', '--trials', '3', '--parallel', '2', ...args], { cwd: dir, env: { EPOCH_MS: '300', EPOCHS: '400' } });
    await waitFor(async () => ((await trialsOf(dir, [])).filter((t) => t.state === 'running' && t.intermediate.length > 0).length === 2 ? true : undefined), 30_000, 'two running trials');
    run.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 300));
    run.kill('SIGINT');
    expect((await run).exitCode).toBe(130);
    const table = await hypertune(['summary'], { cwd: dir });
    expect(table.stdout).toContain('\nInterrupted: trials 0-1; they run again first, with the same parameters, when the study goes on: hypertune resume --study space\n');
    const resumed = await hypertune(['resume', '--trials', '2'], { cwd: dir, env: { EPOCH_MS: '10', EPOCHS: '3' } });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect((await hypertune(['summary'], { cwd: dir })).stdout).not.toContain('Interrupted:');
  }, 60_000);
});
