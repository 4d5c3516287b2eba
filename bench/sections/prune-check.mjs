// summary's pruning check (docs/pruning.md, "Did pruning stop the runs that end best?"): on every curve
// family, how often the note speaks at the end of a study, beside what pruning did to that study
// against no pruning on the same seed. The note reads a property of the curves (early values that do
// not foretell the end), so it should be silent where they do and speak where they do not.
import { PRUNE_CHECK_RULE, pruneCheck } from '../../dist/report/prune-check.js';
import { auditFamilies, curveFamilies as ownFamilies } from '../lib/curve-families.mjs';
import { runCurveStudy } from '../lib/curve-study.mjs';
import { pairedCell, pairedRatio } from '../lib/paired.mjs';

// the session-61 audit's families (held out: own early stopping, SGDR, accuracy with ties, ...) run here too;
// the timed sections (prune-time, prune-wall) simulate runs of one length and keep to the others
const curveFamilies = [...ownFamilies, ...auditFamilies];

export const name = 'prune-check';
export const description = "summary's pruning check: where it speaks (studies of each curve family and pruner), beside pruning's regret against none";

/**
 * Options: --seeds N (default 20), --seed-from N (default 0), --families a,b (default all), --pruners
 * (default median,asha,hyperband), --algo tpe|auto (default tpe), --runs 20,50 (budgets in full runs'
 * worth, each a study of its own), --rule JSON (laid over the kept rule, PRUNE_CHECK_RULE).
 */
export async function run(args) {
  const seeds = Number(args.seeds ?? 20);
  const first = Number(args['seed-from'] ?? 0);
  const algo = args.algo ?? 'tpe';
  const families = curveFamilies.filter((f) => args.families === undefined || args.families.split(',').includes(f.name));
  const pruners = (args.pruners ?? 'median,asha,hyperband').split(',');
  const runsWorth = String(args.runs ?? '20,50').split(',').map(Number);
  const rule = { ...PRUNE_CHECK_RULE, ...JSON.parse(args.rule ?? '{}') };
  console.log(`Seeds ${first}..${first + seeds - 1}, ${algo}, rule ${JSON.stringify(rule)}.`);
  console.log('Per cell: studies where the note speaks, of all; the pruner against no pruning seed by seed (geometric mean [90 % interval], seeds better / worse).\n');
  console.log(`| family | pruner | ${runsWorth.map((r) => `note at ${r} runs' worth | pruner / none at ${r}`).join(' | ')} |`);
  console.log(`|---|---|${runsWorth.map(() => '---|---|').join('')}`);
  const totals = { spoke: 0, studies: 0 };
  for (const family of families) {
    const cells = new Map(pruners.map((p) => [p, []]));
    for (const runs of runsWorth) {
      const maxEpochs = runs * family.epochs;
      const none = [];
      const byPruner = new Map(pruners.map((p) => [p, { regrets: [], spoke: 0 }]));
      for (let seed = first; seed < first + seeds; seed++) {
        none.push(runCurveStudy(family, { seed, maxEpochs, pruner: 'none', algo }).regretAt[maxEpochs - 1]);
        for (const pruner of pruners) {
          const study = runCurveStudy(family, { seed, maxEpochs, pruner: { name: pruner }, algo });
          const cell = byPruner.get(pruner);
          cell.regrets.push(study.regretAt[maxEpochs - 1]);
          const check = pruneCheck(study.history, 'minimize', rule);
          if (check !== null && check.badSteps.length > 0) cell.spoke += 1;
        }
      }
      for (const pruner of pruners) {
        const cell = byPruner.get(pruner);
        totals.spoke += cell.spoke;
        totals.studies += seeds;
        cells.get(pruner).push(`${cell.spoke} / ${seeds}`, pairedCell(pairedRatio(cell.regrets, none)));
      }
    }
    for (const pruner of pruners) console.log(`| ${family.name} | ${pruner} | ${cells.get(pruner).join(' | ')} |`);
  }
  console.log(`\nThe note spoke in ${totals.spoke} of ${totals.studies} studies.`);
}
