// --dry-run goes on from what the run would go on from: a study that exists (its trials, seed and
// sampler), or a new study's --add results. The trials it shows are the ones the run then runs.
import { appendFileSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QUADRATIC_SPACE, SH, hypertune, program, summaryJson, tempDir, writeFile } from './helpers/hypertune.js';

const quadratic = program('loop-quadratic.sh');

/** The `--x=` value of each `trial N (...)` block's argv, by trial id. */
function shownX(stdout: string): Map<number, string> {
  const shown = new Map<number, string>();
  for (const m of stdout.matchAll(/^trial (\d+) \([^\n]*\n {2}argv: \[[^\n]*"--x=([^"]+)"/gm)) shown.set(Number(m[1]), m[2] as string);
  return shown;
}

describe.concurrent('hypertune run --dry-run', () => {
  it('continues a study that exists: its next trial ids, seed and proposals, which the run then runs', async () => {
    const dir = tempDir();
    writeFile(dir, 'quad.yaml', QUADRATIC_SPACE);
    const first = await hypertune(['run', 'quad.yaml', '--trials', '12', '--seed', '4', '--', SH, quadratic], { cwd: dir });
    expect(first.exitCode, first.stderr).toBe(0);
    const dry = await hypertune(['run', 'quad.yaml', '--trials', '14', '--dry-run', '--', SH, quadratic], { cwd: dir });
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('over 14 trials, --algo auto, seed 4');
    expect(dry.stdout).toContain('Study quad exists (12 trials, 12 finished): the run would continue it, with its seed and sampler.');
    expect(dry.stdout).toContain('HYPERTUNE_TRIAL_ID=12');
    const shown = shownX(dry.stdout);
    expect([...shown.keys()]).toEqual([12, 13]); // no more than the target leaves to run
    // the run then asks exactly what the dry run showed (one at a time: trial 12, then 13 after it)
    const run = await hypertune(['run', 'quad.yaml', '--trials', '13', '--', SH, quadratic], { cwd: dir });
    expect(run.exitCode, run.stderr).toBe(0);
    const trial12 = (await summaryJson(dir)).trials.find((t) => t.id === 12);
    expect(`--x=${String(trial12?.params['x'])}`).toBe(`--x=${shown.get(12) ?? ''}`);
    // its target met, the dry run says the run would run none; another seed is refused as the run refuses it
    const met = await hypertune(['run', 'quad.yaml', '--dry-run', '--', SH, quadratic], { cwd: dir });
    expect(met.stdout).toContain('Its 13 finished trials meet the target of 13: the run would run none (raise it with --trials).');
    const reseeded = await hypertune(['run', 'quad.yaml', '--seed', '5', '--dry-run', '--', SH, quadratic], { cwd: dir });
    expect(reseeded.exitCode).toBe(2);
    expect(reseeded.stderr).toContain('already exists with a different setup');
    // a pruner the study was not made with is refused as the run refuses it (a re-audit)
    const pruned = await hypertune(['run', 'quad.yaml', '--prune', 'median', '--dry-run', '--', SH, quadratic], { cwd: dir });
    expect(pruned.exitCode).toBe(2);
    expect(pruned.stderr).toContain('study "quad" prunes with none as it was made, for every worker; --prune and its settings apply to a new study');
  });

  it("takes an edited trials: as the target, as the run does; resume in a moved folder says where its trials run (a user audit)", async () => {
    const root = tempDir();
    const dir = join(root, 'proj');
    mkdirSync(dir);
    writeFile(dir, 'quad.yaml', `${QUADRATIC_SPACE}trials: 2\n`);
    expect((await hypertune(['run', 'quad.yaml', '--seed', '4', '--', SH, quadratic], { cwd: dir })).exitCode).toBe(0);
    writeFile(dir, 'quad.yaml', `${QUADRATIC_SPACE}trials: 3\n`);
    const dry = await hypertune(['run', 'quad.yaml', '--dry-run', '--', SH, quadratic], { cwd: dir });
    expect(dry.stdout).toContain('over 3 trials');
    expect([...shownX(dry.stdout).keys()]).toEqual([2]);
    renameSync(dir, join(root, 'moved'));
    const resumed = await hypertune(['resume', '--trials', '3'], { cwd: join(root, 'moved') });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`hypertune: note: the folder study quad was started in, ${dir}, is gone: its trials run here, in ${join(root, 'moved')}`);
  });

  it('resume --dry-run shows the trials resume would run, and stores nothing (a user audit: it had none)', async () => {
    const dir = tempDir();
    writeFile(dir, 'quad.yaml', QUADRATIC_SPACE);
    expect((await hypertune(['run', 'quad.yaml', '--trials', '9', '--seed', '4', '--', SH, quadratic], { cwd: dir })).exitCode).toBe(0);
    const journal = join(dir, '.hypertune', 'quad', 'journal.jsonl');
    const before = readFileSync(journal, 'utf8');
    const dry = await hypertune(['resume', '--trials', '11', '--dry-run'], { cwd: dir });
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('over 11 trials, --algo auto, seed 4\n');
    expect([...shownX(dry.stdout).keys()]).toEqual([9, 10]);
    expect(readFileSync(journal, 'utf8')).toBe(before);
    expect((await hypertune(['resume', '--trials', '10'], { cwd: dir })).exitCode).toBe(0);
    // as numbers: a float argument that is whole is passed as 1.0, so that the program reads a float
    expect((await summaryJson(dir)).trials.find((t) => t.id === 9)?.params['x']).toBe(Number(shownX(dry.stdout).get(9)));
  });

  it('runs again first what a killed tuner left running, as the run does, under new ids (a re-audit)', async () => {
    const dir = tempDir();
    writeFile(dir, 'quad.yaml', QUADRATIC_SPACE);
    expect((await hypertune(['run', 'quad.yaml', '--trials', '2', '--seed', '4', '--', SH, quadratic], { cwd: dir })).exitCode).toBe(0);
    // a tuner killed by -9 with trial 2 running leaves its ask and start behind (the journal as it had it)
    const journal = join(dir, '.hypertune', 'quad', 'journal.jsonl');
    const events = readFileSync(journal, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const asked = events.find((event) => event['type'] === 'trial_asked');
    const started = events.find((event) => event['type'] === 'trial_started');
    appendFileSync(journal, `${JSON.stringify({ ...asked, id: 2, params: { x: 0.125 } })}\n${JSON.stringify({ ...started, id: 2 })}\n`);
    const dry = await hypertune(['run', 'quad.yaml', '--trials', '4', '--dry-run', '--', SH, quadratic], { cwd: dir });
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('seed 4\n');
    expect(dry.stdout).toMatch(/^trial 3 \(a re-run of interrupted trial 2\): x=0\.125$/m);
    const run = await hypertune(['run', 'quad.yaml', '--trials', '4', '--', SH, quadratic], { cwd: dir });
    expect(run.exitCode, run.stderr).toBe(0);
    expect((await summaryJson(dir)).trials.find((t) => t.id === 3)?.params['x']).toBe(0.125);
  });

  it("starts a new study after the results --add would add, and says when they meet the target", async () => {
    const dir = tempDir();
    writeFile(dir, 'quad.yaml', QUADRATIC_SPACE);
    const rows = Array.from({ length: 10 }, (_, i) => { const x = -0.9 + i * 0.2; return `${x},${(x - 0.3) ** 2}`; });
    writeFile(dir, 'old.csv', `x,loss\n${rows.join('\n')}\n`);
    const dry = await hypertune(['run', 'quad.yaml', '--add', 'old.csv', '--trials', '10', '--seed', '2', '--dry-run', '--', SH, quadratic], { cwd: dir });
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('--add old.csv: 10 results would be added first (trials 0 to 9: 10 complete, 0 failed); the samplers learn from them.');
    expect(dry.stdout).toContain('They meet the target of 10 trials: the run would add them and run none (raise it with --trials).');
    const shown = shownX(dry.stdout);
    expect([...shown.keys()]).toEqual([10]); // the target met: the first only, for its argv
    const run = await hypertune(['run', 'quad.yaml', '--add', 'old.csv', '--trials', '11', '--seed', '2', '--', SH, quadratic], { cwd: dir });
    expect(run.exitCode, run.stderr).toBe(0);
    const trial10 = (await summaryJson(dir)).trials.find((t) => t.id === 10);
    expect(String(trial10?.params['x'])).toBe(shown.get(10));
  });
});
