import { isMap, isScalar, isSeq, Pair, YAMLMap, type Node } from 'yaml';
import { OverrideProblem, readOverride, type HydraSweep } from './hydra-override.js';
import type { ParseContext } from './parse-context.js';
import type { HydraOrigin } from './types.js';
import { asWritten, choiceOf, mapOf, placed } from './made-nodes.js';

/**
 * A Hydra application's config with an Optuna sweeper (`hydra.sweeper.params`, as lightning-hydra-template's
 * `configs/hparams_search/*.yaml` write it) read as a space file (docs/space.md, "Hydra sweeper configs").
 * The parameters keep their dotted names (`model.optimizer.lr`), which `--pass args` hands to the program
 * as Hydra overrides (`model.optimizer.lr=0.003`). `direction` is the goal, `n_trials` the trials, a
 * `RandomSampler` or `GridSampler` the sampler (any other leaves hypertune's default), and a top-level
 * `optimized_metric` (the template's key) the metric. The rest of the file is the application's.
 */
export function isHydraSweeper(root: YAMLMap): boolean {
  // an application's own top-level params: is its config's (a user audit: such a file was read as hypertune's)
  const hydra = root.get('hydra', true);
  return isMap(hydra) && isMap(hydra.get('sweeper', true));
}

const SAMPLERS: Record<string, string> = { RandomSampler: 'random', GridSampler: 'grid' };

export function hydraAsSpace(ctx: ParseContext, root: YAMLMap): { map: YAMLMap; origin: HydraOrigin } {
  const hydra = root.get('hydra', true);
  const sweeper = isMap(hydra) ? hydra.get('sweeper', true) : null;
  if (!isMap(sweeper)) return ctx.fail('hydra.sweeper must be a mapping', ctx.positionOf(root));
  const entries: Array<[string, Node]> = [];
  const put = (key: string, value: Node): void => void entries.push([key, value]);
  const params = sweeper.get('params', true) as Node | undefined;
  // Hydra 1.1's search_space: (a mapping of {type, low, high} per parameter) is deprecated by the sweeper itself
  const old = sweeper.has('search_space') ? ': its search_space: (Hydra 1.1) is not read; write the parameters under params: as Hydra overrides, lr: tag(log, interval(1e-5, 1e-1))' : '';
  if (params === undefined) ctx.fail(`hydra.sweeper has no params:${old || ', the sweeps to tune (lr: tag(log, interval(1e-5, 1e-1)))'}`, ctx.positionOf(sweeper));
  if (!isMap(params) || params.items.length === 0) ctx.fail('hydra.sweeper.params must be a non-empty mapping of name: sweep', ctx.positionOf(params));
  const converted = new YAMLMap();
  for (const pair of params.items) {
    const label = isScalar(pair.key) ? String(pair.key.value) : '';
    const node = (pair.value as Node | null) ?? placed(null, pair.key as Node);
    converted.items.push(new Pair(placed(label, pair.key as Node), paramNode(ctx, label, node)));
  }
  put('params', converted);
  const direction = sweeper.get('direction', true) as Node | undefined;
  if (isSeq(direction)) ctx.fail('hydra.sweeper.direction is a list (several objectives): hypertune tunes one metric; give minimize or maximize', ctx.positionOf(direction));
  if (direction !== undefined) put('goal', direction);
  const trials = sweeper.get('n_trials', true) as Node | undefined;
  if (trials !== undefined) put('trials', trials);
  const sampler = sweeper.get('sampler', true);
  const target = isMap(sampler) ? sampler.get('_target_', true) : undefined;
  const algo = isScalar(target) ? SAMPLERS[String(target.value).split('.').pop() ?? ''] : undefined;
  if (algo !== undefined) put('algo', placed(algo, target as Node));
  const metric = root.get('optimized_metric', true) as Node | undefined;
  if (isScalar(metric) && typeof metric.value === 'string') put('metric', metric);
  return { map: mapOf(entries, root), origin: { format: 'hydra' } };
}

function paramNode(ctx: ParseContext, label: string, node: Node): Node {
  // a number, true/false or null is a value Hydra would pass as written
  if (!isScalar(node)) return ctx.fail('a sweep is written as Hydra writes it on the command line: choice(a, b), range(1, 8), interval(0, 1), tag(log, interval(1e-5, 1e-1))', ctx.positionOf(node), label);
  if (typeof node.value !== 'string') return node;
  let sweep: HydraSweep;
  try {
    sweep = readOverride(node.value);
  } catch (error) {
    if (!(error instanceof OverrideProblem)) throw error;
    return ctx.fail(error.message, ctx.positionOf(node), label);
  }
  const expression = (text: string): Node => placed(text, node);
  switch (sweep.kind) {
    case 'constant':
      return asWritten(sweep.value, node);
    case 'choice':
      return choiceOf(sweep.values.map((value) => asWritten(value, node)), node);
    case 'interval': {
      const { start, end } = sweep;
      if (sweep.integer) return expression(sweep.log ? `qloguniform(${start}, ${end}, 1)` : `uniformint(${Math.ceil(start)}, ${Math.floor(end)})`);
      return expression(`${sweep.log ? 'loguniform' : 'uniform'}(${start}, ${end})`);
    }
    case 'range': {
      const { start, stop, step } = sweep;
      // Optuna's distribution of a range includes stop; a grid aligned on the step is a quantized uniform
      const last = start + Math.floor((stop - start) / step + 1e-9) * step;
      if (!sweep.float && start % step === 0) return expression(`quniform(${start}, ${last}, ${step})`);
      const count = Math.floor((last - start) / step + 1e-9) + 1;
      if (count > 1000) ctx.fail(`range(${start}, ${stop}, step=${step}) holds ${count} values; give a coarser step or an interval()`, ctx.positionOf(node), label);
      return choiceOf(Array.from({ length: count }, (_, i) => placed(Number((start + i * step).toPrecision(12)), node)), node);
    }
  }
}

