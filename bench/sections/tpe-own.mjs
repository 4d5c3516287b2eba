// hypertune's TPE on spaces it was not tuned on: other dimensions, integer, log-scaled, categorical, conditional.
import { fmt } from '../lib/parallel.mjs';
import { ownProblems } from '../lib/problems.mjs';
import { options, regretTable } from './tpe.mjs';

export const name = 'tpe-own';
export const description = 'hypertune TPE vs hyperopt preset vs random on spaces of our own (no anchors exist)';

const BUDGETS = [25, 50, 100];

export async function run(args) {
  const opts = options(args);
  const problems = ownProblems.filter((p) => opts.problems === null || opts.problems.includes(p.name));
  const stats = await regretTable(problems, BUDGETS, opts);
  console.log(`Median regret [quartiles] over seeds 0..${opts.seeds - 1}; last columns: hypertune TPE median / the others'.\n`);
  console.log('| problem | trials | random | hyperopt preset | hypertune TPE | vs random | vs hyperopt |');
  console.log('|---|---|---|---|---|---|---|');
  const cell = (s) => (s === undefined ? '–' : `${fmt(s.median)} [${fmt(s.q1)}, ${fmt(s.q3)}]`);
  const ratio = (a, b) => (a === undefined || b === undefined ? '–' : b.median === 0 ? (a.median === 0 ? '1.00' : '∞') : (a.median / b.median).toFixed(2));
  for (const problem of problems) {
    for (const b of BUDGETS) {
      const [r, h, t] = ['random', 'hyperopt', 'tpe'].map((m) => stats.get(`${problem.name}|${m}|${b}`));
      console.log(`| ${[problem.name, b, cell(r), cell(h), cell(t), ratio(t, r), ratio(t, h)].join(' | ')} |`);
    }
  }
}
