// Issue 14: many workers on one PostgreSQL study, per-trial cost against the number of workers.
// Trials sleep 0.5 s (a shell script: the trial programs cost no tuner CPU), so ideal wall =
// trials / workers x 0.5 s. Real `hypertune run --storage` processes for 1, 4 and 16 workers (their
// start-up included, as a user pays it); simulated workers for 1 and 64: runStudy in this process, each
// with its own store and one connection, running the real loop (real trial processes, real server).
// Per row: wall against ideal, tuner CPU per finished trial (the tuner processes' own CPU, children
// excluded: HYPERTUNE_STATS_FILE, src/store/postgres/store-stats.ts), statements sent to the server per
// trial (each one round trip) and trial creations asked per trial created.
// Options: --workers 1,4,16 --trials 40,80,320 --simulated 1,64 --sim-trials 40,640 --sleep 0.5 --algo tpe
// --rounds N (every row N times, medians) --variants before=/path/to/build,after=. (builds measured in
// turns, row by row; a build is a folder with bin/hypertune.js and dist/) --extra-ca-certs keep
// --warmup false --ceiling false --control false (the machine's share: identical work alone and N at once).
// Skipped, with the reason, without HYPERTUNE_BENCH_POSTGRES or HYPERTUNE_TEST_POSTGRES.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { controlCpu } from '../lib/scale-control.mjs';
import { ceiling, dropStudies, loadVariant, processes, simulated, SPACE, workerEnv } from '../lib/scale-runs.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const name = 'scale';
export const description = 'PostgreSQL: 1, 4, 16 worker processes and 64 simulated workers on 0.5 s trials: wall vs ideal, tuner CPU, round trips and asks per trial';

const list = (text) => String(text).split(',').map(Number);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function specsOf(options) {
  const specs = [];
  const trials = list(options.trials ?? '40,80,320');
  list(options.workers ?? '1,4,16').forEach((n, i) => specs.push({ kind: 'processes', workers: n, trials: trials[i] ?? n * 20 }));
  if (options.simulated !== 'false') {
    const simTrials = list(options['sim-trials'] ?? '40,640');
    list(options.simulated ?? '1,64').forEach((n, i) => specs.push({ kind: 'simulated', workers: n, trials: simTrials[i] ?? n * 10 }));
  }
  return specs;
}

async function variantsOf(options) {
  const given = options.variants === undefined ? [['this', root]] : String(options.variants).split(',').map((pair) => pair.split('='));
  return Promise.all(given.map(([variantName, path]) => loadVariant(variantName, resolve(root, path ?? '.'))));
}

