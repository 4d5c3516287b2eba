import { randomUUID } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import pg from 'pg';
import { join } from 'node:path';
import { expect } from 'vitest';
import { hypertune, SH, writeFile } from './hypertune.js';

export const POSTGRES = process.env['HYPERTUNE_TEST_POSTGRES'];
export const SKIP_REASON = 'skipped: HYPERTUNE_TEST_POSTGRES is not set (e.g. postgresql://postgres@127.0.0.1:5432/hypertune_test)';
// the default reporter hides skipped titles; say why once per file
if (POSTGRES === undefined) process.stderr.write(`PostgreSQL tests ${SKIP_REASON}\n`);

/** Study names of one test file: `w<pid>-<random>-<n>`, dropped afterwards by dropStudies. */
export function studyNamer(): { next(): string; prefix: string } {
  const prefix = `w${process.pid}-${randomUUID().slice(0, 6)}-`;
  let n = 0;
  return { prefix, next: () => `${prefix}${n++}` };
}

/** The test server's URL with a password added: the loopback server trusts it, so it is never checked, only carried. */
export function withPassword(url: string, password: string, changes: { port?: string; database?: string; user?: string } = {}): string {
  const target = new URL(url);
  if (changes.user !== undefined) target.username = changes.user;
  if (target.username === '') target.username = 'postgres';
  target.password = password;
  if (changes.port !== undefined) target.port = changes.port;
  if (changes.database !== undefined) target.pathname = `/${changes.database}`;
  return target.toString();
}

/** One client on `connection` (the test server by default) for the length of `work`. */
export async function withDatabase<T>(work: (client: pg.Client) => Promise<T>, connection = POSTGRES): Promise<T> {
  const client = new pg.Client({ connectionString: connection });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function dropStudies(prefix: string): Promise<void> {
  if (POSTGRES === undefined) return;
  try {
    await withDatabase((client) => client.query('DELETE FROM hypertune_studies WHERE name LIKE $1', [`${prefix}%`]));
  } catch (error) {
    // a fresh database whose tables no test has made yet (a file whose PostgreSQL tests were all skipped) holds no studies
    if ((error as { code?: string }).code !== '42P01') throw error;
  }
}

export interface TrialRow {
  id: number;
  state: string;
  value: number | null;
  params: Record<string, unknown>;
  worker: string | null;
  retry_of: number | null;
  error: string | null;
}

export async function trialRows(study: string): Promise<TrialRow[]> {
  return withDatabase(async (client) => {
    const result = await client.query<TrialRow>(
      'SELECT id, state, value, params, worker, retry_of, error FROM hypertune_trials WHERE study = $1 ORDER BY id',
      [study],
    );
    return result.rows;
  });
}

/** Everything stored of a study, as text: for checking that a password never reached the database. */
export async function studyDump(study: string): Promise<string> {
  return withDatabase(async (client) => {
    // one query at a time: a pg client runs one anyway, and pg 9 refuses overlapping ones
    const lines: string[] = [];
    for (const [alias, table, key] of [['s', 'hypertune_studies', 'name'], ['t', 'hypertune_trials', 'study'], ['o', 'hypertune_outputs', 'study']]) {
      const result = await client.query(`SELECT row_to_json(${alias})::text AS t FROM ${table} ${alias} WHERE ${key} = $1`, [study]);
      lines.push(...result.rows.map((row: { t: string }) => row.t));
    }
    return lines.join('\n');
  });
}

/**
 * The tiny program the workers tune: logs `start <trial> <pid>`, sleeps SLEEP_MS, prints the loss
 * (x - 0.3)^2 and logs `tell <trial> <loss>`, so a test can match every tell against the store. A shell
 * script run as `sh tiny.sh` (SH): as a node program each trial cost ~0.1 s of CPU to start, and these
 * tests run about 200 trials on a 2-core machine whose cores the suite keeps busy.
 */
export function writeTinyProgram(dir: string): string {
  return writeFile(
    dir,
    'tiny.sh',
    `printf 'start %s %s\\n' "$HYPERTUNE_TRIAL_ID" "$$" >> "$TELL_LOG"
if [ "\${SLEEP_MS:-0}" -gt 0 ]; then sleep "$(awk -v ms="$SLEEP_MS" 'BEGIN { print ms / 1000 }')"; fi
loss=$(awk -v x="$HP_X" 'BEGIN { printf "%.17g", (x - 0.3) ^ 2 }')
echo "loss=$loss"
printf 'tell %s %s\\n' "$HYPERTUNE_TRIAL_ID" "$loss" >> "$TELL_LOG"
`,
  );
}

export interface LogLine {
  what: 'start' | 'tell';
  trial: number;
  number: number;
}

export function readLog(path: string): LogLine[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [what, trial, number] = line.split(' ');
      return { what: what as LogLine['what'], trial: Number(trial), number: Number(number) };
    });
}

export async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * `count` workers of `hypertune run` on one shared study of `trials` trials through `storage`, running
 * the tiny program (random search, `--parallel 2`, SLEEP_MS `sleepMs`): the study is made first by a
 * run of one trial, so every worker joins it. Each worker must end `Done` with every trial complete.
 */
export async function runSharedStudy(dir: string, storage: string, study: string, options: { trials: number; count: number; sleepMs: number }): Promise<Array<{ stdout: string; stderr: string }>> {
  const tiny = writeTinyProgram(dir);
  const env = { TELL_LOG: join(dir, 'tells.log'), SLEEP_MS: String(options.sleepMs) };
  const run = (trials: number): string[] => ['run', 'space.yaml', '--storage', storage, '--study', study, '--trials', String(trials), '--parallel', '2', '--algo', 'random', '--', SH, tiny];
  const first = await hypertune(run(1), { cwd: dir, env });
  expect(first.exitCode, first.stderr).toBe(0);
  const workers = await Promise.all(Array.from({ length: options.count }, () => hypertune(run(options.trials), { cwd: dir, env })));
  const n = options.trials;
  for (const worker of workers) {
    expect(worker.exitCode, worker.stderr).toBe(0);
    expect(worker.stdout).toMatch(new RegExp(`^Done: ${n} of ${n} trials finished \\(${n} complete, 0 failed\\)`, 'm'));
  }
  return workers;
}
