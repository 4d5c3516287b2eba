// The optimizer benchmark of issue 10: auto, gp, tpe, the hyperopt preset and random search on the
// reference problems, the shared second suite, held-out problems of our own and held-out conditional
// spaces, at 10..200 trials, beside every anchor of ../shared/bench; the targets' verdicts; where each
// algorithm loses; the optimizer's own time beside Optuna's GP; auto with 4 trials in flight. See
// bench/README.md.
import { anchorFiles, loadAnchors, loadAnchorWalls } from '../lib/anchors.mjs';
import { runFoldingGp } from '../lib/gp-fold.mjs';
import { runJobs } from '../lib/parallel.mjs';
import { distinctProblems, loadProblemGroups } from '../lib/registry.mjs';
import { printRegretTable, regretStats } from '../lib/regret-report.mjs';
import { printInFlight, printStudyTimes, printAskTime } from '../lib/time-report.mjs';
import { printLosses, printVerdicts } from '../lib/verdicts.mjs';
import { printVersus, versusJobs } from '../lib/versus-report.mjs';

export const name = 'optimizer';
export const description = 'auto, gp, tpe, hyperopt preset, random on reference, suite2, held-out, conditional and real-training problems, beside every anchor';

export const ALL_METHODS = ['auto', 'gp', 'tpe', 'hyperopt', 'random'];
const json = (text, flag) => {
  if (text === undefined) return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`--${flag} needs JSON, e.g. --${flag} '{"startupTrials":10}': ${error.message}`);
  }
};
const list = (text, fallback) => (text === undefined || text === 'true' ? fallback : text.split(',').map((s) => s.trim()).filter(Boolean));

export function options(args) {
  const methods = list(args.methods, ALL_METHODS);
  const unknown = methods.filter((m) => !ALL_METHODS.includes(m));
  if (unknown.length > 0) throw new Error(`unknown --methods ${unknown.join(', ')}; known: ${ALL_METHODS.join(', ')}`);
  const opts = {
    seeds: Number(args.seeds ?? 20),
    // tuning runs on seeds 20..179 (`--seed-offset 20 --seeds 160`); reports stay on 0..19
    offset: Number(args['seed-offset'] ?? 0),
    budgets: list(args.budgets, ['10', '25', '50', '100', '200']).map(Number).sort((a, b) => a - b),
    // problem names, or a group: reference, suite2, own, conditional, training, unseeded
    problems: list(args.problems, null),
    methods: ALL_METHODS.filter((m) => methods.includes(m)),
    sampler: { tpe: json(args.tpe, 'tpe'), gp: json(args.gp, 'gp'), auto: json(args.auto, 'auto') },
    // a second setting ({ tpe?, gp?, auto? }) for auto, gp and tpe on the same seeds, compared seed by
    // seed; with `method`, that method's studies instead, set against each of auto, gp and tpe run
    versus: args.versus === undefined ? null : json(args.versus, 'versus'),
    threads: args.threads ? Number(args.threads) : undefined,
    timing: args.timing !== 'false',
    inflight: args.inflight !== 'false',
    inflightSeeds: Number(args['inflight-seeds'] ?? 10),
    inflightMethod: args['inflight-method'] ?? 'auto',
  };
  if (opts.versus?.method !== undefined && !ALL_METHODS.includes(opts.versus.method)) throw new Error(`unknown --versus method ${opts.versus.method}; known: ${ALL_METHODS.join(', ')}`);
  return opts;
}

function selectGroups(groups, wanted) {
  if (wanted === null) return groups;
  const known = new Set(Object.values(groups).flat().map((p) => p.name));
  const unknown = wanted.filter((w) => !known.has(w) && !(w in groups));
  if (unknown.length > 0) throw new Error(`unknown --problems ${unknown.join(', ')}; known: ${Object.keys(groups).join(', ')}, ${[...known].join(', ')}`);
  // a group's name selects the group (`conditional` is also a problem's name: that group holds it)
  const names = wanted.filter((w) => !(w in groups));
  return Object.fromEntries(Object.entries(groups).map(([g, ps]) => [g, wanted.includes(g) ? ps : ps.filter((p) => names.includes(p.name))]));
}

