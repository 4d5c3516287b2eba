// Grid search: a mixed-radix enumeration of the space's tree (first parameter outermost).
import { UsageError } from '../errors.js';
import { finishValue } from '../space/quantize.js';
import type { Config, NumericNode, ParamNode, ParamValue, Space } from '../space/types.js';
import type { TrialRecord } from '../study/types.js';
import { configKey } from './observations.js';
import { normalQuantile } from '../util/normal.js';
import type { Proposal } from './types.js';

interface Axis {
  count: number;
  value(index: number): ParamValue;
}

function evenPoints(node: NumericNode, n: number): Axis {
  const values = Array.from({ length: n }, (_, i) => {
    const t = n === 1 ? 0.5 : i / (n - 1);
    if (node.low !== null && node.high !== null) {
      const raw = node.log
        ? Math.exp(Math.log(node.low) + t * (Math.log(node.high) - Math.log(node.low)))
        : node.low + t * (node.high - node.low);
      // the bounds as written, and inner points to 12 digits: exp(log(1e-4)) is 0.00010000000000000009,
      // which a program would be passed as it is
      return finishValue(node, i === 0 && n > 1 ? node.low : i === n - 1 && n > 1 ? node.high : Number(raw.toPrecision(12)));
    }
    // Unbounded (normal families): equal-probability points of the prior, to 12 digits as above (the
    // middle quantile is -7e-17, not 0: the median reached the program as 0.9999999999999999 of a
    // lognormal(0, 1); found by a user audit)
    const z = (node.mu ?? 0) + (node.sigma ?? 1) * Number(normalQuantile((i + 0.5) / n).toFixed(12));
    return finishValue(node, Number((node.log ? Math.exp(z) : z).toPrecision(12)));
  });
  const unique = [...new Set(values)];
  return { count: unique.length, value: (i) => unique[i] ?? null };
}

function numericAxis(node: NumericNode, spaceGrid: number | null): Axis {
  if (node.grid !== null) return evenPoints(node, node.grid);
  const q = node.q;
  if (q !== null && node.low !== null && node.high !== null) {
    const first = finishValue(node, node.low);
    const last = finishValue(node, node.high);
    const count = Math.round((last - first) / q) + 1;
    return { count, value: (i) => finishValue(node, first + i * q) };
  }
  if (spaceGrid !== null) return evenPoints(node, spaceGrid);
  throw new UsageError(
    `grid search: parameter "${node.label}" is continuous; give it \`grid: N\` points (per parameter, or for the whole space)`,
  );
}

function listSize(nodes: readonly ParamNode[], spaceGrid: number | null): number {
  return nodes.reduce((product, node) => product * nodeSize(node, spaceGrid), 1);
}

function nodeSize(node: ParamNode, spaceGrid: number | null): number {
  if (node.kind === 'constant') return 1;
  if (node.kind === 'numeric') return numericAxis(node, spaceGrid).count;
  return node.options.reduce((sum, option) => sum + listSize(option.params, spaceGrid), 0);
}

/** Number of grid points; throws UsageError naming a continuous parameter that has no grid count. */
export function gridSize(space: Space): number {
  return listSize(space.params, space.grid);
}

function decodeList(nodes: readonly ParamNode[], index: number, spaceGrid: number | null, config: Config): void {
  const sizes = nodes.map((node) => nodeSize(node, spaceGrid));
  const digits: number[] = new Array<number>(nodes.length).fill(0);
  let rest = index;
  for (let i = nodes.length - 1; i >= 0; i--) {
    const size = sizes[i] ?? 1;
    digits[i] = rest % size;
    rest = Math.floor(rest / size);
  }
  nodes.forEach((node, i) => decodeNode(node, digits[i] ?? 0, spaceGrid, config));
}

function decodeNode(node: ParamNode, digit: number, spaceGrid: number | null, config: Config): void {
  if (node.kind === 'constant') config[node.label] = node.value;
  else if (node.kind === 'numeric') config[node.label] = numericAxis(node, spaceGrid).value(digit);
  else {
    let offset = digit;
    for (const option of node.options) {
      const size = listSize(option.params, spaceGrid);
      if (offset < size) {
        config[node.label] = option.value;
        decodeList(option.params, offset, spaceGrid, config);
        return;
      }
      offset -= size;
    }
  }
}

/** The grid point with this index, as a flat configuration of active labels. */
export function gridPoint(space: Space, index: number): Config {
  const config: Config = {};
  decodeList(space.params, index, space.grid, config);
  return config;
}

/** The first grid point (in enumeration order) that no trial has taken; interrupted trials free their point. */
export function proposeGrid(space: Space, history: readonly TrialRecord[]): Proposal | null {
  const size = gridSize(space);
  const used = new Set(history.filter((t) => t.state !== 'interrupted' && t.state !== 'queued').map((t) => configKey(t.params)));
  for (let index = 0; index < size; index++) {
    const params = gridPoint(space, index);
    if (!used.has(configKey(params))) return { params, startup: false, sampler: 'grid' };
  }
  return null;
}
