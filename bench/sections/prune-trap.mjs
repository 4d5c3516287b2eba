// Where the late trap of pruning comes from (docs/pruning.md, "Session 25"): each study's budget of 50
// full runs split in halves; per half, how many trials ran, how many were pruned and how many of those
// would have beaten the incumbent had they run to the end, how many completed and how many of those
// did beat it, and how good the sampler's asks were (the noise-free regret their full runs would reach).
import { curveFamilies } from '../lib/curve-families.mjs';
import { runCurveStudy } from '../lib/curve-study.mjs';
import { fmt, summarise } from '../lib/parallel.mjs';

export const name = 'prune-trap';
export const description = 'what pruning does to the second half of a study: pruned trials that would have won, and the quality of the asks';

/**
 * Options: --families a,b (default curves_visible), --pruners a,b (default none,asha), --seeds N
 * (default 5), --seed-from N, --algo (default auto), --gp JSON.
 */
export async function run(args) {
  const families = curveFamilies.filter((f) => (args.families ?? 'curves_visible').split(',').includes(f.name));
  const pruners = (args.pruners ?? 'none,asha').split(',');
  const seeds = Number(args.seeds ?? 5);
  const first = Number(args['seed-from'] ?? 0);
  const algo = args.algo ?? 'auto';
  const gp = JSON.parse(args.gp ?? '{}');
  console.log(`Seeds ${first}..${first + seeds - 1}, ${algo}${args.gp ? ` gp ${args.gp}` : ''}; budget 50 full runs, split at 25. Per half, summed over the seeds: trials, pruned (of them, would have beaten the incumbent), complete (of them, did); the asks' regret had they run to the end (lower quartile / median over the trials of the half, the first 8 left out).\n`);
  for (const family of families) {
    const maxEpochs = 50 * family.epochs;
    console.log(`### ${family.name}\n`);
    console.log('| pruner | final regret (median) | first half: trials / pruned (would win) / complete (won) | asks\' regret q1 / median | second half: trials / pruned (would win) / complete (won) | asks\' regret q1 / median |');
    console.log('|---|---|---|---|---|---|');
    for (const pruner of pruners) {
      const rows = [];
      const finals = [];
      for (let seed = first; seed < first + seeds; seed++) {
        const trace = [];
        const study = runCurveStudy(family, { seed, maxEpochs, pruner, algo, gp, trace });
        finals.push(study.regretAt[maxEpochs - 1]);
        rows.push(...trace);
      }
      const half = (late) => rows.filter((r) => (r.spentEnd > maxEpochs / 2) === late && (late || r.id >= 8));
      const cells = [false, true].flatMap((late) => {
        const part = half(late);
        const pruned = part.filter((r) => r.state === 'pruned');
        const complete = part.filter((r) => r.state === 'complete');
        const asks = summarise(part.map((r) => r.regret).filter(Number.isFinite));
        const winners = (trials) => trials.filter((r) => r.regret < r.incumbent).length;
        return [`${part.length} / ${pruned.length} (${winners(pruned)}) / ${complete.length} (${winners(complete)})`, `${fmt(asks.q1)} / ${fmt(asks.median)}`];
      });
      console.log(`| ${pruner} | ${fmt(summarise(finals).median)} | ${cells.join(' | ')} |`);
    }
    console.log();
  }
}
