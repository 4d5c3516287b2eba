import { activeLabels } from './active.js';
import type { Config, NumericNode, Space } from './types.js';
import { normalLogPdf, normalMass } from '../util/normal.js';

function continuousLogDensity(node: NumericNode, x: number): number {
  const { low, high, mu, sigma } = node;
  switch (node.family) {
    case 'uniform':
      return x < (low ?? 0) || x > (high ?? 0) ? -Infinity : -Math.log((high ?? 0) - (low ?? 0));
    case 'loguniform':
      return x <= 0 || x < (low ?? 0) || x > (high ?? 0) ? -Infinity : -Math.log(x) - Math.log(Math.log((high ?? 1) / (low ?? 1)));
    case 'normal':
      return normalLogPdf(x, mu ?? 0, sigma ?? 1);
    case 'lognormal':
      return x <= 0 ? -Infinity : normalLogPdf(Math.log(x), mu ?? 0, sigma ?? 1) - Math.log(x);
    default:
      return NaN;
  }
}

function normalMassBetween(a: number, b: number, mu: number, sigma: number): number {
  return normalMass((a - mu) / sigma, (b - mu) / sigma);
}

/** Probability of the bin [a, b] under the node's underlying continuous prior. */
function binMass(node: NumericNode, a: number, b: number): number {
  const { low, high, mu, sigma } = node;
  switch (node.family) {
    case 'quniform': {
      const lo = Math.max(a, low ?? a);
      const hi = Math.min(b, high ?? b);
      return Math.max(0, hi - lo) / ((high ?? 0) - (low ?? 0));
    }
    case 'qloguniform': {
      const lo = Math.max(a, low ?? a, Number.MIN_VALUE);
      const hi = Math.min(b, high ?? b);
      return hi <= lo ? 0 : Math.log(hi / lo) / Math.log((high ?? 1) / (low ?? 1));
    }
    case 'qnormal':
      return normalMassBetween(a, b, mu ?? 0, sigma ?? 1);
    case 'qlognormal':
      return b <= 0 ? 0 : normalMassBetween(a <= 0 ? -Infinity : Math.log(a), Math.log(b), mu ?? 0, sigma ?? 1);
    default:
      return 0;
  }
}

/**
 * Log of the prior's density (continuous families) or probability mass (quantized and integer
 * families) of one value. Quantized families are clamped to their bounds, so the end bins hold the
 * mass beyond them.
 */
export function numericLogPrior(node: NumericNode, value: number): number {
  if (node.family === 'randint' || node.family === 'uniformint') {
    const n = (node.high ?? 0) - (node.low ?? 0) + 1;
    return Number.isInteger(value) && value >= (node.low ?? 0) && value <= (node.high ?? 0) ? -Math.log(n) : -Infinity;
  }
  if (node.q === null) return continuousLogDensity(node, value);
  const half = node.q / 2;
  let a = value - half;
  let b = value + half;
  if (node.low !== null && value - node.q < node.low) a = -Infinity;
  if (node.high !== null && value + node.q > node.high) b = Infinity;
  return Math.log(binMass(node, a, b));
}

/** The prior's log-density of each active numeric label of a configuration. */
export function priorLogDensity(space: Space, config: Config): Record<string, number> {
  const active = new Set(activeLabels(space, config));
  const result: Record<string, number> = {};
  for (const node of space.nodes) {
    const value = config[node.label];
    if (node.kind !== 'numeric' || !active.has(node.label) || typeof value !== 'number') continue;
    result[node.label] = numericLogPrior(node, value);
  }
  return result;
}
