// summary's note on a best value at the end of its range (docs/importance.md, "Range edges"): studies
// run by `auto` on problems whose optimum lies past a bound (lib/edge-problems.mjs: does the note name
// the right parameter?) and on the optimizer bench's problems (their optimum inside the box, but for a
// few: how often does it name anything, and on which?), each rule of --rules read on the same studies.
import { studyPicture } from '../../dist/report/importance-model.js';
import { EDGE_RULE, rangeEdges } from '../../dist/report/range-edges.js';
import { edgeProblems } from '../lib/edge-problems.mjs';
import { runStudy, methods } from '../lib/optimize.mjs';
import { distinctProblems, loadProblemGroups } from '../lib/registry.mjs';

export const name = 'range-edges';
export const description = "summary's range-edge note: the right parameter where the optimum lies past a bound, and how often it speaks where it lies inside";

/** The rules screened in session 56, the kept one first (EDGE_RULE); --rules '{"name": {...}}' for others. */
const RULES = {
  kept: {},
  'best at a bound, no model': { sureZ: -Infinity, matters: -Infinity },
  'z >= 1': { sureZ: 1 },
  'share >= 0': { matters: 0 },
  'share >= 0.1': { matters: 0.1 },
  'z >= 3': { sureZ: 3 },
  'a quarter inward': { inward: 0.25 },
};

/** The trials of one `auto` study of `budget` trials, as the store would give them to summary. */
function studyRecords(problem, seed, budget) {
  const trials = [];
  const observed = { ...problem, observe: (params, s, id) => { const value = problem.observe ? problem.observe(params, s, id) : problem.f(params); trials.push({ id, params, state: Number.isFinite(value) ? 'complete' : 'failed', value: Number.isFinite(value) ? value : null }); return value; } };
  runStudy(observed, methods.auto(seed), seed, [budget]);
  return trials;
}

export async function run(options) {
  const budgets = String(options.budgets ?? '25,50').split(',').map(Number);
  const seeds = Number(options.seeds ?? 8);
  const offset = Number(options['seed-offset'] ?? 100);
  const rules = { ...RULES, ...(options.rules === undefined ? {} : JSON.parse(options.rules)) };
  const groups = await loadProblemGroups();
  const inside = distinctProblems(Object.fromEntries(String(options.problems ?? 'reference,suite2,own,conditional').split(',').map((g) => [g, groups[g] ?? []])));
  console.log(`auto, seeds ${offset}..${offset + seeds - 1}; ${edgeProblems.length} problems past a bound, ${inside.length} inside (or at a bound by design)\n`);
  for (const budget of budgets) {
    const tally = Object.fromEntries(Object.keys(rules).map((r) => [r, { inside: 0, where: new Map(), right: 0, wrong: 0, pastStudies: 0, found: new Map() }]));
    let insideStudies = 0;
    for (const problem of [...edgeProblems, ...inside]) {
      const past = edgeProblems.includes(problem);
      for (let seed = offset; seed < offset + seeds; seed++) {
        const records = studyRecords(problem, seed, budget);
        // the very fit summary reads the note from
        const picture = studyPicture(problem.space, records, 'minimize');
        if (!past) insideStudies += 1;
        for (const [rule, change] of Object.entries(rules)) {
          const named = rangeEdges(problem.space, picture, records, 'minimize', { ...EDGE_RULE, ...change });
          const t = tally[rule];
          if (past) {
            t.pastStudies += 1;
            const right = named.some((e) => e.label === problem.edge);
            if (right) t.right += 1;
            t.found.set(problem.name, (t.found.get(problem.name) ?? 0) + (right ? 1 : 0));
            if (named.some((e) => e.label !== problem.edge)) t.wrong += 1;
          } else if (named.length > 0) {
            t.inside += 1;
            t.where.set(problem.name, (t.where.get(problem.name) ?? 0) + 1);
          }
        }
      }
    }
    console.log(`${budget} trials\n`);
    console.log('| rule | past a bound: the right parameter named | another named | inside: studies with a note | problems |');
    console.log('|---|---|---|---|---|');
    for (const [rule, t] of Object.entries(tally)) {
      const where = [...t.where].sort((a, b) => b[1] - a[1]).map(([p, n]) => `${p} ${n}`).join(', ');
      const found = rule === 'kept' ? ` (${[...t.found].map(([p, n]) => `${p} ${n}`).join(', ')})` : '';
      console.log(`| ${rule} | ${t.right} of ${t.pastStudies}${found} | ${t.wrong} | ${t.inside} of ${insideStudies} | ${t.where.size}${rule === 'kept' ? `: ${where}` : ''} |`);
    }
    console.log('');
  }
}
