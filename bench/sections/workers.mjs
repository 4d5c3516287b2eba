// Issue 5: many workers on one PostgreSQL study.
// 1. Speed: N trials of a program that sleeps 50 ms, run by 1 worker process and by 4 worker processes
//    (`hypertune run --storage URL --study S` each) on one study; target speed-up >= 3.5x.
// 2. Quality: 4 trials always in flight (simulated in-process: the engine's ask() with the other
//    workers' trials pending, finishing in a seeded random order) against sequential trials, with the
//    same optimizer (`--algo auto|gp|tpe`, default tpe; lib/optimize.mjs runStudy) on hartmann6 at
//    100 trials, median regret over 10 seeds; target within 10 %.
//    Also on all four reference problems at 50 and 100 trials (seeds 0..19). `--tpe '{...}'` passes TPE
//    options to both (e.g. '{"pending":{"constantLiar":true,"startupCountsRunning":true,"penaltyRadius":0}}'
//    reproduces the constant liar used before).
// Skipped, with the reason, when neither HYPERTUNE_BENCH_POSTGRES nor HYPERTUNE_TEST_POSTGRES is set
// (the quality half needs no server and always runs).
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { methods, runStudy } from '../lib/optimize.mjs';
import { fmt, summarise } from '../lib/parallel.mjs';
import { referenceProblems } from '../lib/problems.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(root, 'bin', 'hypertune.js');

export const name = 'workers';
export const description = 'PostgreSQL workers: 1 vs 4 worker processes on a 50 ms program; 4-in-flight TPE vs sequential TPE';

function runWorker(args, cwd) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise(out) : reject(new Error(`worker exited ${code}: ${out.slice(-800)}`))));
  });
}

