// Early stopping on learning curves: each pruner against no pruning, budgets in epochs (20 and 50
// full runs' worth), beside Optuna 5's pruners (../shared/bench/curves.csv) on the one family they ran.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedBenchDir } from '../lib/anchors.mjs';
import { auditFamilies, curveFamilies as ownFamilies } from '../lib/curve-families.mjs';
import { runCurveStudy } from '../lib/curve-study.mjs';
import { pairedCell, pairedRatio } from '../lib/paired.mjs';
import { fmt, summarise } from '../lib/parallel.mjs';

// the session-61 audit's families (held out: own early stopping, SGDR, accuracy with ties, ...) run here too;
// the timed sections (prune-time, prune-wall) simulate runs of one length and keep to the others
const curveFamilies = [...ownFamilies, ...auditFamilies];

export const name = 'prune';
export const description = 'pruners (none, median, asha, hyperband) on learning curves, budgets in epochs, vs Optuna 5 (curves.csv)';

const OPTUNA = { none: 'optuna5_tpe_none', median: 'optuna5_tpe_median', asha: 'optuna5_tpe_sha', hyperband: 'optuna5_tpe_hyperband' };

/**
 * Options: --seeds N (default 20), --seed-from N (first seed, default 0; e.g. 100 for held-out seeds the
 * defaults were not chosen on), --families a,b (default all), --pruners a,b (default all four),
 * --algo tpe|gp|auto (default tpe), --variant JSON (pruner settings laid over each pruner's, e.g.
 * '{"reductionFactor":3}'), --tpe JSON, --gp JSON (sampler options, e.g. '{"pruned":"above"}'),
 * --step-unit N (epoch t reported as step t x N, as a program counting iterations prints it; the
 * pruners' defaults and the GP's fidelity scale are relative, so the tables should not change),
 * --objective last|min (min: a trial's result is its best epoch, as `objective: min` reads a program
 * that keeps its best checkpoint; the regret is then the best epoch's too; Optuna's figures are `last`),
 * --gp-baseline JSON (each pruner also runs with these sampler options instead of --gp, and a paired
 * line per pruner says --gp against them seed by seed: what a change to the GP does, told from the spread),
 * --variant-baseline JSON (the same for pruner settings: each pruner also runs with these instead of --variant).
 */
