import { isMap, isScalar, type Node } from 'yaml';
import type { ParseContext } from './parse-context.js';
import { didYouMean } from './suggest.js';
import { SPACE_PRUNERS, type SpacePrune, type SpacePruner } from './types.js';

/** Keys of a `prune:` mapping, as the file writes them, and the setting each fills. */
export const PRUNE_KEYS = {
  pruner: 'name',
  startup_trials: 'startupTrials',
  warmup_steps: 'warmupSteps',
  min_steps: 'minSteps',
  reduction_factor: 'reductionFactor',
  max_steps: 'maxSteps',
} as const;

/**
 * Optuna's and Ray Tune's names for these settings and pruners, named in the refusal: a user moving from
 * them wrote `grace_period: 1` and got no hint (a user audit, Optuna/Ray migration).
 */
const KEYS_ELSEWHERE: Record<string, string> = {
  n_startup_trials: "Optuna's n_startup_trials is startup_trials here",
  n_warmup_steps: "Optuna's n_warmup_steps is warmup_steps here",
  min_resource: "Optuna's min_resource is min_steps here",
  grace_period: "Ray Tune's grace_period is min_steps here",
  max_resource: "Optuna's max_resource is max_steps here",
  max_t: "Ray Tune's max_t is max_steps here, the steps of a full run, which stops no run: the program's own epoch count ends it",
  interval_steps: 'every step the program reports is judged, with no interval',
  time_attr: 'a step is the epoch or step the program prints, docs/pruning.md "Steps"',
  metric: 'the metric and goal are the top-level metric: and goal:',
  mode: 'the metric and goal are the top-level metric: and goal:',
};
const PRUNERS_ELSEWHERE: Record<string, SpacePruner> = {
  medianpruner: 'median',
  successivehalvingpruner: 'asha',
  ashascheduler: 'asha',
  asynchyperbandscheduler: 'asha',
  hyperbandpruner: 'hyperband',
  hyperbandscheduler: 'hyperband',
  noppruner: 'none',
};

/** The keys of a `prune:` mapping that each pruner does not use, and what it takes instead. */
const FOREIGN: Record<Exclude<SpacePruner, 'none'>, readonly string[]> = { median: ['min_steps', 'reduction_factor'], asha: ['warmup_steps', 'startup_trials'], hyperband: ['warmup_steps', 'startup_trials'] };
const OWN: Record<SpacePruner, string> = { none: '', median: 'warmup_steps and startup_trials', asha: 'min_steps and reduction_factor', hyperband: 'min_steps and reduction_factor' };

/**
 * `prune: median` or a mapping (`prune: { pruner: asha, min_steps: 1, reduction_factor: 3 }`), and a
 * top-level `max_steps: 27`. Every mistake is a SpaceError naming the line.
 */
export function parsePrune(ctx: ParseContext, prune: Node | null | undefined, maxSteps: Node | null | undefined): SpacePrune {
  const out: SpacePrune = {};
  const at: Partial<Record<'minSteps' | 'maxSteps', Node | null>> = {};
  const seen = new Map<string, Node>();
  if (prune !== undefined && prune !== null) {
    if (isScalar(prune)) out.name = pruner(ctx, prune);
    else if (isMap(prune)) {
      for (const pair of prune.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        const value = (pair.value as Node | null) ?? null;
        if (!Object.hasOwn(PRUNE_KEYS, key)) {
          const known = Object.keys(PRUNE_KEYS);
          const elsewhere = Object.hasOwn(KEYS_ELSEWHERE, key) ? ` (${KEYS_ELSEWHERE[key] ?? ''})` : didYouMean(key, known);
          ctx.fail(`unknown key ${JSON.stringify(key)} in prune:${elsewhere}; known: ${known.join(', ')}`, ctx.positionOf(pair.key as Node));
        }
        seen.set(key, pair.key as Node);
        const field = PRUNE_KEYS[key as keyof typeof PRUNE_KEYS];
        if (field === 'minSteps' || field === 'maxSteps') at[field] = value;
        if (field === 'name') out.name = pruner(ctx, value);
        else out[field] = number(ctx, `prune: ${key}`, value, field === 'reductionFactor' ? 2 : field === 'minSteps' || field === 'maxSteps' ? 1 : 0, field !== 'reductionFactor');
      }
    } else ctx.fail(`prune must be ${SPACE_PRUNERS.join(', ')} or a mapping with pruner: and its settings`, ctx.positionOf(prune));
  }
  if (maxSteps !== undefined && maxSteps !== null) {
    const top = number(ctx, 'max_steps', maxSteps, 1, true);
    if (out.maxSteps !== undefined && out.maxSteps !== top) {
      ctx.fail(`max_steps is ${top} here and ${out.maxSteps} in prune: (line ${ctx.positionOf(at.maxSteps ?? null).line}); give it once`, ctx.positionOf(maxSteps));
    }
    out.maxSteps = top;
    at.maxSteps = maxSteps;
  }
  // another pruner's setting would do nothing (a user audit: asha pruned inside its warmup_steps)
  const foreign = out.name === undefined || out.name === 'none' ? undefined : FOREIGN[out.name].find((key) => seen.has(key));
  if (foreign !== undefined) ctx.fail(`prune: ${foreign} is not a setting of ${out.name ?? ''} (it takes ${OWN[out.name ?? 'none']})`, ctx.positionOf(seen.get(foreign) ?? null));
  // the pruner would refuse it at run time, without a line; say it here, where check sees it too
  if (out.minSteps !== undefined && out.maxSteps !== undefined && out.maxSteps < out.minSteps) {
    ctx.fail(`max_steps (${out.maxSteps}) must be at least prune: min_steps (${out.minSteps})`, ctx.positionOf(at.maxSteps ?? null));
  }
  return out;
}

function pruner(ctx: ParseContext, node: Node | null): SpacePruner {
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value !== 'string' || !(SPACE_PRUNERS as readonly string[]).includes(value)) {
    const elsewhere = PRUNERS_ELSEWHERE[String(value).toLowerCase().replace(/^.*\./, '').replace(/[^a-z]/g, '')];
    const hint = elsewhere === undefined ? didYouMean(String(value), [...SPACE_PRUNERS]) : `: write ${elsewhere}`;
    ctx.fail(`prune must be one of ${SPACE_PRUNERS.join(', ')} (got ${JSON.stringify(value ?? null)})${hint}`, ctx.positionOf(node));
  }
  return value as SpacePruner;
}

function number(ctx: ParseContext, key: string, node: Node | null, min: number, whole: boolean): number {
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (whole && !Number.isInteger(value))) {
    ctx.fail(`${key} must be ${whole ? 'an integer' : 'a number'} >= ${min} (got ${JSON.stringify(value ?? null)})`, ctx.positionOf(node));
  }
  return value as number;
}
