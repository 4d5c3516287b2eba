// The measured runs of the `scale` section (bench/sections/scale.mjs), each against one build of
// hypertune (a "variant": a folder holding bin/hypertune.js and dist/, this checkout by default), so
// that an earlier build and this one can be measured in turns in one run on a shared machine.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

export const SPACE = 'metric: loss\nparams:\n  x: uniform(-1, 1)\n  y: loguniform(0.001, 1)\n  z: choice(a, b, c)\n';

/** A build's CLI and the modules the in-process runs use, loaded from its own dist/. */
export async function loadVariant(name, root) {
  const dist = (path) => import(pathToFileURL(join(resolve(root), 'dist', path)).href);
  const [ask, loop, view, space, store] = await Promise.all([
    dist('loop/ask.js'), dist('loop/index.js'), dist('loop/study-view.js'), dist('space/index.js'), dist('store/postgres/open-postgres.js'),
  ]);
  return {
    name,
    root: resolve(root),
    bin: join(resolve(root), 'bin', 'hypertune.js'),
    askNextTrial: ask.askNextTrial,
    resolveSettings: loop.resolveSettings,
    runStudy: loop.runStudy,
    settingsToStored: loop.settingsToStored,
    openStudyView: view.openStudyView,
    parseSpace: space.parseSpace,
    openPostgresStore: store.openPostgresStore,
  };
}

/**
 * The environment of a worker process. NODE_EXTRA_CA_CERTS (set on this machine) makes every Node
 * process read and parse the whole CA bundle at start, ~50 ms of CPU, which no hypertune worker needs
 * (the server is reached without TLS here): left out unless `keep`.
 */
export function workerEnv(statsFile, extraCaCerts) {
  const env = { ...process.env, NO_COLOR: '1', HYPERTUNE_STATS_FILE: statsFile };
  if (extraCaCerts !== 'keep') delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

function runWorker(bin, args, cwd, env) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise(out) : reject(new Error(`worker exited ${code}: ${out.slice(-800)}`))));
  });
}

async function withClient(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function checkStudy(url, study, trials) {
  return withClient(url, async (client) => {
    const { rows } = await client.query(
      `SELECT count(*) FILTER (WHERE state = 'complete')::int AS complete, count(*)::int AS total,
         count(DISTINCT params)::int AS distinct FROM hypertune_trials WHERE study = $1`,
      [study],
    );
    const row = rows[0];
    if (row.complete !== trials) throw new Error(`study ${study}: ${row.complete} complete trials, expected ${trials}`);
    return row;
  });
}

export function dropStudies(url, prefix) {
  return withClient(url, (client) => client.query('DELETE FROM hypertune_studies WHERE name LIKE $1', [`${prefix}%`]));
}

const sum = (lines, key) => lines.reduce((total, line) => total + (line[key] ?? 0), 0);

/** The stores' counts added up; lockHeldMs is per ask made under the lock (null for builds that did not count it). */
function storeFigures(stats) {
  const locked = sum(stats, 'locked');
  return { roundTrips: sum(stats, 'roundTrips'), createCalls: sum(stats, 'createCalls'), created: sum(stats, 'created'), lockHeldMs: locked === 0 ? null : sum(stats, 'lockHeldMs') / locked };
}

/** `workers` real `hypertune run --storage` processes on one new study, started together. */
export async function processes({ variant, url, dir, study, workers, trials, algo, extraCaCerts, program = 'sleep.sh' }) {
  const statsFile = join(dir, `${study}.stats`);
  writeFileSync(statsFile, '');
  const args = ['run', join(dir, 'space.yaml'), '--storage', url, '--study', study, '--trials', String(trials), '--seed', '1', '--algo', algo, '--', join(dir, program)];
  const env = workerEnv(statsFile, extraCaCerts);
  const started = performance.now();
  await Promise.all(Array.from({ length: workers }, () => runWorker(variant.bin, args, dir, env)));
  const wall = (performance.now() - started) / 1000;
  const lines = readFileSync(statsFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  const check = await checkStudy(url, study, trials);
  return { wall, cpuMs: sum(lines, 'cpuMs'), ...storeFigures(lines), ...check };
}

/** `workers` loops (runStudy) in this process, each with its own store and one connection. */
export async function simulated({ variant, url, dir, study, workers, trials, algo, program = 'sleep.sh' }) {
  const space = variant.parseSpace(SPACE);
  const settings = variant.resolveSettings(space, { seed: 1, algo }, () => 0);
  const command = [join(dir, program)];
  const stores = [];
  try {
    for (let i = 0; i < workers; i++) stores.push(await variant.openPostgresStore(url, { connections: 1 }));
    await stores[0].createStudy({ name: study, spaceText: SPACE, spaceFile: null, command, options: variant.settingsToStored(settings), target: trials, createdAt: Date.now() });
    const before = process.cpuUsage();
    const started = performance.now();
    await Promise.all(stores.map((store, i) => variant.runStudy({ store, study, space, command, settings, worker: `sim:${i}`, shared: true, cwd: dir })));
    const wall = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(before);
    const stats = stores.map((store) => store.stats);
    const check = await checkStudy(url, study, trials);
    return { wall, cpuMs: (cpu.user + cpu.system) / 1000, ...storeFigures(stats), ...check };
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
export async function ceiling({ variant, url, study, workers, seconds, algo, historySize }) {
  const space = variant.parseSpace(SPACE);
  const settings = variant.resolveSettings(space, { seed: 1, algo }, () => 0);
  const stores = [];
  try {
    for (let i = 0; i < workers; i++) stores.push(await variant.openPostgresStore(url, { connections: 1 }));
    await stores[0].createStudy({ name: study, spaceText: SPACE, spaceFile: null, command: ['true'], options: variant.settingsToStored(settings), target: 1e9, createdAt: Date.now() });
    // a history to propose on, recorded at once (as `hypertune add` would)
    for (let i = 0; i < historySize; i++) {
      await stores[0].recordTrial(study, { params: { x: Math.random() * 2 - 1, y: 0.001 + Math.random() * 0.9, z: 'a' }, startup: false, sampler: 'tpe', worker: 'seed', at: Date.now(), retryOf: null }, { state: 'complete', value: Math.random(), error: null, at: Date.now() });
    }
    const roundTrips = stores.reduce((total, store) => total + store.stats.roundTrips, 0);
    let trials = 0;
    const until = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(stores.map(async (store, i) => {
      const view = await variant.openStudyView(store, study, true);
      const ask = { store, study, space, settings, worker: `ceiling:${i}`, view, own: new Set(), staleAfterMs: 60_000, notice: () => undefined };
      while (performance.now() < until) {
        const job = await variant.askNextTrial(ask);
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
