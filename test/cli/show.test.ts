// `hypertune show <trial>` through the built binary, on studies made by real `hypertune run` calls,
// on a journal folder and on PostgreSQL (where the kept output lives in the database, not on disk).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE, SH, hypertune, summaryJson, tempDir, writeFile, type SummaryJson } from './helpers/hypertune.js';
import { POSTGRES, SKIP_REASON, dropStudies, studyNamer } from './helpers/workers.js';

// x above 0.6 fails with two lines on stderr; the others print three epochs and a final loss, each as
// node prints a number (the shortest digits that read back as it). In sh, not node: the two studies'
// 20 trials at a fraction of node's start CPU.
const PROGRAM = `if awk -v x="$HP_X" 'BEGIN { exit !(x > 0.6) }'; then
  echo 'loading data' >&2
  echo 'ValueError: x too large' >&2
  exit 3
fi
awk -v x="$HP_X" 'BEGIN {
  for (e = 1; e <= 3; e++) {
    v = (x - 0.2) ^ 2 + 1 / e
    for (p = 1; p < 17 && sprintf("%." p "g", v) + 0 != v; p++);
    printf "epoch %d loss=%." p "g\\n", e, v
  }
}'
`;
const SPACE = 'metric: loss\nparams:\n  x: uniform(0, 1)\n';

interface ShowJson {
  study: string;
  id: number;
  state: string;
  value: number | null;
  rank: number | null;
  params: Record<string, unknown>;
  exit_code: number | null;
  intermediate: number[];
  steps: number[];
  error: string | null;
  stdout: string;
  stderr: string;
  asked_at: string;
  finished_at: string | null;
}

function showSuite(title: string, storeFlags: () => string[]): void {
  describe(title, () => {
    let cwd: string;
    let summary: SummaryJson;
    const run = (args: string[]) => hypertune([...args, ...storeFlags()], { cwd });

    beforeAll(async () => {
      cwd = tempDir();
      writeFile(cwd, 'space.yaml', SPACE);
      writeFile(cwd, 'train.sh', PROGRAM);
      const result = await hypertune(['run', 'space.yaml', '--trials', '10', '--seed', '4', '--max-failures', '20', ...storeFlags(), '--', SH, 'train.sh'], { cwd });
      expect(result.exitCode, result.stderr).toBe(0);
      summary = await summaryJson(cwd, storeFlags());
      expect(summary.counts.failed).toBeGreaterThan(0);
      expect(summary.counts.complete).toBeGreaterThan(1);
    });

    it('shows the best trial with its rank, parameters, values per step and kept output', async () => {
      const best = summary.best;
      expect(best).not.toBeNull();
      const result = await run(['show', String(best?.id)]);
      expect(result.exitCode, result.stderr).toBe(0);
      const lines = result.stdout.split('\n');
      expect(lines[0]).toMatch(new RegExp(`^trial ${best?.id} of study \\S+: complete, loss \\S+ \\(the best of ${summary.counts.complete} complete\\)$`));
      expect(result.stdout).toMatch(/\n {2}exit code {3}0\n/);
      expect(result.stdout).toContain(`    x  ${String(best?.params['x'])}\n`); // every digit (a re-audit)
      expect(result.stdout).toMatch(/\n {2}loss {8}3 values, steps 1\.\.3 /);
      expect(result.stdout).toContain('3 lines of stdout, 0 of stderr kept');
      const json = JSON.parse((await run(['show', String(best?.id), '--json'])).stdout) as ShowJson;
      expect(json).toMatchObject({ id: best?.id, state: 'complete', value: best?.value, rank: 1, params: best?.params, exit_code: 0, steps: [1, 2, 3], error: null, stderr: '' });
      expect(json.stdout.split('\n').filter((line) => line !== '')).toEqual(json.intermediate.map((v, i) => `epoch ${i + 1} loss=${v}`));
      expect(Date.parse(json.finished_at ?? '')).toBeGreaterThanOrEqual(Date.parse(json.asked_at));
    });

    it("shows a failed trial's exit code and stderr, and prints one kept stream alone", async () => {
      const failed = summary.trials.find((t) => t.state === 'failed');
      const result = await run(['show', String(failed?.id), '--output']);
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout.split('\n')[0]).toBe(`trial ${failed?.id} of study ${summary.study}: failed (exit code 3)`);
      expect(result.stdout).toContain('    exited with code 3: ValueError: x too large\n');
      // the output is below: no hint to ask for it
      expect(result.stdout).toContain('  output      0 lines of stdout, 2 of stderr kept\n');
      expect(result.stdout.endsWith('── stdout (nothing kept)\n── stderr\nloading data\nValueError: x too large')).toBe(true);
      // without --output, the hint to see it names the study and the store, to be pasted as it is
      const plain = await run(['show', String(failed?.id)]);
      expect(plain.stdout).toMatch(new RegExp(`  output      0 lines of stdout, 2 of stderr kept \\(hypertune show ${failed?.id} --study \\S+( --storage <url>)? --output\\)$`, 'm'));
      const stream = await run(['show', String(failed?.id), '--stream', 'stderr']);
      expect(stream.exitCode, stream.stderr).toBe(0);
      // execa drops the last newline; the kept text has it
      expect(stream.stdout).toBe('loading data\nValueError: x too large');
    });

    it('refuses an unknown trial and a non-number with one line and exit code 2', async () => {
      const missing = await run(['show', '99']);
      expect(missing.exitCode).toBe(2);
      expect(missing.stderr).toBe(`hypertune: study "${summary.study}" has no trial 99 (its trials are 0..9)`);
      const word = await run(['show', 'top']);
      expect(word.exitCode).toBe(2);
      expect(word.stderr).toBe('hypertune: show: the trial must be a trial id (0, 1, 2, ...) or best, got "top"');
    });

    it('shows the best complete trial for best, as summary ranks them (a user audit: Optuna users look for best_trial)', async () => {
      const best = await run(['show', 'best', '--json']);
      expect(best.exitCode, best.stderr).toBe(0);
      const detail = JSON.parse(best.stdout) as { id: number; params: Record<string, unknown> };
      expect(detail.id).toBe(summary.best?.id);
      expect(detail.params).toEqual(summary.best?.params);
    });
  });
}

