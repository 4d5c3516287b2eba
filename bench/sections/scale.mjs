// Issue 14: many workers on one PostgreSQL study, per-trial cost against the number of workers.
// Trials sleep 0.5 s (a shell script: the trial programs cost no tuner CPU), so ideal wall =
// trials / workers x 0.5 s. Real `hypertune run --storage` processes for 1, 4 and 16 workers (their
// start-up included, as a user pays it); simulated workers for 1 and 64: runStudy in this process, each
// with its own store and one connection, running the real loop (real trial processes, real server).
// Per row: wall against ideal, tuner CPU per finished trial (the tuner processes' own CPU, children
// excluded: HYPERTUNE_STATS_FILE, src/store/postgres/store-stats.ts), statements sent to the server per
// trial (each one round trip) and trial creations asked per trial created.
// Options: --workers 1,4,16 --trials 40,80,320 --simulated 1,64 --sim-trials 40,640 --sleep 0.5 --algo tpe
// Skipped, with the reason, without HYPERTUNE_BENCH_POSTGRES or HYPERTUNE_TEST_POSTGRES.
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { askNextTrial } from '../../dist/loop/ask.js';
import { resolveSettings, runStudy, settingsToStored } from '../../dist/loop/index.js';
import { openStudyView } from '../../dist/loop/study-view.js';
import { parseSpace } from '../../dist/space/index.js';
import { openPostgresStore } from '../../dist/store/postgres/open-postgres.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(root, 'bin', 'hypertune.js');
const SPACE = 'metric: loss\nparams:\n  x: uniform(-1, 1)\n  y: loguniform(0.001, 1)\n  z: choice(a, b, c)\n';

export const name = 'scale';
export const description = 'PostgreSQL: 1, 4, 16 worker processes and 64 simulated workers on 0.5 s trials: wall vs ideal, tuner CPU, round trips and asks per trial';

const list = (text) => String(text).split(',').map(Number);

function runWorker(args, cwd, statsFile) {
  return new Promise((resolvePromise, reject) => {
    const env = { ...process.env, NO_COLOR: '1', HYPERTUNE_STATS_FILE: statsFile };
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise(out) : reject(new Error(`worker exited ${code}: ${out.slice(-800)}`))));
  });
}

