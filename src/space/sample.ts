import { UsageError } from '../errors.js';
import { createRng, drawIndex, intBelow, normalDraw, type Rng } from '../util/rng.js';
import { finishValue } from './quantize.js';
import type { ChoiceNode, Config, NumericNode, ParamNode, Space } from './types.js';

/** One draw from a numeric node's prior, in the value's own units. */
export function drawNumeric(node: NumericNode, rng: Rng): number {
  switch (node.family) {
    case 'uniform':
    case 'quniform':
      return finishValue(node, uniformBetween(rng, req(node.low), req(node.high)));
    case 'loguniform':
    case 'qloguniform':
      return finishValue(node, Math.exp(uniformBetween(rng, Math.log(req(node.low)), Math.log(req(node.high)))));
    case 'normal':
    case 'qnormal':
      return finishValue(node, req(node.mu) + req(node.sigma) * normalDraw(rng));
    case 'lognormal':
    case 'qlognormal':
      return finishValue(node, Math.exp(req(node.mu) + req(node.sigma) * normalDraw(rng)));
    case 'randint':
    case 'uniformint': {
      const low = req(node.low);
      return low + intBelow(rng, req(node.high) - low + 1);
    }
  }
}

/** Index of an option drawn with the choice's probabilities. */
export function drawOptionIndex(node: ChoiceNode, rng: Rng): number {
  return drawIndex(node.probabilities, rng);
}

function uniformBetween(rng: Rng, low: number, high: number): number {
  return low + rng.next() * (high - low);
}

function req(value: number | null): number {
  if (value === null) throw new Error('internal: numeric node lacks an argument its family needs');
  return value;
}

/** One configuration from the prior: only active labels appear, constants included. */
export function sampleConfig(space: Space, rng: Rng): Config {
  const config: Config = {};
  const visit = (nodes: ParamNode[]): void => {
    for (const node of nodes) {
      if (node.kind === 'constant') config[node.label] = node.value;
      else if (node.kind === 'numeric') config[node.label] = drawNumeric(node, rng);
      else {
        const option = node.options[drawOptionIndex(node, rng)];
        if (option === undefined) continue;
        config[node.label] = option.value;
        visit(option.params);
      }
    }
  };
  visit(space.params);
  return config;
}

/**
 * A partial configuration made whole (an enqueued one): the given values win; each active label it
 * lacks takes `fill`'s value (the optimizer's proposal for the trial) where `fill` chose the same
 * branch, else a draw from the prior. Labels the given choices make inactive are dropped.
 */
export function completeConfig(space: Space, given: Config, fill: Config, rng: Rng): Config {
  const config: Config = {};
  const pick = (label: string): Config[string] | undefined => (Object.hasOwn(given, label) ? given[label] : Object.hasOwn(fill, label) ? fill[label] : undefined);
  const visit = (nodes: ParamNode[]): void => {
    for (const node of nodes) {
      const chosen = pick(node.label);
      if (node.kind === 'constant') config[node.label] = node.value;
      else if (node.kind === 'numeric') config[node.label] = typeof chosen === 'number' ? chosen : drawNumeric(node, rng);
      else {
        const known = node.options.findIndex((option) => option.value === chosen);
        const option = node.options[known >= 0 ? known : drawOptionIndex(node, rng)];
        if (option === undefined) continue;
        config[node.label] = option.value;
        visit(option.params);
      }
    }
  };
  visit(space.params);
  return config;
}

export interface SampleOptions {
  seed: number | string;
  count: number;
}

/** `count` configurations drawn from the prior with a seeded generator. */
export function sample(space: Space, options: SampleOptions): Config[] {
  // from plain JavaScript, sample(space) threw a TypeError, { sed: 1 } drew with seed undefined and a
  // count of -1 or 1.5 gave [] or one draw, unsaid (a library user's audit)
  const wrong = sampleProblem(space, options);
  if (wrong !== null) throw new UsageError(wrong);
  const rng = createRng(options.seed);
  return Array.from({ length: options.count }, () => sampleConfig(space, rng));
}

function sampleProblem(space: unknown, options: unknown): string | null {
  if (typeof space !== 'object' || space === null || !Array.isArray((space as Partial<Space>).nodes)) return 'sample takes a parsed space (what parseSpace or loadSpace returns)';
  if (typeof options !== 'object' || options === null) return "sample's options are { seed, count }, such as sample(space, { seed: 1, count: 10 })";
  const unknown = Object.keys(options).find((key) => key !== 'seed' && key !== 'count');
  if (unknown !== undefined) return `sample: unknown option ${JSON.stringify(unknown)}; the options are seed and count`;
  const { seed, count } = options as Partial<Record<keyof SampleOptions, unknown>>;
  if (!(typeof seed === 'string' || (typeof seed === 'number' && Number.isFinite(seed)))) return `sample: seed is a number or a string (got ${String(seed)})`;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) return `sample: count is a whole number >= 0 (got ${typeof count === 'string' ? JSON.stringify(count) : String(count)})`;
  return null;
}
