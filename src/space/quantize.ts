import type { NumericNode } from './types.js';

function decimalsOf(step: number): number {
  const text = String(step);
  const exponent = /e-(\d+)$/.exec(text);
  if (exponent?.[1] !== undefined) return Number(exponent[1]) + (text.split('e')[0]?.split('.')[1]?.length ?? 0);
  return text.split('.')[1]?.length ?? 0;
}

/** Round to a multiple of q without float noise (0.1 * 3 stays 0.3). */
export function roundToStep(x: number, q: number): number {
  const rounded = Math.round(x / q) * q;
  const decimals = decimalsOf(q);
  return decimals <= 15 ? Number(rounded.toFixed(decimals)) : rounded;
}

/** How near a bound, relative to it, a value is that bound: a few roundings of a double. */
const BOUND_ULPS = 1e-13;

/**
 * Turn a raw draw (own units) into the value a program receives: quantized to q, kept inside the
 * node's bounds on the grid of multiples of q, and an integer where the node yields integers.
 */
export function finishValue(node: NumericNode, raw: number): number {
  let value = raw;
  if (node.q !== null) {
    value = roundToStep(value, node.q);
    if (node.low !== null && node.high !== null) {
      const first = roundToStep(Math.ceil(node.low / node.q - 1e-9) * node.q, node.q);
      const last = roundToStep(Math.floor(node.high / node.q + 1e-9) * node.q, node.q);
      value = Math.min(Math.max(value, first), last);
    }
  } else if (node.low !== null && node.high !== null) {
    value = Math.min(Math.max(value, node.low), node.high);
    // exp(log(3)) is 2.9999999999999982: a value a rounding away from a bound is the bound (a program
    // got --lr=2.9999999999999982 where the run's line said lr=3; a user audit)
    if (Math.abs(value - node.high) <= BOUND_ULPS * Math.abs(node.high)) value = node.high;
    else if (Math.abs(value - node.low) <= BOUND_ULPS * Math.abs(node.low)) value = node.low;
  }
  return node.integer ? Math.round(value) : value;
}

/**
 * The interval a bounded node's values cover when each grid value owns a bin of width q, the end ones
 * included (in log space the first bin stops at first / 2, since the log of 0 or less does not exist);
 * [low, high] for a continuous node. Both samplers model quantized and integer values on it.
 */
export function binnedRange(node: NumericNode & { low: number; high: number }): { low: number; high: number } {
  if (node.q === null) return { low: node.low, high: node.high };
  const first = finishValue(node, node.low);
  const last = finishValue(node, node.high);
  return { low: node.log ? Math.max(first - node.q / 2, first / 2) : first - node.q / 2, high: last + node.q / 2 };
}
