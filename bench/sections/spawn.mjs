// Runner overhead: 500 trials of a program that prints its loss at once, through hypertune
// (sequential and --parallel 2) against the same 500 spawns from a plain loop.
// Targets (issue 4): sequential <= 1.25x the loop; --parallel 2 <= 0.6x sequential.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(root, 'bin', 'hypertune.js');
const PROGRAM = join(root, 'test', 'fixtures', 'programs', 'loop-instant.mjs');

export const name = 'spawn';
export const description = 'runner overhead: hypertune vs a plain loop of spawns';

function runOnce(file, args, env) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise(out) : reject(new Error(`${file} exited ${code}: ${out.slice(-500)}`))));
  });
}

async function plainLoop(trials) {
  const started = performance.now();
  for (let i = 0; i < trials; i++) {
    const params = { x: i / trials };
    const out = await runOnce(process.execPath, [PROGRAM, `--x=${params.x}`], {
      HYPERTUNE_PARAMS: JSON.stringify(params),
      HYPERTUNE_TRIAL_ID: String(i),
      HYPERTUNE_STUDY: 'bench',
      HP_X: String(params.x),
    });
    if (!/loss=/.test(out)) throw new Error('the program printed no loss');
  }
  return (performance.now() - started) / 1000;
}

async function hypertune(trials, extra, algo) {
  const dir = mkdtempSync(join(tmpdir(), 'hypertune-bench-'));
  try {
    writeFileSync(join(dir, 'space.yaml'), 'params:\n  x: uniform(-1, 1)\n');
    const started = performance.now();
    await runOnce(
      process.execPath,
      [BIN, 'run', join(dir, 'space.yaml'), '--dir', join(dir, 'store'), '--trials', String(trials), '--seed', '1', '--algo', algo, ...extra, '--', process.execPath, PROGRAM],
      { NO_COLOR: '1' },
    );
    return (performance.now() - started) / 1000;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the section (options from `npm run bench -- spawn --trials N`), prints and returns the figures. */
export async function run(options = {}) {
  const trials = Number(options.trials ?? 500);
  const loop = await plainLoop(trials);
  const sequential = await hypertune(trials, [], 'tpe');
  const parallel = await hypertune(trials, ['--parallel', '2'], 'tpe');
  const randomSequential = await hypertune(trials, [], 'random');
  const figures = {
    trials,
    loop_s: loop,
    sequential_s: sequential,
    parallel2_s: parallel,
    random_sequential_s: randomSequential,
    sequential_over_loop: sequential / loop,
    parallel2_over_sequential: parallel / sequential,
    random_sequential_over_loop: randomSequential / loop,
  };
  const lines = [
    `${trials} trials of a program that prints its loss at once:`,
    `  plain loop of spawns         ${loop.toFixed(2)} s`,
    `  hypertune (tpe) sequential   ${sequential.toFixed(2)} s   ${figures.sequential_over_loop.toFixed(2)}x the loop (target <= 1.25)`,
    `  hypertune (tpe) --parallel 2 ${parallel.toFixed(2)} s   ${figures.parallel2_over_sequential.toFixed(2)}x sequential (target <= 0.6)`,
    `  hypertune (random) sequential ${randomSequential.toFixed(2)} s   ${figures.random_sequential_over_loop.toFixed(2)}x the loop`,
  ];
  console.log(lines.join('\n'));
  return figures;
}
