// Pruning at the same number of trials, and at the same time (docs/pruning.md, "A fixed number of
// trials, or a time budget"). In-process, two slots on a simulated clock (bench/lib/slot-study.mjs: a
// trial costs 100 ms of start-up and 20 ms per epoch, about what prune-wall's real programs cost on a
// quiet machine), every curve family. Per family and pruner: at --trials N (default 40), the regret,
// the wall time against no pruning's, and the regret against no pruning's seed by seed; then with the
// time budget no pruning needs for half of those trials (`--time-budget`), the same, and how many
// trials each ran. Options: --seeds N (default 20), --seed-from K, --algo (default tpe), --pruners,
// --families, --trials.
import { parseSpace } from '../../dist/index.js';
import { curveFamilies } from '../lib/curve-families.mjs';
import { pairedCell, pairedRatio } from '../lib/paired.mjs';
import { fmt, summarise } from '../lib/parallel.mjs';
import { runSlotStudy } from '../lib/slot-study.mjs';

export const name = 'prune-time';
export const description = 'pruning at the same number of trials and at the same time: two slots on a simulated clock, every curve family';

const START_MS = 100;
const EPOCH_MS = 20;

export async function run(args) {
  const seeds = Number(args.seeds ?? 20);
  const first = Number(args['seed-from'] ?? 0);
  const algo = args.algo ?? 'tpe';
  const trials = Number(args.trials ?? 40);
  const pruners = (args.pruners ?? 'asha,hyperband,median').split(',');
  // screens: --variant '{"rungStartup":5}' (pruner settings), --gp '{...}' (GP settings)
  const variant = args.variant === undefined ? {} : JSON.parse(args.variant);
  const gp = args.gp === undefined ? undefined : JSON.parse(args.gp);
  const families = curveFamilies.filter((f) => args.families === undefined || args.families.split(',').includes(f.name));
  console.log(`Seeds ${first}..${first + seeds - 1}, ${algo}, 2 slots, ${START_MS} ms start-up + ${EPOCH_MS} ms per epoch. Cells: median regret; wall or trials; regret vs no pruning seed by seed (geometric mean [90 % interval] better/worse).\n`);
  console.log(`| family | pruner | ${trials} trials: regret | wall vs none | vs none | time budget: regret | trials | vs none |`);
  console.log('|---|---|---|---|---|---|---|---|');
  const median = (rows, key) => summarise(rows.map((r) => r[key])).median;
  for (const family of families) {
    const space = parseSpace(family.space);
    const study = (pruner, limit) => Array.from({ length: seeds }, (_, i) => runSlotStudy(family, space, { seed: first + i, pruner: pruner === 'none' ? pruner : { name: pruner, ...variant }, algo, startMs: START_MS, epochMs: EPOCH_MS, ...(gp === undefined ? {} : { options: { gp } }), ...limit }));
    // the budget: what no pruning needs for half the trials (full runs, two at a time)
    const budgetMs = (trials / 2 / 2) * (START_MS + family.epochs * EPOCH_MS);
    const baseTrials = study('none', { trials });
    const baseBudget = study('none', { budgetMs });
    const row = (pruner, fixed, timed) => {
      const versus = (rows, base) => (pruner === 'none' ? '' : pairedCell(pairedRatio(rows.map((r) => r.regret), base.map((r) => r.regret))));
      const wall = (median(fixed, 'wallMs') / median(baseTrials, 'wallMs')).toFixed(2);
      return `| ${family.name} | ${pruner} | ${fmt(median(fixed, 'regret'))} | ${wall} | ${versus(fixed, baseTrials)} | ${fmt(median(timed, 'regret'))} | ${median(timed, 'trials')} | ${versus(timed, baseBudget)} |`;
    };
    console.log(row('none', baseTrials, baseBudget));
    for (const pruner of pruners) console.log(row(pruner, study(pruner, { trials }), study(pruner, { budgetMs })));
  }
}
