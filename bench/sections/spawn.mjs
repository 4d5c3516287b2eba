// Runner overhead: 500 trials of a program that prints its loss at once, through hypertune
// (sequential and --parallel 2) against the same 500 spawns from a plain loop.
// Targets (issue 4): sequential <= 1.25x the loop; --parallel 2 <= 0.6x sequential.
// Wall times depend on the machine's load, so `--repeat N` runs the whole set N times (interleaved, so
// load changes hit every configuration alike) and prints each round; hypertune's own CPU time per trial
// (its process alone, all threads, without the trial programs) is the load-independent figure.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
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
  return { wall: (performance.now() - started) / 1000, cpuMs: null };
}

async function hypertune(trials, extra, algo) {
  const dir = mkdtempSync(join(tmpdir(), 'hypertune-bench-'));
  try {
    writeFileSync(join(dir, 'space.yaml'), 'params:\n  x: uniform(-1, 1)\n');
    // hypertune's own CPU (RUSAGE_SELF: every thread of its process, not the trial programs)
    const usage = join(dir, 'usage.json');
    const probe = join(dir, 'probe.mjs');
    writeFileSync(
      probe,
      `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => { const r = process.resourceUsage(); writeFileSync(${JSON.stringify(usage)}, JSON.stringify(r)); });\n`,
    );
    const started = performance.now();
    await runOnce(
      process.execPath,
      ['--import', probe, BIN, 'run', join(dir, 'space.yaml'), '--dir', join(dir, 'store'), '--trials', String(trials), '--seed', '1', '--algo', algo, ...extra, '--', process.execPath, PROGRAM],
      { NO_COLOR: '1' },
    );
    const wall = (performance.now() - started) / 1000;
    const r = JSON.parse(readFileSync(usage, 'utf8'));
    return { wall, cpuMs: (r.userCPUTime + r.systemCPUTime) / 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return Number.isInteger(middle) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[Math.floor(middle)];
};
const spread = (values) => (values.length > 1 ? ` (${Math.min(...values).toFixed(2)}..${Math.max(...values).toFixed(2)})` : '');

/** Runs the section (`npm run bench -- spawn --trials N --repeat R`), prints and returns the figures. */
export async function run(options = {}) {
  const trials = Number(options.trials ?? 500);
  const repeat = Math.max(1, Number(options.repeat ?? 1));
  const rounds = [];
  console.log(`${trials} trials of a program that prints its loss at once, ${repeat} round${repeat > 1 ? 's' : ''}:\n`);
  console.log('| round | load (1 min) | plain loop s | tpe sequential s | tpe --parallel 2 s | random sequential s | sequential / loop | parallel 2 / sequential | random / loop | hypertune CPU ms/trial (seq, par 2) |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (let round = 1; round <= repeat; round++) {
    const load = loadavg()[0];
    const loop = await plainLoop(trials);
    const sequential = await hypertune(trials, [], 'tpe');
    const parallel = await hypertune(trials, ['--parallel', '2'], 'tpe');
    const random = await hypertune(trials, [], 'random');
    const figures = {
      loop_s: loop.wall,
      sequential_s: sequential.wall,
      parallel2_s: parallel.wall,
      random_sequential_s: random.wall,
      sequential_over_loop: sequential.wall / loop.wall,
      parallel2_over_sequential: parallel.wall / sequential.wall,
      random_sequential_over_loop: random.wall / loop.wall,
      hypertune_cpu_ms_per_trial: sequential.cpuMs / trials,
      hypertune_parallel2_cpu_ms_per_trial: parallel.cpuMs / trials,
    };
    rounds.push(figures);
    console.log(
      `| ${round} | ${load.toFixed(2)} | ${loop.wall.toFixed(2)} | ${sequential.wall.toFixed(2)} | ${parallel.wall.toFixed(2)} | ${random.wall.toFixed(2)} | ` +
        `${figures.sequential_over_loop.toFixed(2)} | ${figures.parallel2_over_sequential.toFixed(2)} | ${figures.random_sequential_over_loop.toFixed(2)} | ` +
        `${figures.hypertune_cpu_ms_per_trial.toFixed(1)}, ${figures.hypertune_parallel2_cpu_ms_per_trial.toFixed(1)} |`,
    );
  }
  const pick = (key) => rounds.map((figures) => figures[key]);
  const summary = {
    trials,
    rounds,
    sequential_over_loop: median(pick('sequential_over_loop')),
    parallel2_over_sequential: median(pick('parallel2_over_sequential')),
    random_sequential_over_loop: median(pick('random_sequential_over_loop')),
  };
  console.log(
    [
      '',
      `median over ${repeat} round${repeat > 1 ? 's' : ''} (min..max):`,
      `  hypertune (tpe) sequential    ${summary.sequential_over_loop.toFixed(2)}x the loop${spread(pick('sequential_over_loop'))} (target <= 1.25)`,
      `  hypertune (tpe) --parallel 2  ${summary.parallel2_over_sequential.toFixed(2)}x sequential${spread(pick('parallel2_over_sequential'))} (target <= 0.6)`,
      `  hypertune (random) sequential ${summary.random_sequential_over_loop.toFixed(2)}x the loop${spread(pick('random_sequential_over_loop'))}`,
      `  hypertune's own CPU per trial ${median(pick('hypertune_cpu_ms_per_trial')).toFixed(1)} ms sequential, ${median(pick('hypertune_parallel2_cpu_ms_per_trial')).toFixed(1)} ms at --parallel 2`,
    ].join('\n'),
  );
  return summary;
}
