// The GP's view of a space: every always-active parameter as one input, numeric ones on [0, 1]
// (log families in log space, normal families through their prior's CDF), choices as an option index.
import { binnedRange, finishValue } from '../../space/quantize.js';
import type { ChoiceNode, Config, NumericNode, ParamValue, Space } from '../../space/types.js';
import { normalCdf, normalQuantile } from '../../util/normal.js';
import { optionIndexOf } from '../observations.js';

export interface NumericInput {
  kind: 'numeric';
  node: NumericNode;
  /** Integer and quantized parameters: relaxed to [0, 1] for the model, snapped to the grid at the end. */
  discrete: boolean;
  toUnit(value: number): number;
  /** The value the program receives (quantized and integer where the node is). */
  fromUnit(u: number): number;
}

export interface CategoricalInput {
  kind: 'categorical';
  node: ChoiceNode;
  size: number;
}

export type Input = NumericInput | CategoricalInput;

export interface Encoding {
  inputs: Input[];
  /** Constants, passed through unchanged. */
  constants: Config;
  /** Every label in the space's order, so proposals list parameters as the other samplers do. */
  labels: string[];
}

const EDGE = 1e-9;

function numericInput(node: NumericNode): NumericInput {
  const toModel = (v: number): number => (node.log ? Math.log(Math.max(v, 1e-300)) : v);
  const fromModel = (t: number): number => (node.log ? Math.exp(t) : t);
  const discrete = node.q !== null;
  if (node.low !== null && node.high !== null) {
    // each grid value owns an equal share of [0, 1] (in model space), the end values included
    const { low: lowValue, high: highValue } = binnedRange({ ...node, low: node.low, high: node.high });
    const lo = toModel(lowValue);
    const span = toModel(highValue) - lo || 1;
    return {
      kind: 'numeric',
      node,
      discrete,
      toUnit: (v) => Math.min(1, Math.max(0, (toModel(v) - lo) / span)),
      fromUnit: (u) => finishValue(node, fromModel(lo + Math.min(1, Math.max(0, u)) * span)),
    };
  }
  // Unbounded (normal families): the prior's CDF maps the real line onto (0, 1).
  const mu = node.mu ?? 0;
  const sigma = node.sigma ?? 1;
  return {
    kind: 'numeric',
    node,
    discrete,
    toUnit: (v) => normalCdf((toModel(v) - mu) / sigma),
    fromUnit: (u) => finishValue(node, fromModel(mu + sigma * normalQuantile(Math.min(1 - EDGE, Math.max(EDGE, u))))),
  };
}

/** The encoding of a space's always-active parameters; null when some parameter is conditional. */
export function encodeSpace(space: Space): Encoding | null {
  const inputs: Input[] = [];
  const constants: Config = {};
  for (const node of space.nodes) {
    if (node.condition !== null) return null;
    if (node.kind === 'constant') constants[node.label] = node.value;
    else if (node.kind === 'choice') {
      if (node.options.some((o) => o.params.length > 0)) return null;
      inputs.push({ kind: 'categorical', node, size: node.options.length });
    } else inputs.push(numericInput(node));
  }
  return { inputs, constants, labels: space.nodes.map((node) => node.label) };
}

/** A configuration as a model point (one number per input). */
export function toPoint(encoding: Encoding, params: Config): Float64Array {
  return Float64Array.from(encoding.inputs, (input) =>
    input.kind === 'categorical' ? Math.max(0, optionIndexOf(input.node, params)) : input.toUnit(Number(params[input.node.label])),
  );
}

/** The configuration a model point stands for; discrete inputs are snapped to their grid. */
export function toConfig(encoding: Encoding, point: ArrayLike<number>): Config {
  const params: Config = { ...encoding.constants };
  encoding.inputs.forEach((input, d) => {
    const u = point[d] as number;
    const value: ParamValue = input.kind === 'categorical' ? (input.node.options[Math.round(u)]?.value ?? null) : input.fromUnit(u);
    params[input.node.label] = value;
  });
  return orderLike(encoding, params);
}

/** Keys in the space's order, as the other samplers produce them. */
function orderLike(encoding: Encoding, params: Config): Config {
  const out: Config = {};
  for (const label of encoding.labels) out[label] = params[label] ?? null;
  return out;
}

/** The point of the configuration a point rounds to (discrete inputs at their grid value's centre). */
export function snapPoint(encoding: Encoding, point: ArrayLike<number>): Float64Array {
  return toPoint(encoding, toConfig(encoding, point));
}