export async function run(args) {
  const seeds = Number(args.seeds ?? 20);
  const first = Number(args['seed-from'] ?? 0);
  const families = curveFamilies.filter((f) => args.families === undefined || args.families.split(',').includes(f.name));
  const pruners = (args.pruners ?? 'none,median,asha,hyperband').split(',');
  const variant = JSON.parse(args.variant ?? '{}');
  const objective = args.objective ?? 'last';
  if (!['last', 'min'].includes(objective)) throw new Error(`--objective must be last or min (got ${objective})`);
  const sampler = { algo: args.algo ?? 'tpe', tpe: JSON.parse(args.tpe ?? '{}'), gp: JSON.parse(args.gp ?? '{}'), stepUnit: Number(args['step-unit'] ?? 1), objective };
  const anchors = readAnchors();
  console.log(`Seeds ${first}..${first + seeds - 1}, sequential, ${sampler.algo}${args.tpe ? ` tpe ${args.tpe}` : ''}${args.gp ? ` gp ${args.gp}` : ''}${args.variant ? `, pruner settings ${args.variant}` : ''}${sampler.stepUnit === 1 ? '' : `, steps in units of ${sampler.stepUnit}`}${objective === 'min' ? ', objective min (a trial\'s result and regret: its best epoch)' : ''}.`);
  console.log('Median regret [quartiles]; Optuna 5 (seeds 0..9) beside it where it exists (a different seed set when --seed-from is given); trials run and pruned (median).\n');
  for (const family of families) {
    const budgets = [20, 50].map((runs) => runs * family.epochs);
    const maxEpochs = budgets[1];
    const results = new Map();
    for (const pruner of pruners) {
      const runs = [];
      for (let seed = first; seed < first + seeds; seed++) {
        const settings = pruner === 'none' ? 'none' : { name: pruner, ...variant };
        runs.push(runCurveStudy(family, { seed, maxEpochs, pruner: settings, ...sampler }));
      }
      results.set(pruner, runs);
      if (baselined(args) && !(pruner === 'none' && args['gp-baseline'] === undefined)) {
        const baseline = args['gp-baseline'] === undefined ? sampler : { ...sampler, gp: JSON.parse(args['gp-baseline']) };
        const baseVariant = args['variant-baseline'] === undefined ? variant : JSON.parse(args['variant-baseline']);
        const settings = pruner === 'none' ? 'none' : { name: pruner, ...baseVariant };
        const base = [];
        for (let seed = first; seed < first + seeds; seed++) base.push(runCurveStudy(family, { seed, maxEpochs, pruner: settings, ...baseline }));
        results.set(`${pruner}|baseline`, base);
      }
    }
    console.log(`### ${family.name} (${family.epochs} epochs per full run)\n`);
    console.log(`| pruner | ${budgets.map((b) => `regret at ${b}`).join(' | ')} | Optuna at ${budgets.join(' / ')} | trials / pruned / near-copies at ${maxEpochs} |`);
    console.log('|---|---|---|---|---|');
    for (const pruner of pruners) {
      const runs = results.get(pruner);
      const cells = budgets.map((b) => cell(summarise(runs.map((r) => r.regretAt[b - 1]))));
      const optuna = family.name === 'curves_visible' && objective === 'last' ? budgets.map((b) => fmt(anchors.get(`${OPTUNA[pruner]}|${b}`))).join(' / ') : '–';
      const trials = summarise(runs.map((r) => r.trials)).median;
      const pruned = summarise(runs.map((r) => r.pruned)).median;
      // near-copies summed over the seeds, and the studies with five or more (curve-study.mjs)
      const copies = runs.reduce((sum, r) => sum + r.copies, 0);
      const many = runs.filter((r) => r.copies >= 5).length;
      console.log(`| ${pruner} | ${cells.join(' | ')} | ${optuna} | ${trials} / ${pruned} / ${copies} (${many} studies ≥ 5) |`);
    }
    if (results.has('none') && pruners.length > 1) {
      // per seed against no pruning: tells a real loss from the spread of 20 medians
      console.log(`\nPer seed, against no pruning (geometric mean of the ratio of regrets [90 % interval], seeds better / worse): ${budgets.map((b) => `at ${b}`).join(' ; ')}\n`);
      for (const pruner of pruners.filter((p) => p !== 'none')) {
        const cells = budgets.map((b) => pairedCell(pairedRatio(results.get(pruner).map((r) => r.regretAt[b - 1]), results.get('none').map((r) => r.regretAt[b - 1]))));
        console.log(`- ${pruner}: ${cells.join(' ; ')}`);
      }
    }
    if (baselined(args)) {
      const against = args['gp-baseline'] !== undefined ? `--gp ${args.gp ?? '{}'} against --gp-baseline ${args['gp-baseline']}` : `--variant ${args.variant ?? '{}'} against --variant-baseline ${args['variant-baseline']}`;
      console.log(`\nPer seed, ${against} (geometric mean of the ratio of regrets [90 % interval], seeds better / worse): ${budgets.map((b) => `at ${b}`).join(' ; ')}\n`);
      for (const pruner of pruners.filter((p) => results.has(`${p}|baseline`))) {
        const cells = budgets.map((b) => pairedCell(pairedRatio(results.get(pruner).map((r) => r.regretAt[b - 1]), results.get(`${pruner}|baseline`).map((r) => r.regretAt[b - 1]))));
        const copies = (key) => results.get(key).reduce((sum, r) => sum + r.copies, 0);
        console.log(`- ${pruner}: ${cells.join(' ; ')}; near-copies ${copies(pruner)} against ${copies(`${pruner}|baseline`)}`);
      }
    }
    // the pick among near-equal runs by noisy values decides the end of a study as much as the search
    // does: the best complete run's own regret says what the search found
    console.log(`\nThe best complete run, noise-free (whatever its reported value), median at ${budgets.join(' / ')}${results.has('none') ? ' (per seed against no pruning, at ' + budgets.join(' ; ') + ')' : ''}:\n`);
    for (const pruner of pruners) {
      const medians = budgets.map((b) => fmt(summarise(results.get(pruner).map((r) => r.bestRunAt[b - 1])).median));
      const paired = pruner !== 'none' && results.has('none') ? ` (${budgets.map((b) => pairedCell(pairedRatio(results.get(pruner).map((r) => r.bestRunAt[b - 1]), results.get('none').map((r) => r.bestRunAt[b - 1])))).join(' ; ')})` : '';
      console.log(`- ${pruner}: ${medians.join(' / ')}${paired}`);
    }
    if (results.has('none')) {
      const target = summarise(results.get('none').map((r) => r.regretAt[maxEpochs - 1])).median;
      const reach = pruners.map((pruner) => `${pruner} ${epochsToReach(results.get(pruner), target, maxEpochs)}`);
      console.log(`\nEpochs until the median regret reaches no pruning's at ${maxEpochs} (${fmt(target)}): ${reach.join(', ')}\n`);
    }
  }
}

/** Whether a baseline runs beside each pruner: other sampler options, or other pruner settings. */
function baselined(args) {
  return args['gp-baseline'] !== undefined || args['variant-baseline'] !== undefined;
}

function cell(s) {
  return `${fmt(s.median)} [${fmt(s.q1)}, ${fmt(s.q3)}]`;
}

/** The first epoch at which the median regret over seeds is at or below `target`. */
function epochsToReach(runs, target, maxEpochs) {
  for (let e = 0; e < maxEpochs; e++) {
    if (summarise(runs.map((r) => r.regretAt[e])).median <= target) return `${e + 1} (${((100 * (e + 1)) / maxEpochs).toFixed(0)} %)`;
  }
  return `> ${maxEpochs}`;
}

/** "method|budget" -> median regret over the anchor's seeds. */
function readAnchors() {
  const out = new Map();
  let text;
  try {
    text = readFileSync(join(sharedBenchDir(), 'curves.csv'), 'utf8');
  } catch {
    return out;
  }
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const cols = header.split(',').map((c) => c.trim());
  const groups = new Map();
  for (const line of lines) {
    const row = Object.fromEntries(line.split(',').map((c, i) => [cols[i], c.trim()]));
    const key = `${row.method}|${row.budget_epochs}`;
    groups.set(key, [...(groups.get(key) ?? []), Number(row.regret)]);
  }
  for (const [key, values] of groups) out.set(key, summarise(values).median);
  return out;
}
