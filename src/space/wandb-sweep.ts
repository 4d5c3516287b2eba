import { isMap, isScalar, isSeq, Pair, YAMLMap, type Node } from 'yaml';
import type { ParseContext } from './parse-context.js';
import type { SweepOrigin } from './types.js';
import { didYouMean } from './suggest.js';
import { sweepParams } from './wandb-params.js';
import { mapOf, placed } from './made-nodes.js';

/**
 * A W&B sweep configuration (`wandb sweep sweep.yaml`'s file) read as a space file, so that a sweep moves
 * to hypertune without being written again (docs/space.md, "W&B sweep files"). It is told apart by its
 * `parameters:` where a space file has `params:`. Its keys become hypertune's: `method` -> `algo` (bayes,
 * W&B's Gaussian process, -> auto), `metric: {name, goal, target}` -> `metric`, `goal`, `stop: {at}`,
 * `run_cap` -> `trials`, `early_terminate: {type: hyperband}` -> `prune` (asha: W&B stops at bands
 * min_iter * eta^k, keeping the best 1/eta of the runs at each: one bracket of successive halving).
 * `program` and `command` are W&B's agent's: the command comes after `--`. Keys of a space file may stand
 * beside them (`time_budget:`, `metric_file:`); each setting is given once.
 */
const SWEEP_KEYS = ['parameters', 'method', 'metric', 'early_terminate', 'run_cap'];
/** Read by W&B's server and agent, not by a search: left alone. */
const SWEEP_IGNORED = ['program', 'command', 'entity', 'project', 'name', 'description', 'controller', 'job', 'image_uri'];
const METHODS: Record<string, string> = { bayes: 'auto', random: 'random', grid: 'grid' };

/** Whether a space file's top-level mapping is a W&B sweep configuration. */
export function isSweepConfig(root: YAMLMap): boolean {
  return root.has('parameters') && !root.has('params');
}

/** The sweep's top-level mapping in a space file's keys; `ownKeys`: the keys a space file may hold. */
export function sweepAsSpace(ctx: ParseContext, root: YAMLMap, ownKeys: readonly string[]): { map: YAMLMap; origin: SweepOrigin } {
  const out = new YAMLMap();
  const origin: SweepOrigin = { format: 'wandb', program: null, command: null };
  const givenBy = new Map<string, string>();
  const put = (key: string, value: Node, from: Node | null, named?: string): void => {
    const by = named ?? (isScalar(from) ? String(from.value) : key);
    const earlier = givenBy.get(key);
    if (earlier !== undefined) ctx.fail(`${earlier} and ${by} both give the study's ${key}: give it once`, ctx.positionOf(from));
    givenBy.set(key, by);
    out.items.push(new Pair(placed(key, from), value));
  };
  const known = [...SWEEP_KEYS, ...SWEEP_IGNORED, ...ownKeys.filter((key) => key !== 'params')];
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const keyNode = pair.key as Node;
    const value = pair.value as Node | null;
    if (key === 'metrics') ctx.fail('metrics: (several objectives) is not read: hypertune tunes one metric; give metric: {name, goal}', ctx.positionOf(keyNode));
    if (!known.includes(key) && !key.startsWith('x-')) {
      ctx.fail(`unknown top-level key ${JSON.stringify(key)} of a W&B sweep configuration${didYouMean(key, known)}; known: ${SWEEP_KEYS.join(', ')} (and a space file's own keys)`, ctx.positionOf(keyNode));
    }
    if (key === 'program' && isScalar(value) && typeof value.value === 'string') origin.program = value.value;
    if (key === 'command' && isSeq(value)) origin.command = value.items.map((word) => String(isScalar(word) ? word.value : word));
    if (SWEEP_IGNORED.includes(key)) continue;
    if (key === 'parameters') {
      if (!isMap(value) || value.items.length === 0) ctx.fail('parameters: must be a non-empty mapping of name: {distribution, ...}', ctx.positionOf(value ?? keyNode));
      put('params', sweepParams(ctx, value), keyNode);
    } else if (key === 'method') {
      const method = isScalar(value) ? String(value.value) : '';
      const algo = METHODS[method];
      if (algo === undefined) ctx.fail(`method must be bayes, random or grid (got ${JSON.stringify(method)})`, ctx.positionOf(value ?? keyNode));
      put('algo', placed(algo, value), keyNode);
    } else if (key === 'metric' && isMap(value)) {
      metricKeys(ctx, value, put);
    } else if (key === 'run_cap') {
      put('trials', value ?? placed(null, keyNode), keyNode);
    } else if (key === 'early_terminate') {
      put('prune', pruneOf(ctx, value), keyNode);
    } else {
      put(key, value ?? placed(null, keyNode), keyNode);
    }
  }
  return { map: out, origin };
}