/** Wall time for `workers` processes to finish one study of `trials` trials together. */
async function timeWorkers(url, dir, study, workers, trials, command, algo) {
  const args = ['run', join(dir, 'space.yaml'), '--storage', url, '--study', study, '--trials', String(trials), '--seed', '1', '--algo', algo, '--', ...command];
  const started = performance.now();
  await Promise.all(Array.from({ length: workers }, () => runWorker(args, dir)));
  const seconds = (performance.now() - started) / 1000;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT count(*) FILTER (WHERE state = 'complete')::int AS complete, count(*)::int AS total,
         (max(finished_at) - min(asked_at))::float8 / 1000 AS phase FROM hypertune_trials WHERE study = $1`,
      [study],
    );
    if (rows[0].complete !== trials) throw new Error(`study ${study}: ${rows[0].complete} complete trials, expected ${trials}`);
    return { seconds, phase: rows[0].phase, total: rows[0].total };
  } finally {
    await client.end();
  }
}

async function dropStudies(url, prefix) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DELETE FROM hypertune_studies WHERE name LIKE $1', [`${prefix}%`]);
  } finally {
    await client.end();
  }
}

async function speed(url, trials, longTrials, algo) {
  const dir = mkdtempSync(join(tmpdir(), 'hypertune-bench-workers-'));
  const prefix = `bench-workers-${process.pid}-`;
  try {
    writeFileSync(join(dir, 'space.yaml'), 'metric: loss\nparams:\n  x: uniform(-1, 1)\n');
    const script = join(dir, 'sleep50.sh');
    writeFileSync(script, '#!/bin/sh\nsleep 0.05\necho "loss=$HP_X"\n');
    chmodSync(script, 0o755);
    const sleeper = join(dir, 'sleep50.mjs');
    writeFileSync(sleeper, 'setTimeout(() => console.log(`loss=${process.env.HP_X}`), 50);\n');
    const runs = [
      ['sh: sleep 0.05', [script], trials],
      ['node: setTimeout 50 ms', [process.execPath, sleeper], trials],
      ...(longTrials > 0 ? [['sh: sleep 0.05', [script], longTrials]] : []),
    ];
    const rows = [];
    for (const [label, command, count] of runs) {
      const one = await timeWorkers(url, dir, `${prefix}${rows.length}-1`, 1, count, command, algo);
      const four = await timeWorkers(url, dir, `${prefix}${rows.length}-4`, 4, count, command, algo);
      rows.push({ label, count, one, four });
    }
    // the sampler is named: under `auto` (the run's default) the GP's asks, not the processes, decide 50 ms trials
    console.log(`--algo ${algo}. Every run ends with exactly its target of complete trials. wall: first worker started to last worker exited;`);
    console.log(`trials: first trial asked to last trial finished (from the database), i.e. without process start-up and exit.\n`);
    console.log('| program | trials | 1 worker wall | 4 workers wall | speed-up wall | 1 worker trials | 4 workers trials | speed-up trials | rows created (4 workers) |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const { label, count, one, four } of rows) {
      const cells = [label, count, `${one.seconds.toFixed(2)} s`, `${four.seconds.toFixed(2)} s`, `${(one.seconds / four.seconds).toFixed(2)}x`];
      cells.push(`${one.phase.toFixed(2)} s`, `${four.phase.toFixed(2)} s`, `${(one.phase / four.phase).toFixed(2)}x`, four.total);
      console.log(`| ${cells.join(' | ')} |`);
    }
    console.log('\n(target: speed-up >= 3.5x)');
    return rows.map(({ label, count, one, four }) => ({ program: label, trials: count, one, four, speedup: one.seconds / four.seconds, speedupTrials: one.phase / four.phase }));
  } finally {
    await dropStudies(url, prefix).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Best regret after each budget of finished trials with `inFlight` asks outstanding (lib/optimize.mjs's
 * runStudy; finishing order seeded). `sampler`: { algo, tpe, gp, auto } from the command line.
 */
function inFlightRegrets(problem, seed, budgets, inFlight, sampler) {
  const result = runStudy(problem, methods[sampler.algo](seed, sampler), seed, budgets, { inFlight });
  if (result.error !== null) throw new Error(`${sampler.algo}: ${result.error}`);
  return result.regrets;
}

const cell = (s) => `${fmt(s.median)} [${fmt(s.q1)}, ${fmt(s.q3)}]`;

/** Sequential budgets, every 5 trials up to `trials`, for the "as good as sequential at N trials" figure. */
const steps = (trials) => Array.from({ length: Math.floor(trials / 5) }, (_, i) => (i + 1) * 5).filter((b) => b >= trials / 2);

function quality(seeds, trials, sampler) {
  const problem = referenceProblems.find((p) => p.name === 'hartmann6');
  const budgets = steps(trials);
  const sequentialRuns = [];
  const parallel = [];
  for (let seed = 0; seed < seeds; seed++) {
    sequentialRuns.push(inFlightRegrets(problem, seed, budgets, 1, sampler));
    parallel.push(inFlightRegrets(problem, seed, [trials], 4, sampler)[trials]);
  }
  const one = summarise(sequentialRuns.map((r) => r[trials]));
  const four = summarise(parallel);
  const ratio = four.median / one.median;
  // the regret ratio magnifies small losses where regret falls steeply; this says it in trials
  const equivalent = budgets.find((b) => summarise(sequentialRuns.map((r) => r[b])).median <= four.median);
  console.log(`\nhartmann6, ${trials} trials, seeds 0..${seeds - 1}: regret (median [quartiles]); 4 workers simulated in-process`);
  console.log("(the engine's ask() with 4 trials in flight, the oldest-ending told first, durations uniform in [0.5, 1.5)):\n");
  console.log(`| ${sampler.algo} | median regret [q1, q3] |`);
  console.log('|---|---|');
  console.log(`| sequential | ${cell(one)} |`);
  console.log(`| 4 in flight | ${cell(four)} |`);
  console.log(`\n4-worker median / sequential median: ${ratio.toFixed(3)} (target <= 1.10)`);
  console.log(
    equivalent === undefined
      ? `4 workers after ${trials} trials are better than one worker after ${trials} (median)`
      : `4 workers after ${trials} trials are as good as one worker after ${equivalent} (median, every 5 trials)`,
  );
  return { sequential: one, parallel: four, ratio, equivalent };
}

/** The same simulation on all four reference problems (so that a change does not help hartmann6 alone). */
function qualityAll(seeds, budgets, sampler) {
  console.log(`\nAll reference problems, seeds 0..${seeds - 1}, median regret [quartiles]; ratio = 4 in flight / sequential (median):\n`);
  console.log('| problem | trials | sequential | 4 in flight | ratio |');
  console.log('|---|---|---|---|---|');
  const rows = [];
  for (const problem of referenceProblems) {
    const one = [];
    const four = [];
    for (let seed = 0; seed < seeds; seed++) {
      one.push(inFlightRegrets(problem, seed, budgets, 1, sampler));
      four.push(inFlightRegrets(problem, seed, budgets, 4, sampler));
    }
    for (const b of budgets) {
      const s1 = summarise(one.map((r) => r[b]));
      const s4 = summarise(four.map((r) => r[b]));
      console.log(`| ${problem.name} | ${b} | ${cell(s1)} | ${cell(s4)} | ${(s4.median / s1.median).toFixed(2)} |`);
      rows.push({ problem: problem.name, trials: b, sequential: s1, parallel: s4 });
    }
  }
  return rows;
}

export async function run(options = {}) {
  const trials = Number(options.trials ?? 80);
  const url = process.env.HYPERTUNE_BENCH_POSTGRES || process.env.HYPERTUNE_TEST_POSTGRES;
  // `--algo auto|gp|tpe` (default tpe, for both halves) with `--tpe/--gp/--auto '{json}'` sampler options
  const sampler = { algo: options.algo ?? 'tpe', tpe: options.tpe ? JSON.parse(options.tpe) : {}, gp: options.gp ? JSON.parse(options.gp) : {}, auto: options.auto ? JSON.parse(options.auto) : {} };
  if (!(sampler.algo in methods)) throw new Error(`--algo ${sampler.algo}: one of ${Object.keys(methods).join(', ')}`);
  let speedFigures = null;
  if (!url) {
    console.log('speed: skipped: set HYPERTUNE_BENCH_POSTGRES (or HYPERTUNE_TEST_POSTGRES) to a postgresql:// URL to run the workers against a real server');
  } else {
    speedFigures = await speed(url, trials, Number(options['long-trials'] ?? 240), sampler.algo);
  }
  const qualityFigures = quality(Number(options.seeds ?? 10), Number(options['quality-trials'] ?? 100), sampler);
  const allFigures = options['all-problems'] === 'false' ? null : qualityAll(Number(options['all-seeds'] ?? 20), [50, 100], sampler);
  return { speed: speedFigures, quality: qualityFigures, qualityAll: allFigures };
}
