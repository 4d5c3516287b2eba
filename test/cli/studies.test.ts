// `hypertune studies` through the built binary, on studies made by real `hypertune run` calls.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUADRATIC_SPACE, hypertune, program, summaryJson, tempDir, writeFile, type SummaryJson, SH } from './helpers/hypertune.js';
import { POSTGRES, SKIP_REASON, dropStudies, studyNamer } from './helpers/workers.js';

interface StudyJson {
  name: string;
  goal: string;
  metric: string;
  finished: number;
  target: number;
  complete: number;
  failed: number;
  pruned: number;
  running: number;
  interrupted: number;
  trial_time_s: number;
  best_value: number | null;
  best_trial: number | null;
  created: string;
  last_activity: string;
  disk_bytes: number;
  command: string;
  stopped_early: string | null;
}

const FIELDS = [
  'name', 'goal', 'metric', 'finished', 'target', 'complete', 'failed', 'pruned', 'running', 'interrupted', 'trial_time_s',
  'best_value', 'best_trial', 'created', 'last_activity', 'disk_bytes', 'command', 'stopped_early',
];
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const quadratic = program('loop-quadratic.sh');
// fails above x = 0.6, so the study has both complete and failed trials
// acc = x, and x above 0.6 fails; in sh, not node: its trials at a fraction of node's start CPU
const ACCURACY = 'if awk -v x="$HP_X" \'BEGIN { exit !(x > 0.6) }\'; then exit 3; fi\necho "acc=$HP_X"\n';

