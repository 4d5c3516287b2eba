// The TPE robustness harness (issue 10, item 3): TPE settings scored on a wide problem set against
// random search and the hyperopt preset. Tune with --seeds 20..179, report with --seeds 0..19.
//   npm run bench -- tpe-robust --seeds 20..59 --threads 2 --variants '{"off":{"lowDimPower":0}}'
// Every variant is a `tpe` options object; `default` (the current defaults) is always scored. Runs are
// cached in --cache (default /tmp/hypertune-tpe-robust.json), keyed by --tag for TPE runs (bump it when
// the engine changes), so a screen only pays for what it has not run yet.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { fmt, summarise } from '../lib/parallel.mjs';
import { robustProblems } from '../lib/robust-problems.mjs';

export const name = 'tpe-robust';
export const description = 'TPE settings on a wide problem set: ratio to random search, where each loses to random or the hyperopt preset';

/** A regret below this counts as solved (the issue's convention), so ratios stay finite. */
const SOLVED = 1e-6;
/** A median this many times the other's counts as a loss. */
const LOSS = 1.1;

function parseSeeds(text) {
  const [a, b] = String(text).split('..').map(Number);
  return b === undefined ? Array.from({ length: a }, (_, i) => i) : Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

function runWorkers(jobs, threads) {
  const n = Math.max(1, Math.min(threads, jobs.length));
  const chunks = Array.from({ length: n }, (_, w) => jobs.filter((_, i) => i % n === w));
  return Promise.all(
    chunks.map(
      (chunk) =>
        new Promise((resolve, reject) => {
          const worker = new Worker(new URL('../lib/robust-worker.mjs', import.meta.url), { workerData: { jobs: chunk } });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  ).then((parts) => parts.flat());
}

const optionsOf = (method, seed) =>
  method === 'random' ? { algo: 'random', seed } : method === 'hyperopt' ? { algo: 'tpe', seed, tpe: { preset: 'hyperopt' } } : { algo: 'tpe', seed, tpe: method };

export async function run(args) {
  const seeds = parseSeeds(args.seeds ?? '20..59');
  const budgets = (args.budgets ?? '25,50,100').split(',').map(Number);
  const threads = Number(args.threads ?? Math.min(2, availableParallelism()));
  const tag = args.tag ?? 'dev';
  const cachePath = args.cache ?? '/tmp/hypertune-tpe-robust.json';
  const problems = robustProblems.filter((p) => !args.problems || args.problems.split(',').includes(p.name));
  const variants = { default: {}, ...(args.variants ? JSON.parse(args.variants) : {}) };
  const methods = [['random', 'random'], ['hyperopt', 'hyperopt'], ...Object.entries(variants)];
  const cache = existsSync(cachePath) ? JSON.parse(readFileSync(cachePath, 'utf8')) : {};
  const keyOf = (method, problem, seed) => `${typeof method === 'string' ? method : `${tag}:${JSON.stringify(method)}`}|${problem}|${seed}|${budgets.join(',')}`;
  if (args.before) {
    // --before <cache>:<tag>: the default TPE of an earlier build, read from that build's cache, as "before"
    const [path, beforeTag] = args.before.split(':');
    const old = JSON.parse(readFileSync(path, 'utf8'));
    for (const p of problems) for (const seed of seeds) cache[keyOf('before', p.name, seed)] = old[`${beforeTag}:{}|${p.name}|${seed}|${budgets.join(',')}`];
    methods.splice(2, 0, ['before', 'before']);
  }

  const jobs = [];
  for (const [, method] of methods) {
    if (method === 'before') continue;
    for (const p of problems) for (const seed of seeds) if (!(keyOf(method, p.name, seed) in cache)) jobs.push({ key: keyOf(method, p.name, seed), problem: p.name, budgets, options: optionsOf(method, seed) });
  }
  const started = performance.now();
  for (const r of await runWorkers(jobs, threads)) cache[r.key] = r.regrets;
  if (jobs.length > 0) writeFileSync(cachePath, JSON.stringify(cache));
  console.log(`${jobs.length} new runs in ${((performance.now() - started) / 1000).toFixed(0)} s; seeds ${seeds[0]}..${seeds.at(-1)}; ${problems.length} problems x budgets ${budgets.join(', ')}\n`);

  const stats = new Map();
  for (const [label, method] of methods) {
    for (const p of problems) {
      const runs = seeds.map((seed) => cache[keyOf(method, p.name, seed)]);
      for (const b of budgets) stats.set(`${label}|${p.name}|${b}`, summarise(runs.map((r) => r[b])));
    }
  }
  const med = (label, p, b) => Math.max(SOLVED, stats.get(`${label}|${p}|${b}`).median);
  const cells = problems.flatMap((p) => budgets.map((b) => [p.name, b]));
  const geo = (xs) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);

  console.log('score: geometric mean over problems x budgets of median regret / the other\'s (lower is better); losses: cells where the median is more than 1.1x the other\'s\n');
  console.log('| variant | vs random | vs hyperopt | vs default | worse than random | worse than hyperopt | largest losses (ratio to random / hyperopt) |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [label] of methods.slice(1)) {
    const vs = (other) => cells.map(([p, b]) => med(label, p, b) / med(other, p, b));
    const lossesR = cells.filter(([p, b]) => med(label, p, b) > LOSS * med('random', p, b));
    const lossesH = cells.filter(([p, b]) => med(label, p, b) > LOSS * med('hyperopt', p, b));
    const worst = [...new Set([...lossesR, ...lossesH])]
      .map(([p, b]) => ({ at: `${p}@${b}`, r: med(label, p, b) / med('random', p, b), h: med(label, p, b) / med('hyperopt', p, b) }))
      .sort((x, y) => Math.max(y.r, y.h) - Math.max(x.r, x.h))
      .slice(0, 6)
      .map((w) => `${w.at} ${w.r.toFixed(2)}/${w.h.toFixed(2)}`);
    const name = label === 'hyperopt' ? 'hyperopt preset' : `${label} ${variants[label] === undefined || label === 'default' ? '' : JSON.stringify(variants[label])}`;
    console.log(`| ${[name.trim(), geo(vs('random')).toFixed(3), geo(vs('hyperopt')).toFixed(3), geo(vs('default')).toFixed(3), lossesR.length, lossesH.length, worst.join(', ') || '–'].join(' | ')} |`);
  }

  if (args.table === 'true') {
    const labels = methods.map(([label]) => label);
    console.log(`\nMedian regret [quartiles], seeds ${seeds[0]}..${seeds.at(-1)}:\n`);
    console.log(`| problem | trials | ${labels.join(' | ')} |`);
    console.log(`|---|---|${labels.map(() => '---').join('|')}|`);
    for (const [p, b] of cells) {
      const row = labels.map((label) => {
        const s = stats.get(`${label}|${p}|${b}`);
        return `${fmt(s.median)} [${fmt(s.q1)}, ${fmt(s.q3)}]`;
      });
      console.log(`| ${p} | ${b} | ${row.join(' | ')} |`);
    }
  }
  if (args.solved) {
    // How many runs got within the given regret (e.g. the narrow well found) at the largest budget.
    const limit = Number(args.solved);
    const b = Math.max(...budgets);
    console.log(`\nRuns with regret < ${limit} at ${b} trials:\n`);
    for (const p of problems) {
      const counts = methods.map(([label, method]) => `${label} ${seeds.filter((seed) => cache[keyOf(method, p.name, seed)][b] < limit).length}`);
      console.log(`- ${p.name}: ${counts.join(', ')} (of ${seeds.length})`);
    }
  }
}
