// Which fit the importance picture should rank (docs/importance.md, "Choosing the output warp"): on
// problems whose importance is known by construction (lib/importance-problems.mjs), studies run by
// auto, tpe and random search at 30 and 100 trials, every candidate fit (lib/importance-candidates.mjs)
// scored against the truth: Spearman's rank correlation of its shares with the true shares (the
// parameters that do nothing tied at zero), how often a parameter that does nothing ranks above one
// with a true share of at least 0.05, and the total variation between its shares and the truth's.
// Studies are cached (--cache); seeds --tune are reported apart from the held-out --seeds.
import { computeImportance } from '../../dist/report/importance.js';
import { sampleConfig } from '../../dist/space/sample.js';
import { createRng } from '../../dist/util/rng.js';
import { CANDIDATES, candidateShares } from '../lib/importance-candidates.mjs';
import { importanceProblems } from '../lib/importance-problems.mjs';
import { loadCache, studyTrials } from '../lib/importance-studies.mjs';

export const name = 'importance';
export const description = 'parameter importance against the truth: the picture\'s fit (output warp, winsorising) on problems of known importance';

const TRUTH_DRAWS = 20000;
/** A relevant parameter is one the truth gives at least this share: below it an order is a coin toss. */
const MATTERS = 0.05;

/**
 * PED-ANOVA of the noise-free function over draws from the space, ranked as trials (no ties within a
 * hundredth of the range: a cliff of 1e12 would make nine tenths of the space one tie).
 */
function truthOf(problem) {
  const rng = createRng(`importance-truth/${problem.name}`);
  const draws = Array.from({ length: TRUTH_DRAWS }, (_, id) => {
    const params = sampleConfig(problem.space, rng);
    return { id, params, state: 'complete', value: problem.f(params) };
  });
  const ranked = computeImportance(problem.space, draws, 'minimize');
  return Object.fromEntries(ranked.map((r) => [r.label, r.importance ?? 0]));
}

function ranks(values) {
  const order = values.map((v, i) => [v, i]).sort((a, b) => a[0] - b[0]);
  const out = new Array(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) out[order[k][1]] = (i + j) / 2;
    i = j + 1;
  }
  return out;
}

function spearman(x, y) {
  const rx = ranks(x);
  const ry = ranks(y);
  const mean = (rx.length - 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  rx.forEach((r, i) => {
    sxy += (r - mean) * (ry[i] - mean);
    sxx += (r - mean) ** 2;
    syy += (ry[i] - mean) ** 2;
  });
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/** One study's score for one candidate's shares. */
function score(problem, truth, shares) {
  const labels = Object.keys(truth);
  const ideal = labels.map((l) => (problem.inert.includes(l) ? 0 : truth[l]));
  const got = labels.map((l) => shares[l] ?? 0);
  const relevant = labels.filter((l) => problem.relevant.includes(l) && truth[l] >= MATTERS);
  const worstRelevant = Math.min(...relevant.map((l) => shares[l] ?? 0));
  const bestInert = Math.max(0, ...problem.inert.map((l) => shares[l] ?? 0));
  const tv = 0.5 * labels.reduce((sum, l) => sum + Math.abs((shares[l] ?? 0) - truth[l]), 0);
  const first = (of) => labels.reduce((a, b) => ((of[b] ?? 0) > (of[a] ?? 0) ? b : a));
  return { first: first(shares) === first(truth) ? 1 : 0, rho: spearman(got, ideal), inverted: problem.inert.length > 0 && bestInert > worstRelevant ? 1 : 0, tv, inertShare: problem.inert.reduce((s, l) => s + (shares[l] ?? 0), 0) };
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const fmt = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : '-');

function table(title, rows, groupOf, groups) {
  console.log(`\n${title}\n`);
  console.log(`| ${'group'} | ${CANDIDATES.join(' | ')} |`);
  console.log(`|---|${CANDIDATES.map(() => '---').join('|')}|`);
  for (const group of groups) {
    const mine = rows.filter((r) => groupOf(r) === group);
    if (mine.length === 0) continue;
    const cells = CANDIDATES.map((c) => {
      const s = mine.map((r) => r.scores[c]);
      const pct = (key) => `${Math.round(100 * mean(s.map((x) => x[key])))}%`;
      return `${fmt(mean(s.map((x) => x.rho)))} / ${pct('first')} / ${pct('inverted')} / ${fmt(mean(s.map((x) => x.tv)))}`;
    });
    console.log(`| ${group} (${mine.length}) | ${cells.join(' | ')} |`);
  }
}

export async function run(options) {
  const seeds = String(options.seeds ?? '2,3').split(',').map(Number);
  const tune = String(options.tune ?? '1').split(',').filter((s) => s !== '').map(Number);
  const algos = String(options.algos ?? 'auto,tpe,random').split(',');
  const budgets = String(options.budgets ?? '30,100').split(',').map(Number);
  const only = options.problems ? String(options.problems).split(',') : null;
  const file = options.cache ?? '/tmp/hypertune-importance-studies.json';
  const cache = loadCache(file);
  const problems = importanceProblems.filter((p) => only === null || only.includes(p.name));
  const rows = [];
  for (const problem of problems) {
    const truth = truthOf(problem);
    console.log(`${problem.name} (${problem.family}): truth ${Object.entries(truth).sort((a, b) => b[1] - a[1]).map(([l, v]) => `${l} ${v.toFixed(2)}`).join(', ')}; does nothing: ${problem.inert.join(', ') || '-'}`);
    for (const seed of [...tune, ...seeds]) for (const algo of algos) {
      // --cached-only true: only the studies already run, none new (an auto study of 100 trials is 20-70 s)
      if (options['cached-only'] === 'true' && cache[`${problem.name}/${algo}/${seed}/${Math.max(...budgets)}`] === undefined) continue;
      const full = studyTrials(problem, algo, seed, Math.max(...budgets), cache, file);
      for (const budget of budgets) {
        const shares = candidateShares(problem.space, full.slice(0, budget));
        const scores = Object.fromEntries(CANDIDATES.map((c) => [c, score(problem, truth, shares[c])]));
        rows.push({ problem: problem.name, family: problem.family, algo, budget, seed, held: !tune.includes(seed), scores, shares });
      }
    }
  }
  console.log('\nEach cell: mean Spearman rho with the truth / share of studies whose first parameter is the truth\'s / share of studies where a parameter that does nothing outranks one that matters / mean total variation from the true shares.');
  const families = [...new Set(problems.map((p) => p.family))];
  for (const [label, held] of [['tuning seeds ' + tune.join(','), false], ['held-out seeds ' + seeds.join(','), true]]) {
    const mine = rows.filter((r) => r.held === held);
    if (mine.length === 0) continue;
    table(`### ${label}: by problem family`, mine, (r) => r.family, families);
    table(`### ${label}: by sampler and budget`, mine, (r) => `${r.algo} ${r.budget}`, algos.flatMap((a) => budgets.map((b) => `${a} ${b}`)));
    table(`### ${label}: all`, mine, () => 'all', ['all']);
    if (options.byProblem === 'true') table(`### ${label}: by problem`, mine, (r) => r.problem, problems.map((p) => p.name));
  }
  if (options.show) {
    for (const r of rows.filter((x) => `${x.problem}/${x.algo}/${x.budget}` === options.show)) {
      console.log(`\n${options.show} seed ${r.seed}:`);
      for (const c of CANDIDATES) console.log(`  ${c}: ${Object.entries(r.shares[c]).sort((a, b) => b[1] - a[1]).slice(0, 4).map(([l, v]) => `${l} ${v.toFixed(2)}`).join(', ')}`);
    }
  }
}
