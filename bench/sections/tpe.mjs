// The optimizer benchmark of issue 3: regret on the four reference problems beside the anchors,
// and the time of one ask() on hartmann6 after 100, 1,000 and 5,000 finished trials.
import { anchorMethods, anchorsPath, loadAnchors, tpeAnchors } from '../lib/anchors.mjs';
import { fmt, runJobs, summarise } from '../lib/parallel.mjs';
import { referenceProblems } from '../lib/problems.mjs';
import { askTime, randomHistory } from '../lib/timing.mjs';

export const name = 'tpe';
export const description = 'hypertune TPE vs its hyperopt preset vs random on the reference problems, beside the anchors';

const BUDGETS = [25, 50, 100, 200];
const METHODS = [
  ['random', 'random'],
  ['hyperopt', 'hyperopt preset'],
  ['tpe', 'hypertune TPE'],
];

export function options(args) {
  return {
    seeds: Number(args.seeds ?? 20),
    problems: args.problems ? args.problems.split(',') : null,
    methods: args.methods ? args.methods.split(',') : METHODS.map(([m]) => m),
    tpeExtra: args.tpe ? JSON.parse(args.tpe) : {},
    timing: args.timing !== 'false',
    threads: args.threads ? Number(args.threads) : undefined,
  };
}

export async function regretTable(problems, budgets, opts) {
  const jobs = [];
  for (const problem of problems) {
    for (const method of opts.methods) {
      for (let seed = 0; seed < opts.seeds; seed++) jobs.push({ problem: problem.name, method, seed, budgets });
    }
  }
  const results = await runJobs(jobs, { threads: opts.threads, tpeExtra: opts.tpeExtra });
  const stats = new Map();
  for (const problem of problems) {
    for (const method of opts.methods) {
      const runs = results.filter((r) => r.problem === problem.name && r.method === method);
      for (const b of budgets) stats.set(`${problem.name}|${method}|${b}`, summarise(runs.map((r) => r.regrets[b])));
    }
  }
  return stats;
}

const cell = (s) => (s === undefined ? '–' : `${fmt(s.median)} [${fmt(s.q1)}, ${fmt(s.q3)}]`);

export async function run(args) {
  const opts = options(args);
  const problems = referenceProblems.filter((p) => opts.problems === null || opts.problems.includes(p.name));
  const anchors = loadAnchors() ?? new Map();
  if (anchors.size === 0) console.log(`(no anchors at ${anchorsPath()})`);
  const stats = await regretTable(problems, BUDGETS, opts);
  const methods = METHODS.filter(([m]) => opts.methods.includes(m));
  console.log(`Median regret [quartiles] over seeds 0..${opts.seeds - 1}; anchors from anchors.csv (median; hyperopt's with quartiles).`);
  console.log(`ratio = hypertune TPE median / best anchor median (best of hyperopt and the Optuna TPEs).\n`);
  const head = ['problem', 'trials', ...methods.map(([, label]) => label), ...anchorMethods.map(([, label]) => `anchor: ${label}`), 'ratio'];
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map(() => '---').join('|')}|`);
  const verdicts = [];
  for (const problem of problems) {
    for (const b of BUDGETS) {
      const ours = methods.map(([m]) => cell(stats.get(`${problem.name}|${m}|${b}`)));
      const anchorCells = anchorMethods.map(([m]) => {
        const s = anchors.get(`${problem.name}|${m}|${b}`);
        return s === undefined ? '–' : m === 'hyperopt_tpe' ? cell(s) : fmt(s.median);
      });
      const bestAnchor = Math.min(...tpeAnchors.map((m) => anchors.get(`${problem.name}|${m}|${b}`)?.median ?? Infinity));
      const tpe = stats.get(`${problem.name}|tpe|${b}`);
      const ratio = tpe && Number.isFinite(bestAnchor) ? tpe.median / bestAnchor : NaN;
      console.log(`| ${[problem.name, b, ...ours, ...anchorCells, Number.isNaN(ratio) ? '–' : ratio.toFixed(2)].join(' | ')} |`);
      verdicts.push({ problem: problem.name, b, ratio, tpe, random: stats.get(`${problem.name}|random|${b}`), hyperopt: stats.get(`${problem.name}|hyperopt|${b}`), anchor: anchors.get(`${problem.name}|hyperopt_tpe|${b}`) });
    }
  }
  printVerdicts(verdicts);
  if (opts.timing) timing();
}

function printVerdicts(verdicts) {
  console.log('');
  const target = verdicts.filter((v) => (v.b === 50 || v.b === 100) && !Number.isNaN(v.ratio));
  if (target.length > 0) {
    const met = target.filter((v) => v.ratio <= 1);
    const half = target.filter((v) => v.ratio <= 0.5);
    console.log(`target (median at 50 and 100 trials <= best anchor): ${met.length}/${target.length} met; at most half of it: ${half.length}/${target.length}`);
    for (const v of target.filter((x) => x.ratio > 1)) console.log(`  missed: ${v.problem} at ${v.b} trials, ratio ${v.ratio.toFixed(2)}`);
  }
  const worse = verdicts.filter((v) => v.tpe && v.random && v.tpe.median > v.random.median);
  console.log(`hypertune TPE worse than random search (median): ${worse.length === 0 ? 'nowhere' : worse.map((v) => `${v.problem}@${v.b}`).join(', ')}`);
  const withAnchor = verdicts.filter((v) => v.hyperopt && v.anchor);
  if (withAnchor.length > 0) {
    const inside = withAnchor.filter((v) => v.hyperopt.median >= v.anchor.q1 && v.hyperopt.median <= v.anchor.q3);
    console.log(`hyperopt preset median inside hyperopt's own quartile range: ${inside.length}/${withAnchor.length}` +
      (inside.length < withAnchor.length ? ` (outside: ${withAnchor.filter((v) => !inside.includes(v)).map((v) => `${v.problem}@${v.b}`).join(', ')})` : ''));
  }
}

function timing() {
  const problem = referenceProblems.find((p) => p.name === 'hartmann6');
  const history = randomHistory(problem, 5000);
  console.log('\nTime of one ask() on hartmann6 (ms, median of 15 after 10 warm-up calls; histories of finished trials):\n');
  console.log('| optimizer | 100 trials | 1,000 trials | 5,000 trials |');
  console.log('|---|---|---|---|');
  // algo 'tpe' said explicitly: the engine's default is `auto`, which may hand the trial to the GP.
  for (const [label, tpe] of [['hypertune TPE', {}], ['hyperopt preset', { preset: 'hyperopt' }]]) {
    const row = [100, 1000, 5000].map((n) => askTime(problem.space, history.slice(0, n), { algo: 'tpe', tpe }).ms.toFixed(2));
    console.log(`| ${label} | ${row.join(' | ')} |`);
  }
}
