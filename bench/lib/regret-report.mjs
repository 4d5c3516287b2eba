// The `optimizer` section's regret tables: our methods beside the anchors, per problem and checkpoint.
import { allAnchorMethods, bestAnchorMethods, tpeAnchors } from './anchors.mjs';
import { fmt, summarise } from './parallel.mjs';

/** A regret below this counts as solved: ratios and verdicts compare max(regret, SOLVED). */
export const SOLVED = 1e-6;
export const floor = (x) => Math.max(x, SOLVED);

export const methodLabels = { auto: 'auto', gp: 'gp', tpe: 'tpe', hyperopt: 'hyperopt preset', random: 'random' };

/** Map "problem|method|budget" -> {median, q1, q3, n} over the seeds that reached the budget. */
export function regretStats(results, problems, methods, budgets) {
  const stats = new Map();
  for (const problem of problems) {
    for (const method of methods) {
      const runs = results.filter((r) => r.problem === problem.name && r.method === method);
      for (const b of budgets) {
        const values = runs.map((r) => r.regrets[b]).filter((v) => v !== undefined);
        if (values.length > 0) stats.set(`${problem.name}|${method}|${b}`, summarise(values));
      }
    }
  }
  return stats;
}

/** The smallest anchor median among `among` at (problem, budget): { value, method } or null. */
export function bestAnchor(anchors, problem, budget, among = bestAnchorMethods) {
  let best = null;
  for (const method of among) {
    const s = anchors.get(`${problem}|${method}|${budget}`);
    if (s !== undefined && (best === null || s.median < best.value)) best = { value: s.median, method };
  }
  return best;
}
export const bestTpeAnchor = (anchors, problem, budget) => bestAnchor(anchors, problem, budget, tpeAnchors);

/** The method the ratio column is about: auto, else the first model-based method that ran. */
export function ratioMethod(methods) {
  return ['auto', 'gp', 'tpe', 'hyperopt'].find((m) => methods.includes(m)) ?? null;
}

// a method that threw in some studies only: say over how many seeds its figures are
const cell = (s, seeds) => (s === undefined ? '–' : `${fmt(s.median)} [${fmt(s.q1)}, ${fmt(s.q3)}]${s.n < seeds ? ` (${s.n} seeds)` : ''}`);
const anchorLabel = Object.fromEntries(allAnchorMethods);

/** One Markdown table for a group of problems; anchor columns only for the anchors the group has. */
export function printRegretTable(title, problems, { stats, anchors, budgets, methods, seeds }) {
  if (problems.length === 0) return;
  const names = new Set(problems.map((p) => p.name));
  const anchored = [...anchors.keys()].map((k) => k.split('|')).filter(([p]) => names.has(p));
  const present = allAnchorMethods.filter(([m]) => anchored.some(([, method]) => method === m));
  const r = ratioMethod(methods);
  const head = ['problem', 'trials', ...methods.map((m) => methodLabels[m] ?? m), ...present.map(([, label]) => `anchor: ${label}`)];
  if (present.length > 0) head.push('best anchor', r === null ? 'ratio' : `${r} / best`);
  console.log(`\n### ${title}\n`);
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map(() => '---').join('|')}|`);
  for (const problem of problems) {
    for (const b of budgets) {
      const row = [problem.name, b, ...methods.map((m) => cell(stats.get(`${problem.name}|${m}|${b}`), seeds))];
      row.push(...present.map(([m]) => fmt(anchors.get(`${problem.name}|${m}|${b}`)?.median)));
      if (present.length > 0) {
        const best = bestAnchor(anchors, problem.name, b);
        const ours = r === null ? undefined : stats.get(`${problem.name}|${r}|${b}`);
        row.push(best === null ? '–' : `${fmt(best.value)} (${anchorLabel[best.method]})`);
        row.push(best === null || ours === undefined ? '–' : (floor(ours.median) / floor(best.value)).toFixed(2));
      }
      console.log(`| ${row.join(' | ')} |`);
    }
  }
}
