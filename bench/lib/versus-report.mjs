// `--versus`: a second sampler setting run on the same seeds as the section's own, compared seed by
// seed. A median of 20 seeds moves by a third from one seed set to the next on multimodal problems
// (docs/gp.md, "Narrow basins": ackley10's median 1.09x worse where the seeds paired up are level), so
// a choice is judged by the paired ratio and its interval, as the prune section judges pruners.
import { pairedCell, pairedRatio, pairedVerdict } from './paired.mjs';

const VERSUS_METHODS = ['auto', 'gp', 'tpe'];

/**
 * The studies `--versus` adds for one problem: the setting for each of auto/gp/tpe run, or, with a
 * `method` of its own, that method once per seed. Its sampler options are whole, not merged with
 * --tpe/--gp/--auto.
 */
export function versusJobs(problem, methods, seeds, budgets, versus) {
  const sampler = { tpe: { ...versus.tpe }, gp: { ...versus.gp }, auto: { ...versus.auto } };
  const runAs = versus.method !== undefined ? [versus.method] : methods.filter((m) => VERSUS_METHODS.includes(m));
  return runAs.flatMap((method) => seeds.map((seed) => ({ problem, method, seed, budgets, timeUntil: null, versus: true, sampler })));
}

const bySeed = (results, problem, method, budget, seeds) =>
  seeds.map((seed) => results.find((r) => r.problem === problem && r.method === method && r.seed === seed)?.regrets[budget] ?? NaN);

/**
 * Per problem and checkpoint, for each of auto/gp/tpe that ran: the geometric mean over seeds of
 * versus / own, its 90 % interval and the seeds better / worse; then the cells where the whole
 * interval lies above or below 1, and the geometric mean of all cells.
 */
export function printVersus({ own, versus, problems, methods, budgets, seeds, setting }) {
  const compared = methods.filter((m) => VERSUS_METHODS.includes(m));
  if (compared.length === 0) return;
  console.log(`\n### Seed by seed: --versus ${JSON.stringify(setting)} against the settings above\n`);
  console.log('Geometric mean over the seeds of versus / own regret [90 % interval], seeds better / worse (regrets floored at 1e-6); **worse** when the whole interval lies above 1.\n');
  console.log(`| problem | trials | ${compared.join(' | ')} |`);
  console.log(`|---|---|${compared.map(() => '---|').join('')}`);
  const cells = [];
  for (const problem of problems) {
    for (const b of budgets) {
      const row = compared.map((m) => {
        // with a `method` of its own, the versus studies are that method's, set against each method run
        const p = pairedRatio(bySeed(versus, problem.name, setting.method ?? m, b, seeds), bySeed(own, problem.name, m, b, seeds));
        if (p !== null) cells.push({ where: `${m} ${problem.name}@${b}`, ...p });
        return pairedCell(p);
      });
      console.log(`| ${problem.name} | ${b} | ${row.join(' | ')} |`);
    }
  }
  if (cells.length === 0) return;
  const geo = Math.exp(cells.reduce((sum, c) => sum + Math.log(c.ratio), 0) / cells.length);
  const list = (picked) => (picked.length === 0 ? 'none' : picked.map((c) => `${c.where} ${c.ratio.toPrecision(2)}x`).join(', '));
  console.log(`\n${cells.length} cells, geometric mean ${geo.toFixed(3)}; worse: ${list(cells.filter((c) => pairedVerdict(c) === 'worse'))}; better: ${list(cells.filter((c) => pairedVerdict(c) === 'better'))}.`);
}