function metricKeys(ctx: ParseContext, metric: YAMLMap, put: (key: string, value: Node, from: Node | null, named: string) => void): void {
  for (const pair of metric.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as Node | null;
    const keyNode = pair.key as Node;
    if (key === 'name') put('metric', value ?? placed(null, keyNode), keyNode, 'metric.name');
    else if (key === 'goal') put('goal', value ?? placed(null, keyNode), keyNode, 'metric.goal');
    else if (key === 'target') put('stop', mapOf([['at', value ?? placed(null, keyNode)]], keyNode), keyNode, 'metric.target');
    // impute (what bayes assumes of a failed run): hypertune's samplers avoid a failed run's region
    else if (key !== 'impute' && key !== 'impute_while_running') {
      ctx.fail(`unknown key ${JSON.stringify(key)} in metric:${didYouMean(key, ['name', 'goal', 'target'])}; known: name, goal, target`, ctx.positionOf(keyNode));
    }
  }
  if (!metric.has('name')) ctx.fail('metric: needs name:, the metric the program prints', ctx.positionOf(metric));
}

/** `early_terminate: {type: hyperband, min_iter | max_iter and s, eta}` -> `prune: {pruner: asha, ...}`. */
function pruneOf(ctx: ParseContext, node: Node | null): Node {
  if (!isMap(node)) return ctx.fail('early_terminate must be a mapping: {type: hyperband, min_iter: 3}', ctx.positionOf(node));
  const get = (key: string): Node | undefined => node.get(key, true) as Node | undefined;
  const number = (key: string, fallback: number): number => {
    const value = get(key);
    if (value === undefined) return fallback;
    const n = isScalar(value) ? value.value : undefined;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) ctx.fail(`early_terminate: ${key} must be an integer >= 1 (got ${JSON.stringify(n ?? null)})`, ctx.positionOf(value));
    return n as number;
  };
  const type = get('type');
  if (!isScalar(type) || type.value !== 'hyperband') ctx.fail('early_terminate: type must be hyperband, the one W&B has', ctx.positionOf(type ?? node));
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!['type', 'min_iter', 'max_iter', 's', 'eta', 'strict'].includes(key)) ctx.fail(`unknown key ${JSON.stringify(key)} in early_terminate; known: type, min_iter, max_iter, s, eta, strict`, ctx.positionOf(pair.key as Node));
  }
  const eta = number('eta', 3);
  if (eta < 2) ctx.fail('early_terminate: eta must be 2 or more', ctx.positionOf(get('eta') ?? node));
  const settings: [string, Node][] = [
    ['pruner', placed('asha', type)],
    ['reduction_factor', placed(eta, get('eta') ?? type)],
  ];
  if (get('min_iter') !== undefined) {
    settings.push(['min_steps', placed(number('min_iter', 1), get('min_iter') ?? node)]);
  } else if (get('max_iter') !== undefined) {
    // W&B's bands: max_iter / eta, / eta^2, ... s of them; the smallest is the first rung
    const maxIter = number('max_iter', 1);
    const s = number('s', 1);
    const first = Math.floor(maxIter / eta ** s);
    if (first < 1) ctx.fail(`early_terminate: max_iter ${maxIter} / eta^s is below 1 step; lower s or eta`, ctx.positionOf(get('s') ?? node));
    settings.push(['min_steps', placed(first, get('max_iter') ?? node)], ['max_steps', placed(maxIter, get('max_iter') ?? node)]);
  } else {
    ctx.fail('early_terminate needs min_iter, or max_iter with s', ctx.positionOf(node));
  }
  return mapOf(settings, node);
}
