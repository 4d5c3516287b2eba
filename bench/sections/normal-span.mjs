// The GP's span for normal families (docs/gp.md, "Normal families"): median regret at 15 / 25 / 50
// trials and the share of model asks (after the 8 start-up trials) beyond 3 sd of the prior, for each
// span given, beside random search and the TPE. In-process, one thread. Options: --seeds N (default 20),
// --seed-offset K (default 0), --spans a,b (default 6,3: before and the default).
import { createOptimizer } from '../../dist/index.js';
import { normalProblems } from '../lib/normal-problems.mjs';
import { fmt } from '../lib/parallel.mjs';

export const name = 'normal-span';
export const description = "the GP's span for normal families: regret and asks beyond 3 sd, by span, beside random and the TPE";

const BUDGETS = [15, 25, 50];

function study(problem, options, seeds) {
  const at = BUDGETS.map(() => []);
  let far = 0;
  let asked = 0;
  for (const seed of seeds) {
    const opt = createOptimizer(problem.space, { ...options, seed });
    let best = Infinity;
    for (let n = 0; n < BUDGETS[BUDGETS.length - 1]; n++) {
      const { id, params } = opt.ask();
      const value = problem.f(params);
      opt.tell(id, value);
      best = Math.min(best, value);
      if (n >= 8) {
        asked++;
        if (Math.max(...problem.z(params).map(Math.abs)) > 3 + 1e-9) far++;
      }
      const k = BUDGETS.indexOf(n + 1);
      if (k >= 0) at[k].push(best - problem.minimum);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  return `${at.map((xs) => fmt(median(xs))).join(' / ')} (${((100 * far) / asked).toFixed(0)} %)`;
}

export async function run(args) {
  const offset = Number(args['seed-offset'] ?? 0);
  const seeds = Array.from({ length: Number(args.seeds ?? 20) }, (_, i) => offset + i);
  const spans = (args.spans ?? '6,3').split(',').map(Number);
  const methods = [...spans.map((span) => [`auto, span ${span}`, { algo: 'auto', gp: { normalSpan: span } }]), ['random', { algo: 'random' }], ['tpe', { algo: 'tpe' }]];
  console.log(`Median regret at ${BUDGETS.join(' / ')} trials (asks after the 8 start-up trials beyond 3 sd), seeds ${seeds[0]}..${seeds[seeds.length - 1]}.\n`);
  console.log(`| problem | ${methods.map(([label]) => label).join(' | ')} |`);
  console.log(`|---|${methods.map(() => '---').join('|')}|`);
  for (const problem of normalProblems) console.log(`| ${problem.name} | ${methods.map(([, options]) => study(problem, options, seeds)).join(' | ')} |`);
}
