// The `optimizer` section's verdicts: the targets of issue 10, each with exactly where it fails, and
// a table of where each of our methods loses. All comparisons are on medians floored at SOLVED.
import { fmt } from './parallel.mjs';
import { bestAnchor, bestTpeAnchor, floor, methodLabels } from './regret-report.mjs';
import { distinctProblems } from './registry.mjs';

/** A ratio for a failure list: three decimals near 1, where two would print a failure as "1.00x". */
export const times = (r) => `${r < 1.1 ? r.toFixed(3) : r < 100 ? r.toFixed(2) : r.toFixed(0)}x`;

/** "p@10,25; q@200" from [{ problem, b, note }] (checkpoints grouped per problem). */
function where(list) {
  if (list.length === 0) return 'nowhere';
  const byProblem = new Map();
  for (const { problem, b, note } of list) {
    if (!byProblem.has(problem)) byProblem.set(problem, []);
    byProblem.get(problem).push(note === undefined ? `${b}` : `${b} (${note})`);
  }
  return [...byProblem].map(([p, bs]) => `${p}@${bs.join(',')}`).join('; ');
}

/** Verdict against anchors: `method` at budget b <= pick(anchors, problem, b) on every anchored problem. */
function anchorVerdict(label, { problems, stats, anchors, method, b, pick, half = false }) {
  const rows = [];
  const missing = [];
  for (const problem of problems) {
    const best = pick(anchors, problem.name, b);
    if (best === null) continue;
    const ours = stats.get(`${problem.name}|${method}|${b}`);
    if (ours === undefined) missing.push(problem.name);
    else rows.push({ problem: problem.name, b, ratio: floor(ours.median) / floor(best.value), best });
  }
  if (rows.length === 0 && missing.length === 0) return;
  const misses = rows.filter((r) => r.ratio > 1);
  let line = `- ${label}: ${rows.length - misses.length}/${rows.length + missing.length} met`;
  if (half) line += `, at most half of it: ${rows.filter((r) => r.ratio <= 0.5).length}/${rows.length + missing.length}`;
  console.log(line);
  if (misses.length > 0) console.log(`  - fails: ${misses.map((m) => `${m.problem} (${times(m.ratio)} ${m.best.method} ${fmt(m.best.value)})`).join('; ')}`);
  if (missing.length > 0) console.log(`  - no result for ${method}: ${missing.join(', ')}`);
}

/** The targets: auto vs the anchors at 25/50/100; auto and tpe vs our hyperopt preset and random everywhere. */
export function printVerdicts({ groups, stats, anchors, budgets, methods }) {
  console.log('\n### Verdicts (targets of issue 10; medians, a regret below 1e-6 counts as 1e-6)\n');
  const anchored = [...groups.reference, ...groups.suite2];
  if (!methods.includes('auto')) console.log('- auto: not run (add it to --methods)');
  else {
    if (budgets.includes(100)) {
      anchorVerdict('auto at 100 trials <= best anchor of any method (anchors.csv, anchors_gp.csv, suite2.csv)', {
        problems: anchored, stats, anchors, method: 'auto', b: 100, pick: bestAnchor, half: true,
      });
    }
    for (const b of [25, 50].filter((x) => budgets.includes(x))) {
      anchorVerdict(`auto at ${b} trials <= best TPE anchor`, { problems: anchored, stats, anchors, method: 'auto', b, pick: bestTpeAnchor });
    }
  }
  const all = distinctProblems(groups);
  for (const m of ['auto', 'tpe'].filter((x) => methods.includes(x))) {
    for (const ref of ['hyperopt', 'random'].filter((x) => methods.includes(x))) {
      const fails = [];
      let compared = 0;
      for (const problem of all) {
        for (const b of budgets) {
          const ours = stats.get(`${problem.name}|${m}|${b}`);
          const other = stats.get(`${problem.name}|${ref}|${b}`);
          if (ours === undefined || other === undefined) continue;
          compared += 1;
          const ratio = floor(ours.median) / floor(other.median);
          if (ratio > 1) fails.push({ problem: problem.name, b, note: times(ratio) });
        }
      }
      console.log(`- ${m} never worse than ${methodLabels[ref]} (median, every problem and checkpoint): ${compared - fails.length}/${compared} met`);
      if (fails.length > 0) console.log(`  - fails: ${where(fails)}`);
    }
  }
}

/**
 * Where each method loses: its median is the worst of our methods (strictly above the best), it is
 * worse than random, and, on our own and the conditional problems (no anchors there), gp and tpe more than 2x
 * behind each other.
 */
export function printLosses({ groups, stats, budgets, methods }) {
  console.log('\n### Where each algorithm loses (medians; "worst" = worst of the methods run here)\n');
  console.log('| method | worst of ours | worse than random | own and conditional problems: > 2x behind the other of gp/tpe |');
  console.log('|---|---|---|---|');
  const all = distinctProblems(groups);
  const own = new Set([...groups.own, ...(groups.conditional ?? []), ...(groups.training ?? []), ...(groups.unseeded ?? [])].map((p) => p.name));
  const value = (p, m, b) => {
    const s = stats.get(`${p}|${m}|${b}`);
    return s === undefined ? undefined : floor(s.median);
  };
  for (const m of methods) {
    const worst = [];
    const belowRandom = [];
    const behind = [];
    const rival = { gp: 'tpe', tpe: 'gp' }[m];
    for (const problem of all) {
      for (const b of budgets) {
        const mine = value(problem.name, m, b);
        if (mine === undefined) continue;
        const others = methods.filter((x) => x !== m).map((x) => value(problem.name, x, b)).filter((v) => v !== undefined);
        if (others.length > 0 && mine >= Math.max(...others) && mine > Math.min(...others)) worst.push({ problem: problem.name, b });
        const random = value(problem.name, 'random', b);
        if (m !== 'random' && random !== undefined && mine > random) belowRandom.push({ problem: problem.name, b, note: times(mine / random) });
        const theirs = rival === undefined || !methods.includes(rival) ? undefined : value(problem.name, rival, b);
        if (own.has(problem.name) && theirs !== undefined && mine > 2 * theirs) behind.push({ problem: problem.name, b, note: times(mine / theirs) });
      }
    }
    if (!budgets.some((b) => all.some((p) => stats.has(`${p.name}|${m}|${b}`)))) {
      console.log(`| ${methodLabels[m]} | no results (it threw) | | |`);
      continue;
    }
    // random search is expected to be the worst; count it only
    const worstCell = m === 'random' ? `${worst.length} checkpoints (expected)` : where(worst);
    const rivalRan = rival !== undefined && methods.includes(rival) && all.some((p) => budgets.some((b) => stats.has(`${p.name}|${rival}|${b}`)));
    const behindCell = rival === undefined ? '' : rivalRan ? where(behind) : `(no results for ${rival})`;
    console.log(`| ${methodLabels[m]} | ${worstCell} | ${m === 'random' ? '' : where(belowRandom)} | ${behindCell} |`);
  }
}