export async function run(options = {}) {
  const url = process.env.HYPERTUNE_BENCH_POSTGRES || process.env.HYPERTUNE_TEST_POSTGRES;
  if (!url) {
    console.log('skipped: set HYPERTUNE_BENCH_POSTGRES (or HYPERTUNE_TEST_POSTGRES) to a postgresql:// URL to run the workers against a real server');
    return null;
  }
  const sleep = Number(options.sleep ?? 0.5);
  const algo = options.algo ?? 'tpe';
  const rounds = Number(options.rounds ?? 1);
  const extraCaCerts = options['extra-ca-certs'] ?? 'drop';
  const specs = specsOf(options);
  const variants = await variantsOf(options);
  const dir = mkdtempSync(join(tmpdir(), 'hypertune-bench-scale-'));
  const prefix = `bench-scale-${process.pid}-`;
  const results = [];
  let count = 0;
  try {
    writeFileSync(join(dir, 'space.yaml'), SPACE);
    writeFileSync(join(dir, 'sleep.sh'), `#!/bin/sh\nsleep ${sleep}\necho "loss=$HP_X"\n`);
    writeFileSync(join(dir, 'quick.sh'), '#!/bin/sh\necho "loss=$HP_X"\n');
    chmodSync(join(dir, 'sleep.sh'), 0o755);
    chmodSync(join(dir, 'quick.sh'), 0o755);
    if (options.warmup !== 'false') {
      // the first process of a build reads its files from disk (and writes its code cache); the
      // in-process loop is compiled by V8 on its first trials: neither belongs to a measured row
      for (const variant of variants) {
        const common = { variant, url, dir, algo, extraCaCerts, program: 'quick.sh' };
        await processes({ ...common, study: `${prefix}warmup-${variant.name}-p`, workers: 2, trials: 4 });
        await simulated({ ...common, study: `${prefix}warmup-${variant.name}-s`, workers: 2, trials: 8 });
      }
    }
    for (let round = 0; round < rounds; round++) {
      for (const spec of specs) {
        // alternate which build goes first, so that neither always follows the other
        const order = round % 2 === 0 ? variants : [...variants].reverse();
        for (const variant of order) {
          const study = `${prefix}${spec.kind}-${spec.workers}-${count++}`;
          const measure = spec.kind === 'processes' ? processes : simulated;
          const figures = await measure({ variant, url, dir, study, workers: spec.workers, trials: spec.trials, algo, extraCaCerts });
          results.push({ ...spec, round, variant: variant.name, ideal: Math.ceil(spec.trials / spec.workers) * sleep, ...figures });
        }
      }
    }
  } finally {
    await dropStudies(url, prefix).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
  printRows(results, specs, variants, { algo, sleep, rounds, extraCaCerts });
  if (options.control !== 'false') await printControl(variants[0], specs, extraCaCerts);
  if (options.ceiling !== 'false') await printCeiling(url, prefix, variants, Number(options['ceiling-seconds'] ?? 8));
  console.log('\n(targets: CPU per trial at 16 workers <= 1.3x 1 worker, at 64 simulated <= 2x; 16 workers wall <= 1.15x ideal; asks per created trial <= 1.1 at 16)');
  return results;
}

function printRows(results, specs, variants, { algo, sleep, rounds, extraCaCerts }) {
  console.log(`${algo}, trials sleeping ${sleep} s; ideal wall = ceil(trials / workers) x ${sleep} s. Every run ends with exactly its target of`);
  console.log('complete trials (checked in the database). CPU: the tuners\' own (processes: start-up included; simulated: one process,');
  console.log('start-up excluded). Round trips: statements sent to the server. Asks: trial creations asked per trial created.');
  console.log(`Worker processes ${extraCaCerts === 'keep' ? 'keep' : 'run without'} NODE_EXTRA_CA_CERTS. ${rounds} round${rounds === 1 ? '' : 's'}${rounds > 1 ? ': medians, [lowest - highest]' : ''}; builds in turns.\n`);
  console.log('Lock held: from the reply granting the study\'s ask lock to the commit\'s, per ask made under it (the TPE proposes inside it; the GP before it where it can, docs/storage-schema.md).\n');
  console.log('| workers | trials | build | wall / ideal | tuner CPU per trial | x 1 worker | round trips per trial | asks per created trial | lock held per ask | distinct params |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  const perTrial = (row) => row.cpuMs / row.trials;
  for (const spec of specs) {
    for (const variant of variants) {
      const rows = results.filter((row) => row.kind === spec.kind && row.workers === spec.workers && row.variant === variant.name);
      // the ratio to one worker within each round (the same build, measured minutes apart), then its median
      const ratios = rows.map((row) => {
        const base = results.find((r) => r.kind === row.kind && r.workers === 1 && r.variant === row.variant && r.round === row.round);
        return base === undefined ? null : perTrial(row) / perTrial(base);
      }).filter((ratio) => ratio !== null);
      const spread = (values, digits, unit) => (rows.length > 1 ? ` [${Math.min(...values).toFixed(digits)} - ${Math.max(...values).toFixed(digits)}${unit}]` : '');
      const walls = rows.map((row) => row.wall / row.ideal);
      const cpus = rows.map(perTrial);
      const label = spec.kind === 'processes' ? `${spec.workers}` : `${spec.workers} simulated`;
      const cells = [
        label, spec.trials, variant.name,
        `${median(walls).toFixed(2)}x${spread(walls, 2, 'x')}`,
        `${median(cpus).toFixed(1)} ms${spread(cpus, 1, '')}`,
        ratios.length === 0 ? '' : `${median(ratios).toFixed(2)}x${spread(ratios, 2, 'x')}`,
        median(rows.map((row) => row.roundTrips / row.trials)).toFixed(1),
        rows.every((row) => row.created === 0) ? '-' : median(rows.map((row) => row.createCalls / Math.max(1, row.created))).toFixed(2),
        rows.some((row) => row.lockHeldMs === null) ? '-' : `${median(rows.map((row) => row.lockHeldMs)).toFixed(1)} ms`,
        rows.map((row) => `${row.distinct} / ${row.total}`).join(', '),
      ];
      console.log(`| ${cells.join(' | ')} |`);
    }
  }
}

async function printControl(variant, specs, extraCaCerts) {
  const counts = [...new Set(specs.filter((spec) => spec.kind === 'processes' && spec.workers > 1).map((spec) => spec.workers))];
  if (counts.length === 0) return;
  const { aloneMs, rows } = await controlCpu(variant.root, workerEnv('', extraCaCerts), counts);
  console.log(`\nThe machine's share: identical work (build ${variant.name}'s engine loaded, a 20-trial TPE study in-process, no server, no`);
  console.log(`trial programs; ${aloneMs.toFixed(0)} ms of CPU alone) by one process alone and by N at once, in 3 rounds (each: 3 runs alone, then N at`);
  console.log('once; the ratio of medians within the round, then its median [lowest - highest]). A worker\'s CPU per trial at N workers up to');
  console.log('this ratio of its figure at 1 is the machine\'s; beyond it, the design\'s.\n');
  console.log('| processes at once | CPU per process, x alone |');
  console.log('|---|---|');
  for (const row of rows) console.log(`| ${row.processes} | ${row.ratio.toFixed(2)}x [${row.spread[0].toFixed(2)} - ${row.spread[1].toFixed(2)}] |`);
}

async function printCeiling(url, prefix, variants, seconds) {
  console.log(`\nCeiling: trials per second one study takes with no trial time (in-process workers asking back to back for ${seconds} s,`);
  console.log('each trial finished at once; asks take turns under the study lock). random: the server\'s and the loop\'s share alone;');
  console.log('tpe: with the proposal, made while the lock is held, on a history of 300 and 3,000 finished trials.\n');
  console.log('| build | workers | algo | history | trials per second | round trips per trial |');
  console.log('|---|---|---|---|---|---|');
  const cases = [[1, 'random', 300], [8, 'random', 300], [1, 'tpe', 300], [8, 'tpe', 300], [8, 'tpe', 3000]];
  for (const [n, algo, history] of cases) {
    for (const variant of variants) {
      const study = `${prefix}ceiling-${variant.name}-${n}-${algo}-${history}`;
      try {
        const figures = await ceiling({ variant, url, study, workers: n, seconds, algo, historySize: history });
        console.log(`| ${variant.name} | ${n} | ${algo} | ${history} | ${figures.perSecond.toFixed(0)} | ${figures.roundTrips.toFixed(1)} |`);
      } finally {
        await dropStudies(url, study).catch(() => undefined);
      }
    }
  }
}