async function checkStudy(url, study, trials) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT count(*) FILTER (WHERE state = 'complete')::int AS complete, count(*)::int AS total,
         count(DISTINCT params)::int AS distinct FROM hypertune_trials WHERE study = $1`,
      [study],
    );
    const row = rows[0];
    if (row.complete !== trials) throw new Error(`study ${study}: ${row.complete} complete trials, expected ${trials}`);
    return row;
  } finally {
    await client.end();
  }
}

const sum = (lines, key) => lines.reduce((total, line) => total + line[key], 0);

async function processes(url, dir, study, workers, trials, algo) {
  const statsFile = join(dir, `${study}.stats`);
  writeFileSync(statsFile, '');
  const args = ['run', join(dir, 'space.yaml'), '--storage', url, '--study', study, '--trials', String(trials), '--seed', '1', '--algo', algo, '--', join(dir, 'sleep.sh')];
  const started = performance.now();
  await Promise.all(Array.from({ length: workers }, () => runWorker(args, dir, statsFile)));
  const wall = (performance.now() - started) / 1000;
  const lines = readFileSync(statsFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  const check = await checkStudy(url, study, trials);
  return { wall, cpuMs: sum(lines, 'cpuMs'), roundTrips: sum(lines, 'roundTrips'), createCalls: sum(lines, 'createCalls'), created: sum(lines, 'created'), ...check };
}

async function simulated(url, dir, study, workers, trials, algo) {
  const space = parseSpace(SPACE);
  const settings = resolveSettings(space, { seed: 1, algo }, () => 0);
  const command = [join(dir, 'sleep.sh')];
  const stores = [];
  try {
    for (let i = 0; i < workers; i++) stores.push(await openPostgresStore(url, { connections: 1 }));
    await stores[0].createStudy({ name: study, spaceText: SPACE, spaceFile: null, command, options: settingsToStored(settings), target: trials, createdAt: Date.now() });
    const before = process.cpuUsage();
    const started = performance.now();
    await Promise.all(stores.map((store, i) => runStudy({ store, study, space, command, settings, worker: `sim:${i}`, shared: true, cwd: dir })));
    const wall = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(before);
    const stats = stores.map((store) => store.stats);
    const check = await checkStudy(url, study, trials);
    return { wall, cpuMs: (cpu.user + cpu.system) / 1000, roundTrips: sum(stats, 'roundTrips'), createCalls: sum(stats, 'createCalls'), created: sum(stats, 'created'), ...check };
  } finally {
    await Promise.all(stores.map((store) => store.close()));
  }
}

/**
 * The ceiling: how many trials per second one study can be given, asks back to back with no trial time.
 * `workers` in-process workers (own connection each) loop on the real ask path (askNextTrial: the
 * locked read, the proposal, the create) and finish each trial at once (one update), for `seconds`.
 * Asks are serialised by the study lock, so this is 1 / (time the lock is held per ask).
 */
async function ceiling(url, study, workers, seconds, algo, historySize) {
  const space = parseSpace(SPACE);
  const settings = resolveSettings(space, { seed: 1, algo }, () => 0);
  const stores = [];
  try {
    for (let i = 0; i < workers; i++) stores.push(await openPostgresStore(url, { connections: 1 }));
    await stores[0].createStudy({ name: study, spaceText: SPACE, spaceFile: null, command: ['true'], options: settingsToStored(settings), target: 1e9, createdAt: Date.now() });
    // a history to propose on, recorded at once (as `hypertune add` would)
    for (let i = 0; i < historySize; i++) {
      await stores[0].recordTrial(study, { params: { x: Math.random() * 2 - 1, y: 0.001 + Math.random() * 0.9, z: 'a' }, startup: false, sampler: 'tpe', worker: 'seed', at: Date.now(), retryOf: null }, { state: 'complete', value: Math.random(), error: null, at: Date.now() });
    }
    const roundTrips = stores.reduce((total, store) => total + store.stats.roundTrips, 0);
    let trials = 0;
    const until = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(stores.map(async (store, i) => {
      const view = await openStudyView(store, study, true);
      const ask = { store, study, space, settings, worker: `ceiling:${i}`, view, own: new Set(), staleAfterMs: 60_000, notice: () => undefined };
      while (performance.now() < until) {
        const job = await askNextTrial(ask);
        if (typeof job === 'string') throw new Error(`ceiling: ask gave ${job}`);
        const event = { type: 'trial_finished', id: job.id, state: 'complete', value: Math.random(), exitCode: 0, error: null, at: Date.now() };
        await store.append(study, event);
        view.record(event);
        trials += 1;
      }
    }));
    const elapsed = (performance.now() - started) / 1000;
    const after = stores.reduce((total, store) => total + store.stats.roundTrips, 0);
    return { trials, perSecond: trials / elapsed, roundTrips: (after - roundTrips) / trials };
  } finally {
    await Promise.all(stores.map((store) => store.close()));
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

export async function run(options = {}) {
  const url = process.env.HYPERTUNE_BENCH_POSTGRES || process.env.HYPERTUNE_TEST_POSTGRES;
  if (!url) {
    console.log('skipped: set HYPERTUNE_BENCH_POSTGRES (or HYPERTUNE_TEST_POSTGRES) to a postgresql:// URL to run the workers against a real server');
    return null;
  }
  const sleep = Number(options.sleep ?? 0.5);
  const algo = options.algo ?? 'tpe';
  const runs = [];
  const workers = list(options.workers ?? '1,4,16');
  const trials = list(options.trials ?? '40,80,320');
  workers.forEach((n, i) => runs.push({ kind: 'processes', workers: n, trials: trials[i] ?? n * 20 }));
  if (options.simulated !== 'false') {
    const sims = list(options.simulated ?? '1,64');
    const simTrials = list(options['sim-trials'] ?? '40,640');
    sims.forEach((n, i) => runs.push({ kind: 'simulated', workers: n, trials: simTrials[i] ?? n * 10 }));
  }
  const dir = mkdtempSync(join(tmpdir(), 'hypertune-bench-scale-'));
  const prefix = `bench-scale-${process.pid}-`;
  const rows = [];
  try {
    writeFileSync(join(dir, 'space.yaml'), SPACE);
    writeFileSync(join(dir, 'sleep.sh'), `#!/bin/sh\nsleep ${sleep}\necho "loss=$HP_X"\n`);
    chmodSync(join(dir, 'sleep.sh'), 0o755);
    for (const spec of runs) {
      const study = `${prefix}${spec.kind}-${spec.workers}-${rows.length}`;
      const measure = spec.kind === 'processes' ? processes : simulated;
      const figures = await measure(url, dir, study, spec.workers, spec.trials, algo);
      rows.push({ ...spec, ideal: Math.ceil(spec.trials / spec.workers) * sleep, ...figures });
    }
  } finally {
    await dropStudies(url, prefix).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`${algo}, trials sleeping ${sleep} s; ideal wall = ceil(trials / workers) x ${sleep} s. Every run ends with exactly its target of`);
  console.log('complete trials (checked in the database). CPU: the tuners\' own (processes: start-up included; simulated: one process,');
  console.log('start-up excluded). Round trips: statements sent to the server. Asks: trial creations asked per trial created.\n');
  console.log('| workers | trials | wall | ideal | wall / ideal | tuner CPU per trial | x 1 worker | round trips per trial | asks per created trial | distinct params |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) {
    const base = rows.find((r) => r.kind === row.kind && r.workers === 1);
    const perTrial = row.cpuMs / row.trials;
    const ratio = base === undefined ? '' : `${(perTrial / (base.cpuMs / base.trials)).toFixed(2)}x`;
    const label = row.kind === 'processes' ? `${row.workers}` : `${row.workers} simulated`;
    const cells = [label, row.trials, `${row.wall.toFixed(1)} s`, `${row.ideal.toFixed(1)} s`, `${(row.wall / row.ideal).toFixed(2)}x`, `${perTrial.toFixed(1)} ms`, ratio];
    cells.push((row.roundTrips / row.trials).toFixed(1), row.created === 0 ? '-' : (row.createCalls / row.created).toFixed(2), `${row.distinct} / ${row.total}`);
    console.log(`| ${cells.join(' | ')} |`);
  }
  if (options.ceiling !== 'false') {
    const seconds = Number(options['ceiling-seconds'] ?? 8);
    console.log(`\nCeiling: trials per second one study takes with no trial time (in-process workers asking back to back for ${seconds} s,`);
    console.log('each trial finished at once; asks take turns under the study lock). random: the server\'s and the loop\'s share alone;');
    console.log('tpe: with the proposal, made while the lock is held, on a history of 300 and 3,000 finished trials.\n');
    console.log('| workers | algo | history | trials per second | round trips per trial |');
    console.log('|---|---|---|---|---|');
    const cases = [[1, 'random', 300], [8, 'random', 300], [1, 'tpe', 300], [8, 'tpe', 300], [8, 'tpe', 3000]];
    for (const [n, caseAlgo, history] of cases) {
      const study = `${prefix}ceiling-${n}-${caseAlgo}-${history}`;
      try {
        const figures = await ceiling(url, study, n, seconds, caseAlgo, history);
        console.log(`| ${n} | ${caseAlgo} | ${history} | ${figures.perSecond.toFixed(0)} | ${figures.roundTrips.toFixed(1)} |`);
      } finally {
        await dropStudies(url, study).catch(() => undefined);
      }
    }
  }
  console.log('\n(targets: CPU per trial at 16 workers <= 1.3x 1 worker, at 64 simulated <= 2x; 16 workers wall <= 1.15x ideal; asks per created trial <= 1.1 at 16)');
  return rows;
}