showSuite('hypertune show on a journal folder', () => []);

const names = studyNamer();
const study = names.next();
afterAll(() => dropStudies(names.prefix));
if (POSTGRES === undefined) describe.skip(`hypertune show on PostgreSQL (${SKIP_REASON})`, () => undefined);
else showSuite('hypertune show on PostgreSQL', () => ['--storage', POSTGRES, '--study', study]);

describe('show best before any trial is complete', () => {
  it('exits 1, not 2: the command line is right, the study has no best trial yet', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', SPACE);
    expect((await hypertune(['create', 'space.yaml', '--study', 'jobs', '--trials', '2'], { cwd })).exitCode).toBe(0);
    const shown = await hypertune(['show', 'best', '--params', 'args'], { cwd });
    expect([shown.exitCode, shown.stdout, shown.stderr]).toEqual([1, '', 'hypertune: study "jobs" has no complete trial yet, so no best one (hypertune summary shows its trials)']);
  });
});

describe('a study of one trial that printed one value', () => {
  it('says 1 value and 1 trial, not "1 values, steps 1..1" and "1 trials" (a docs audit)', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'space.yaml', SPACE);
    writeFile(cwd, 'once.mjs', "console.log('loss=0.5');\n");
    const result = await hypertune(['run', 'space.yaml', '--trials', '1', '--seed', '1', '--', NODE, 'once.mjs'], { cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    expect((await hypertune(['show', '0'], { cwd })).stdout).toMatch(/\n {2}loss {8}1 value, step 1 /);
    expect((await hypertune(['resume', '--dry-run', '--trials', '2'], { cwd })).stdout).toContain('Study space exists (1 trial, 1 finished)');
    expect((await hypertune(['report', '--out', 'r.html'], { cwd })).stdout).toMatch(/^Wrote r\.html \(1 trial, /);
    expect((await hypertune(['enqueue', 'x=0.5'], { cwd })).stdout).toContain('The study has its 1 trial: it runs once the target is raised');
  });
});