/** The first error of each method, said once, with how many studies it ended. */
function printErrors(results, methods) {
  for (const m of methods) {
    const failed = results.filter((r) => r.method === m && r.error !== null);
    if (failed.length === 0) continue;
    const all = results.filter((r) => r.method === m).length;
    console.log(`- ${m}: ${failed.length}/${all} studies threw (results "–" from there on): ${failed[0].error} (first: ${failed[0].problem}, seed ${failed[0].seed})`);
  }
}

export async function run(args) {
  let opts;
  let groups;
  try {
    opts = options(args);
    groups = selectGroups(await loadProblemGroups(), opts.problems);
  } catch (error) {
    console.error(error.message);
    process.exitCode = 2;
    return;
  }
  const problems = distinctProblems(groups);
  const anchors = loadAnchors() ?? new Map();
  const seeds = Array.from({ length: opts.seeds }, (_, i) => opts.offset + i);
  const jobs = [];
  // the optimizer's time is taken in the regret runs themselves, up to 100 trials
  const timeUntil = opts.budgets.includes(100) ? 100 : null;
  for (const problem of problems) {
    for (const method of opts.methods) {
      for (const seed of seeds) jobs.push({ problem: problem.name, method, seed, budgets: opts.budgets, timeUntil });
    }
    if (opts.versus !== null) jobs.push(...versusJobs(problem.name, opts.methods, seeds, opts.budgets, opts.versus));
  }
  const started = performance.now();
  const { results: all, note } = await runFoldingGp(jobs, seeds[0], (some) => runJobs(some, { threads: opts.threads, sampler: opts.sampler }));
  const results = all.filter((r) => r.versus !== true);
  const seconds = (performance.now() - started) / 1000;
  console.log(`Median regret [quartiles] over seeds ${seeds[0]}..${seeds.at(-1)} (${jobs.length} studies, ${seconds.toFixed(0)} s).`);
  if (note !== null) console.log(note);
  console.log(`Anchors (medians): ${anchorFiles().map((f) => f.split('/').pop()).join(', ') || 'none found'}. ratio = the first of auto/gp/tpe run, over the best anchor of any method but random.`);
  console.log(`Sampler options: ${JSON.stringify(opts.sampler)}.`);
  printErrors(results, opts.methods);
  const stats = regretStats(results, problems, opts.methods, opts.budgets);
  const table = { stats, anchors, budgets: opts.budgets, methods: opts.methods, seeds: opts.seeds };
  printRegretTable('Reference problems (anchors.csv, anchors_gp.csv)', groups.reference, table);
  printRegretTable('Suite 2 (suite2.csv)', groups.suite2, table);
  printRegretTable('Our own problems (no anchors: held out from every tuning choice)', groups.own, table);
  printRegretTable('Conditional spaces (held out: choices whose options carry their own parameters; no anchors)', groups.conditional, table);
  printRegretTable('Real training (held out: small models trained in-process; regret to the best loss known)', groups.training, table);
  printRegretTable('Real training without a fixed seed (held out: each trial one noisy run; regret of the best trial seen, on its mean over four runs)', groups.unseeded, table);
  printVerdicts({ groups, ...table });
  printLosses({ groups, ...table });
  if (opts.versus !== null) printVersus({ own: results, versus: all.filter((r) => r.versus === true), problems, methods: opts.methods, budgets: opts.budgets, seeds, setting: opts.versus });
  if (opts.timing) {
    printStudyTimes(results, problems, opts.methods, loadAnchorWalls(), opts.threads);
    printAskTime(groups, opts.sampler);
  }
  if (opts.inflight) await printInFlight(opts);
}
