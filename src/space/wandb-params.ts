import { isMap, isScalar, isSeq, Pair, Scalar, YAMLMap, type Node } from 'yaml';
import { looksLikeExpression } from './expression.js';
import type { ParseContext } from './parse-context.js';
import { didYouMean } from './suggest.js';
import { asWritten, choiceOf, placed, seqOf } from './made-nodes.js';

/**
 * The `parameters:` of a W&B sweep configuration, written as hypertune's `params:` (docs/space.md, "W&B
 * sweep files"). Every node made here keeps the place of the W&B node it stands for, so a mistake is
 * named at its line of the user's file. The distributions are W&B's, as its sweep reference defines them:
 * `log_uniform` takes its bounds as natural logs, `log_uniform_values` as values, `inv_log_uniform` draws X
 * with log(1/X) uniform between min and max (so X is log-uniform between e^-max and e^-min).
 */
const SETTINGS: Record<string, readonly string[]> = {
  constant: ['value'],
  categorical: ['values', 'probabilities'],
  int_uniform: ['min', 'max'],
  uniform: ['min', 'max'],
  q_uniform: ['min', 'max', 'q'],
  log_uniform: ['min', 'max'],
  log_uniform_values: ['min', 'max'],
  q_log_uniform: ['min', 'max', 'q'],
  q_log_uniform_values: ['min', 'max', 'q'],
  inv_log_uniform: ['min', 'max'],
  inv_log_uniform_values: ['min', 'max'],
  normal: ['mu', 'sigma'],
  q_normal: ['mu', 'sigma', 'q'],
  log_normal: ['mu', 'sigma'],
  q_log_normal: ['mu', 'sigma', 'q'],
};
const KEYS = ['distribution', 'value', 'values', 'probabilities', 'min', 'max', 'q', 'mu', 'sigma', 'a', 'b', 'parameters'];
/** W&B's defaults for the settings a distribution may leave out. */
const DEFAULTS: Record<string, number> = { q: 1, mu: 0, sigma: 1 };

/** `parameters:` -> a `params:` mapping; a nested `parameters:` becomes dotted labels (`optimizer.lr`). */
export function sweepParams(ctx: ParseContext, map: YAMLMap, prefix = '', out = new YAMLMap()): YAMLMap {
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? pair.key.value : null;
    const keyAt = ctx.positionOf(isScalar(pair.key) ? pair.key : null);
    if (typeof key !== 'string' && typeof key !== 'number') ctx.fail("a parameter's name is a word, not a list or mapping", keyAt);
    const label = `${prefix}${String(key)}`;
    const value = pair.value as Node | null;
    if (!isMap(value)) {
      const ours = isScalar(value) && typeof value.value === 'string' && looksLikeExpression(value.value);
      const hint = ours ? "; hypertune's own files list their parameters under params: (parameters: is read as a W&B sweep configuration)" : '';
      ctx.fail(`a W&B sweep parameter is a mapping (value:, values:, or min: and max: with a distribution:)${hint}`, ctx.positionOf(value ?? pair.key as Node), label);
    }
    for (const item of value.items) {
      const name = isScalar(item.key) ? String(item.key.value) : '';
      if (!KEYS.includes(name)) ctx.fail(`unknown key ${JSON.stringify(name)} in a W&B sweep parameter${didYouMean(name, KEYS)}; known: ${KEYS.join(', ')}`, ctx.positionOf(item.key as Node), label);
    }
    const nested = value.get('parameters', true) as Node | undefined;
    if (nested !== undefined) {
      if (value.items.length > 1) ctx.fail('a parameter with nested parameters: holds nothing else', ctx.positionOf(value), label);
      if (!isMap(nested)) ctx.fail('nested parameters: is a mapping of parameters', ctx.positionOf(nested), label);
      sweepParams(ctx, nested, `${label}.`, out);
      continue;
    }
    out.items.push(new Pair(placed(label, pair.key as Node), parameterNode(ctx, label, value)));
  }
  return out;
}

