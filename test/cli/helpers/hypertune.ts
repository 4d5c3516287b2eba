import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { execa, type ResultPromise } from 'execa';
import { afterAll } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const BIN = join(root, 'bin', 'hypertune.js');
export const PROGRAMS = join(root, 'test', 'fixtures', 'programs');
export const NODE = process.execPath;
/** What runs the shell-script trial programs (`loop-quadratic.sh`, the workers' `tiny.sh`): a trial that starts in a millisecond, not node's ~0.1 s of CPU. */
export const SH = '/bin/sh';

if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) {
  throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
}

/**
 * The Python interpreter that `python3` starts, for the Python trial programs. A `python3` on PATH may
 * be a launcher script rather than the interpreter: pyenv's shim (bash, then `pyenv exec`) cost 0.5 s
 * of CPU per start on the 2-core test machine, the interpreter 0.07 s, and a test runs up to 30 such
 * trials. `python3` itself when it cannot be asked.
 */
export const PYTHON = ((): string => {
  const asked = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
  const path = asked.status === 0 ? asked.stdout.trim() : '';
  return path === '' ? 'python3' : path;
})();

export function program(name: string): string {
  return join(PROGRAMS, name);
}

export interface RunOptions {
  cwd: string;
  env?: Record<string, string>;
  input?: string;
}

/** The built binary, as a user runs it: only PATH and NO_COLOR from outside, never rejecting. */
export function hypertune(args: readonly string[], options: RunOptions): ResultPromise<{ reject: false }> {
  return execa(NODE, [BIN, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', ...options.env },
    extendEnv: false,
    reject: false,
    ...(options.input === undefined ? { stdin: 'ignore' } : { input: options.input }),
  }) as ResultPromise<{ reject: false }>;
}

/**
 * The built binary under util-linux's unshare, as in a container: `unshare` its flags (`-p -f
 * --mount-proc` for a PID namespace, `-m` for a mount namespace) and `setup`, shell words run first
 * (a mount), then the binary with `args`; as `hypertune` runs it otherwise. Root only: callers skip.
 */
export function unshared(unshare: readonly string[], setup: string, args: readonly string[], cwd: string): ResultPromise<{ reject: false }> {
  return execa('unshare', [...unshare, SH, '-c', `${setup}exec "$@"`, 'sh', NODE, BIN, ...args], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' },
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
  }) as ResultPromise<{ reject: false }>;
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder for one test, removed after the file's tests. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hypertune-cli-'));
  made.push(dir);
  return dir;
}

export function writeFile(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A new folder holding space.yaml and study `s` made from it by `hypertune create` (for add and enqueue). */
export async function createdStudy(space: string): Promise<string> {
  const cwd = tempDir();
  writeFile(cwd, 'space.yaml', space);
  const created = await hypertune(['create', 'space.yaml', '--study', 's'], { cwd });
  if (created.exitCode !== 0) throw new Error(`hypertune create failed: ${created.stderr}`);
  return cwd;
}

/**
 * A new folder whose study `space` ran two trials of the sh program `noisy` (x in [0, 1]) and then has
 * three runs of x = 0.3 queued by one enqueue: a configuration run more than once, once resumed.
 */
export async function queuedRepeats(noisy: string): Promise<string> {
  const cwd = tempDir();
  writeFile(cwd, 'space.yaml', 'metric: loss\nparams:\n  x: uniform(0, 1)\n');
  writeFile(cwd, 'noisy.sh', noisy);
  const ran = await hypertune(['run', 'space.yaml', '--trials', '2', '--seed', '3', '--', SH, 'noisy.sh'], { cwd });
  if (ran.exitCode !== 0) throw new Error(`hypertune run failed: ${ran.stderr}`);
  writeFile(cwd, 'again.json', JSON.stringify([{ x: 0.3 }, { x: 0.3 }, { x: 0.3 }]));
  const queued = await hypertune(['enqueue', '--from', 'again.json'], { cwd });
  if (queued.exitCode !== 0) throw new Error(`hypertune enqueue failed: ${queued.stderr}`);
  return cwd;
}

export const QUADRATIC_SPACE = `metric: loss
params:
  x: uniform(-1, 1)
`;

export interface SummaryJson {
  study: string;
  metric: string;
  goal: string;
  objective: string;
  algo: string | null;
  seed: number | null;
  target: number | null;
  counts: { complete: number; failed: number; pruned: number; running: number; interrupted: number };
  best: { id: number; value: number; params: Record<string, unknown> } | null;
  trials: Array<{
    id: number;
    state: string;
    value: number | null;
    params: Record<string, unknown>;
    intermediate: number[];
    steps: number[];
    stopped_at_step: number | null;
    duration_s: number | null;
    exit_code: number | null;
    error: string | null;
    sampler: string | null;
  }>;
}

export async function summaryJson(cwd: string, extra: string[] = []): Promise<SummaryJson> {
  const result = await hypertune(['summary', '--format', 'json', ...extra], { cwd });
  if (result.exitCode !== 0) throw new Error(`summary failed (${result.exitCode}): ${result.stderr}`);
  return JSON.parse(result.stdout) as SummaryJson;
}

type SummaryTrial = SummaryJson['trials'][number];

/**
 * Eight trials of `x` in [-1, 1] reported as `val_loss`, under the median pruner (2 start-up trials, 1
 * warm-up step) with random search seeded 3, `args` before the command: the finished study's complete
 * and pruned trials, both checked to be there.
 */
export async function medianPrunedStudy(dir: string, args: readonly string[], command: readonly string[], env?: Record<string, string>): Promise<{ complete: SummaryTrial[]; pruned: SummaryTrial[] }> {
  writeFile(dir, 'space.yaml', 'metric: val_loss\nparams:\n  x: uniform(-1, 1)\n');
  const prune = ['--prune', 'median', '--startup-trials', '2', '--warmup-steps', '1', '--algo', 'random', '--seed', '3'];
  const run = await hypertune(['run', 'space.yaml', '--trials', '8', ...args, ...prune, '--', ...command], { cwd: dir, ...(env === undefined ? {} : { env }) });
  if (run.exitCode !== 0) throw new Error(`run failed (${run.exitCode}): ${run.stderr}`);
  const summary = await summaryJson(dir);
  const complete = summary.trials.filter((t) => t.state === 'complete');
  const pruned = summary.trials.filter((t) => t.state === 'pruned');
  if (complete.length === 0 || pruned.length === 0) throw new Error(`expected complete and pruned trials, got ${complete.length} and ${pruned.length}`);
  return { complete, pruned };
}

export function readLines(path: string): string[] {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((line) => line !== '') : [];
}

/** Whether a process of that pid is there (a zombie not yet reaped counts). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pids still alive after giving the kernel up to 2 s to reap them. */
export async function stillAlive(pids: number[]): Promise<number[]> {
  for (let i = 0; i < 80 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 25));
  return pids.filter(alive);
}