async function studiesJson(cwd: string, extra: string[] = [], env?: Record<string, string>): Promise<StudyJson[]> {
  const result = await hypertune(['studies', '--format', 'json', ...extra], { cwd, ...(env === undefined ? {} : { env }) });
  expect(result.exitCode, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as StudyJson[];
}

function expectMatchesSummary(row: StudyJson | undefined, summary: SummaryJson & { trial_time_s?: number }): void {
  // the summary counts a finished study's trial time as studies does (its trials' spans)
  expect(row?.trial_time_s).toBe(summary.trial_time_s);
  expect(row).toMatchObject({
    name: summary.study,
    goal: summary.goal,
    metric: summary.metric,
    finished: summary.counts.complete + summary.counts.failed + summary.counts.pruned,
    complete: summary.counts.complete,
    failed: summary.counts.failed,
    pruned: summary.counts.pruned,
    running: summary.counts.running,
    interrupted: summary.counts.interrupted,
    best_value: summary.best?.value ?? null,
    best_trial: summary.best?.id ?? null,
  });
}

describe('hypertune studies on a journal folder', () => {
  let cwd: string;
  let started: number;

  beforeAll(async () => {
    started = Date.now();
    cwd = tempDir();
    writeFile(cwd, 'quad.yaml', QUADRATIC_SPACE);
    writeFile(cwd, 'acc.yaml', 'metric: acc\ngoal: maximize\nparams:\n  x: uniform(0, 1)\n');
    writeFile(cwd, 'acc.sh', ACCURACY);
    // run in this order, zeta is created first, alpha last, then zeta resumed: the newest activity is zeta's
    const runs = [
      ['run', 'quad.yaml', '--study', 'zeta', '--trials', '3', '--seed', '3', '--', SH, quadratic],
      ['run', 'acc.yaml', '--study', 'alpha', '--trials', '8', '--seed', '5', '--max-failures', '20', '--', SH, 'acc.sh'],
      ['resume', '--study', 'zeta', '--trials', '5'],
    ];
    for (const args of runs) {
      const result = await hypertune(args, { cwd });
      expect(result.exitCode, result.stderr).toBe(0);
    }
  });

  it('lists both, most recently active first, with the counts and best that summary shows', async () => {
    const rows = await studiesJson(cwd);
    expect(rows.map((row) => row.name)).toEqual(['zeta', 'alpha']);
    for (const row of rows) expect(Object.keys(row)).toEqual(FIELDS);
    expectMatchesSummary(rows[0], await summaryJson(cwd, ['--study', 'zeta']));
    expectMatchesSummary(rows[1], await summaryJson(cwd, ['--study', 'alpha']));
    expect(rows[0]).toMatchObject({ goal: 'minimize', metric: 'loss', finished: 5, target: 5, complete: 5 });
    expect(rows[1]).toMatchObject({ goal: 'maximize', metric: 'acc', finished: 8, target: 8 });
    // the seed gives alpha some trials above 0.6, which fail
    expect(rows[1]?.failed).toBeGreaterThan(0);
    expect(rows[1]?.complete).toBeGreaterThan(0);
    expect(rows[0]?.command).toBe(`${SH} ${quadratic}`);
    expect(rows[1]?.command).toBe(`${SH} acc.sh`);
    for (const row of rows) {
      expect(row.created).toMatch(ISO);
      expect(row.last_activity).toMatch(ISO);
      expect(Date.parse(row.created)).toBeGreaterThanOrEqual(started);
      expect(Date.parse(row.last_activity)).toBeGreaterThan(Date.parse(row.created));
      expect(Date.parse(row.last_activity)).toBeLessThanOrEqual(Date.now());
    }
    // zeta was created first but was active last
    expect(Date.parse(rows[0]?.created ?? '')).toBeLessThan(Date.parse(rows[1]?.created ?? ''));
  });

  it('prints a table with one row per study in the same order', async () => {
    const result = await hypertune(['studies'], { cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`2 studies in ${join(cwd, '.hypertune')}, most recently active first`);
    const zeta = lines.findIndex((line) =>
      /│ zeta +│ minimize loss +│ +5\/5 │ +5 │ +0 │ +0 │ +0 │ +[\d.e-]+ \(\d\) │ \d{4}-\d\d-\d\d \d\d:\d\d │ [\d-: ]+│ +[\d.]+s │ +\d+(\.\d)? kB │/.test(line),
    );
    const alpha = lines.findIndex((line) => /│ alpha +│ maximize acc +│ +8\/8 │/.test(line));
    expect(zeta).toBeGreaterThan(0);
    expect(alpha).toBe(zeta + 1);
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('names a study made for ask and tell as such in the command column', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', 'metric: loss\nparams:\n  x: uniform(0, 1)\n');
    expect((await hypertune(['create', 'space.yaml', '--study', 'jobs'], { cwd: dir })).exitCode).toBe(0);
    const table = await hypertune(['studies'], { cwd: dir });
    expect(table.stdout).toMatch(/│ jobs .*│ \(ask and tell\) +│/);
  });

  it('writes the same fields as CSV, one line per study', async () => {
    const [rows, csv] = await Promise.all([studiesJson(cwd), hypertune(['studies', '--format', 'csv'], { cwd })]);
    expect(csv.exitCode, csv.stderr).toBe(0);
    const lines = csv.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(FIELDS.join(','));
    expect(lines).toHaveLength(3);
    // no field of these studies needs quoting
    const parsed = lines.slice(1).map((line) => line.split(','));
    expect(parsed.map((cells) => cells[0])).toEqual(['zeta', 'alpha']);
    parsed.forEach((cells, i) => {
      const row = rows[i] as StudyJson;
      expect(cells).toEqual(FIELDS.map((field) => String(row[field as keyof StudyJson] ?? '')));
    });
  });

  it('says so in one line when the folder holds no study, and exits 0', async () => {
    const empty = join(tempDir(), 'store');
    mkdirSync(empty);
    const table = await hypertune(['studies', '--dir', empty], { cwd });
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toBe(`No studies in ${empty} yet; start one with \`hypertune run space.yaml -- <command>\`.`);
    const json = await hypertune(['studies', '--dir', empty, '--format', 'json'], { cwd });
    expect(json.exitCode).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([]);
    expect(json.stderr).toContain(`No studies in ${empty}`);
    const csv = await hypertune(['studies', '--dir', empty, '--format', 'csv'], { cwd });
    expect(csv.stdout).toBe(FIELDS.join(','));
  });

  it('lists no study, exit 0, where the default .hypertune is not made yet: a fresh CI checkout got exit 2 and no [] for jq (a user audit)', async () => {
    const fresh = tempDir();
    const json = await hypertune(['studies', '--format', 'json'], { cwd: fresh });
    expect(json.exitCode).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([]);
    expect(json.stderr).toBe(`No studies in ${join(fresh, '.hypertune')} yet; start one with \`hypertune run space.yaml -- <command>\`.`);
    const csv = await hypertune(['studies', '--format', 'csv'], { cwd: fresh });
    expect(csv.exitCode).toBe(0);
    expect(csv.stdout).toBe(FIELDS.join(','));
    const table = await hypertune(['studies'], { cwd: fresh });
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toBe(`No studies in ${join(fresh, '.hypertune')} yet; start one with \`hypertune run space.yaml -- <command>\`.`);
    // and makes no folder
    expect(existsSync(join(fresh, '.hypertune'))).toBe(false);
  });

  it('refuses a missing folder, a file and an unreachable server like the other commands', async () => {
    const missing = await hypertune(['studies', '--dir', 'nope'], { cwd });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toBe(
      `hypertune: no study in ${join(cwd, 'nope')} (no such folder); start one with \`hypertune run space.yaml -- <command>\` (or give --dir / --storage)`,
    );
    const file = await hypertune(['studies', '--dir', 'quad.yaml'], { cwd });
    expect(file.exitCode).toBe(2);
    expect(file.stderr).toContain('is not a folder');
    const server = await hypertune(['studies', '--storage', 'postgresql://postgres@127.0.0.1:1/none'], { cwd });
    expect(server.exitCode).toBe(1);
    expect(server.stderr).toMatch(/^hypertune: cannot connect to PostgreSQL at 127\.0\.0\.1:1/);
    const format = await hypertune(['studies', '--format', 'xml'], { cwd });
    expect(format.exitCode).toBe(2);
  });
});

describe.skipIf(POSTGRES === undefined)(`hypertune studies on PostgreSQL${POSTGRES === undefined ? ` (${SKIP_REASON})` : ''}`, () => {
  const studies = studyNamer();
  afterAll(() => dropStudies(studies.prefix));

  it('lists the database\'s studies through --storage and HYPERTUNE_STORAGE', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'quad.yaml', QUADRATIC_SPACE);
    const names = [studies.next(), studies.next()];
    for (const [i, name] of names.entries()) {
      const run = await hypertune(['run', 'quad.yaml', '--study', name, '--storage', POSTGRES ?? '', '--trials', String(2 + i), '--', SH, quadratic], { cwd });
      expect(run.exitCode, run.stderr).toBe(0);
    }
    const viaFlag = await studiesJson(cwd, ['--storage', POSTGRES ?? '']);
    const ours = viaFlag.filter((row) => row.name.startsWith(studies.prefix));
    // the newer study first, even if others write to the database meanwhile
    expect(ours.map((row) => row.name)).toEqual([names[1], names[0]]);
    expect(ours.map((row) => [row.finished, row.target, row.complete])).toEqual([[3, 3, 3], [2, 2, 2]]);
    const summary = await summaryJson(cwd, ['--storage', POSTGRES ?? '', '--study', names[1] ?? '']);
    expectMatchesSummary(ours[0], summary);
    const viaEnv = await studiesJson(cwd, [], { HYPERTUNE_STORAGE: POSTGRES ?? '' });
    expect(viaEnv.filter((row) => row.name.startsWith(studies.prefix))).toEqual(ours);
  });

  it('with HYPERTUNE_STORAGE set, --dir alone keeps the study in the database and places the trial folders, and says so (it was silent); --storage names another database', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'quad.yaml', QUADRATIC_SPACE);
    const env = { HYPERTUNE_STORAGE: POSTGRES ?? '' };
    const name = studies.next();
    const ran = await hypertune(['run', 'quad.yaml', '--study', name, '--dir', 'scratch', '--trials', '1', '--', SH, quadratic], { cwd, env });
    expect(ran.exitCode, ran.stderr).toBe(0);
    const note = `hypertune: HYPERTUNE_STORAGE is set: the study is in its database, and --dir scratch holds this machine's trial folders (for a journal instead: HYPERTUNE_STORAGE= hypertune ... with a --dir of its own)`;
    expect(ran.stderr.trim()).toBe(note);
    expect(existsSync(join(cwd, 'scratch', name, 'trials', '0'))).toBe(true);
    expect((await studiesJson(cwd, [], env)).map((row) => row.name)).toContain(name);
    // the variable emptied: a journal in that folder
    const local = await hypertune(['run', 'quad.yaml', '--study', 'only-here', '--dir', 'local', '--trials', '1', '--', SH, quadratic], { cwd, env: { HYPERTUNE_STORAGE: '' } });
    expect(local.exitCode, local.stderr).toBe(0);
    expect(local.stderr).toBe('');
    expect(existsSync(join(cwd, 'local', 'only-here'))).toBe(true);
    expect((await studiesJson(cwd, [], env)).map((row) => row.name)).not.toContain('only-here');

    const elsewhere = await hypertune(['studies', '--storage', 'postgresql://postgres@127.0.0.1:1/none'], { cwd, env });
    expect(elsewhere.stderr).toMatch(/^hypertune: cannot connect to PostgreSQL at 127\.0\.0\.1:1, database "none"/);
  });
});