function parameterNode(ctx: ParseContext, label: string, map: YAMLMap): Node {
  const distNode = map.get('distribution', true) as Node | undefined;
  const dist = distNode === undefined ? inferred(ctx, label, map) : isScalar(distNode) ? String(distNode.value) : '';
  const at = ctx.positionOf(distNode ?? map);
  if (dist === 'beta' || dist === 'q_beta') ctx.fail(`W&B's ${dist} distribution has no family here: write uniform or normal (docs/space.md lists the families)`, at, label);
  const allowed = SETTINGS[dist];
  if (allowed === undefined) ctx.fail(`unknown W&B distribution ${JSON.stringify(dist)}${didYouMean(dist, Object.keys(SETTINGS))}; known: ${Object.keys(SETTINGS).join(', ')}`, at, label);
  for (const item of map.items) {
    const name = String((item.key as Scalar).value);
    if (name !== 'distribution' && !allowed.includes(name)) ctx.fail(`${name} is no setting of the ${dist} distribution (it takes ${allowed.join(', ')})`, ctx.positionOf(item.key as Node), label);
  }
  if (dist === 'constant') return constantNode(ctx, label, map);
  if (dist === 'categorical') return choiceNode(ctx, label, map);
  const number = (name: string): number => numberSetting(ctx, label, map, name);
  const expression = (family: string, args: number[]): Node => {
    return placed(`${family}(${args.map((x) => String(x)).join(', ')})`, distNode ?? map);
  };
  if (allowed.includes('mu')) {
    if (number('sigma') <= 0) ctx.fail(`sigma must be above 0 (got ${number('sigma')})`, ctx.positionOf(map.get('sigma', true) as Node), label);
    const family = { normal: 'normal', q_normal: 'qnormal', log_normal: 'lognormal', q_log_normal: 'qlognormal' }[dist] ?? dist;
    return expression(family, allowed.includes('q') ? [number('mu'), number('sigma'), positiveQ(ctx, label, map)] : [number('mu'), number('sigma')]);
  }
  const [min, max] = [number('min'), number('max')];
  if (!(min < max)) ctx.fail(`min must be below max (got min ${min}, max ${max})`, ctx.positionOf(map.get('min', true) as Node), label);
  const inValues = dist.endsWith('_values');
  if (inValues && min <= 0) ctx.fail(`${dist} needs min above 0, a value whose log is taken (got ${min}); log_uniform takes the logs themselves`, ctx.positionOf(map.get('min', true) as Node), label);
  const q = allowed.includes('q') ? [positiveQ(ctx, label, map)] : [];
  switch (dist) {
    case 'int_uniform':
      if (!Number.isInteger(min) || !Number.isInteger(max)) ctx.fail(`int_uniform takes integers (got min ${min}, max ${max})`, at, label);
      return expression('uniformint', [min, max]);
    case 'uniform':
    case 'q_uniform':
      return expression(q.length > 0 ? 'quniform' : 'uniform', [min, max, ...q]);
    case 'log_uniform':
    case 'q_log_uniform':
      return expression(q.length > 0 ? 'qloguniform' : 'loguniform', [Math.exp(min), Math.exp(max), ...q]);
    case 'inv_log_uniform':
      return expression('loguniform', [Math.exp(-max), Math.exp(-min)]);
    default:
      // log_uniform_values, q_log_uniform_values, inv_log_uniform_values: log(1/X) uniform between
      // log(1/max) and log(1/min) is X log-uniform between min and max
      return expression(q.length > 0 ? 'qloguniform' : 'loguniform', [min, max, ...q]);
  }
}

/** W&B's rule when `distribution:` is left out: values -> categorical, value -> constant, integer min and max -> int_uniform, else uniform. */
function inferred(ctx: ParseContext, label: string, map: YAMLMap): string {
  if (map.has('values')) return 'categorical';
  if (map.has('value')) return 'constant';
  const [min, max] = [map.get('min', true), map.get('max', true)];
  if (min === undefined || max === undefined) {
    return ctx.fail('a W&B sweep parameter needs values:, value:, or min: and max: (or a distribution: with its settings)', ctx.positionOf(map), label);
  }
  const integer = (node: unknown): boolean => isScalar(node) && typeof node.value === 'number' && /^[+-]?\d+$/.test((node.source ?? String(node.value)).trim());
  return integer(min) && integer(max) ? 'int_uniform' : 'uniform';
}

function numberSetting(ctx: ParseContext, label: string, map: YAMLMap, name: string): number {
  const node = map.get(name, true) as Node | undefined;
  if (node === undefined && DEFAULTS[name] !== undefined) return DEFAULTS[name];
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return ctx.fail(node === undefined ? `${name}: is missing` : `${name} must be a number (got ${JSON.stringify(value ?? null)})`, ctx.positionOf(node ?? map), label);
  }
  return value;
}

function positiveQ(ctx: ParseContext, label: string, map: YAMLMap): number {
  const q = numberSetting(ctx, label, map, 'q');
  if (q <= 0) ctx.fail(`q must be above 0 (got ${q})`, ctx.positionOf(map.get('q', true) as Node), label);
  return q;
}

/** A W&B value is passed as written: a string is quoted so that `uniform(0, 1)` stays text, not a distribution. */
function literal(ctx: ParseContext, label: string, node: unknown, what: string): Node {
  if (!isScalar(node)) return ctx.fail(`${what} is a list or mapping; hypertune passes numbers, text and true/false: write it as text`, ctx.positionOf(node as Node), label);
  return typeof node.value === 'string' ? asWritten(node.value, node) : node;
}

function constantNode(ctx: ParseContext, label: string, map: YAMLMap): Node {
  return literal(ctx, label, map.get('value', true), 'the value');
}

/** values: -> choice:, with probabilities: -> pchoice: pairs. */
function choiceNode(ctx: ParseContext, label: string, map: YAMLMap): Node {
  const values = map.get('values', true);
  if (!isSeq(values) || values.items.length === 0) return ctx.fail('values: is a list of one or more values', ctx.positionOf((values ?? map) as Node), label);
  const options = values.items.map((item) => literal(ctx, label, item, 'a value'));
  const probabilities = map.get('probabilities', true);
  if (probabilities === undefined) return choiceOf(options, values);
  if (!isSeq(probabilities) || probabilities.items.length !== options.length) {
    return ctx.fail(`probabilities: is a list of ${options.length} numbers, one for each of values:`, ctx.positionOf((probabilities ?? map) as Node), label);
  }
  return choiceOf(options.map((option, i) => seqOf([probabilities.items[i] as Node, option], probabilities)), values, 'pchoice');
}
