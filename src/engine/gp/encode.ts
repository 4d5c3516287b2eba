// The GP's view of a space: every parameter as one input, numeric ones on [0, 1] (log families in log
// space, normal families through their prior's CDF), choices as an option index. In a conditional
// space a parameter its branch leaves out sits at a fixed value (docs/gp.md, "Conditional spaces").
import { binnedRange, finishValue } from '../../space/quantize.js';
import type { ChoiceNode, Config, NumericNode, ParamNode, ParamValue, Space } from '../../space/types.js';
import { normalCdf, normalQuantile } from '../../util/normal.js';
import { intBelow, type Rng } from '../../util/rng.js';
import { isActive, optionIndexOf } from '../observations.js';

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
  /** Constants, passed through unchanged (in a conditional space: those outside any branch). */
  constants: Config;
  /** Every label in the space's order, so proposals list parameters as the other samplers do. */
  labels: string[];
  /** Conditional spaces only: every node, parents first, and where an inactive input sits. */
  tree?: ConditionalTree;
}

export interface ConditionalTree {
  nodes: readonly ParamNode[];
  /** label -> input index */
  index: ReadonlyMap<string, number>;
  /** An inactive numeric input's coordinate; an inactive choice's is -1 (an option of its own). */
  inactive: number;
}

/**
 * How far a normal family's input reaches, in standard deviations of its prior either side of the
 * mean. The CDF maps the real line onto (0, 1), and the acquisition's maximum often lies on the cube's
 * edge: with edges at 1e-9 the GP proposed `normal(0.9, 0.05)`'s momentum at 1.2 (6 sigma), a fifth of
 * its asks and more (a user audit; docs/gp.md, "Normal families").
 */
export const NORMAL_SPAN = 3;

function numericInput(node: NumericNode, normalSpan: number): NumericInput {
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
  // Unbounded (normal families): the prior's CDF maps mu +- normalSpan sigma onto [0, 1], so the
  // cube's edges are that far out and each share of [0, 1] holds an equal share of the prior's mass
  const mu = node.mu ?? 0;
  const sigma = node.sigma ?? 1;
  const edge = normalCdf(-normalSpan);
  const mass = 1 - 2 * edge;
  return {
    kind: 'numeric',
    node,
    discrete,
    toUnit: (v) => Math.min(1, Math.max(0, (normalCdf((toModel(v) - mu) / sigma) - edge) / mass)),
    fromUnit: (u) => finishValue(node, fromModel(mu + sigma * normalQuantile(edge + mass * Math.min(1, Math.max(0, u))))),
  };
}

/** Where an inactive numeric input sits unless the caller says otherwise (docs/gp.md, "Conditional spaces"). */
export const INACTIVE_AT = 0.5;

/** The encoding of a space: one input per parameter; a conditional space gets its tree. */
export function encodeSpace(space: Space, inactive = INACTIVE_AT, normalSpan = NORMAL_SPAN): Encoding {
  const inputs: Input[] = [];
  const constants: Config = {};
  const conditional = space.nodes.some((node) => node.condition !== null);
  const index = new Map<string, number>();
  for (const node of space.nodes) {
    if (node.kind === 'constant') {
      if (node.condition === null) constants[node.label] = node.value;
      continue;
    }
    index.set(node.label, inputs.length);
    inputs.push(node.kind === 'choice' ? { kind: 'categorical', node, size: node.options.length } : numericInput(node, normalSpan));
  }
  const encoding: Encoding = { inputs, constants, labels: space.nodes.map((node) => node.label) };
  if (conditional) encoding.tree = { nodes: space.nodes, index, inactive };
  return encoding;
}

const optionAt = (input: CategoricalInput, u: number): number => Math.min(input.size - 1, Math.max(0, Math.round(u)));

/** The labels a point's choices leave active in a conditional space: its branch's parameters and constants. */
function activeLabels(encoding: Encoding, tree: ConditionalTree, point: ArrayLike<number>): Set<string> {
  const active = new Set<string>();
  const chosen = new Map<string, number>();
  for (const node of tree.nodes) {
    if (!isActive(node, chosen)) continue;
    active.add(node.label);
    const k = tree.index.get(node.label);
    const input = k === undefined ? undefined : encoding.inputs[k];
    if (input?.kind === 'categorical') chosen.set(node.label, optionAt(input, point[k as number] as number));
  }
  return active;
}

/** Which inputs a point's choices leave active (all of them in a space without conditions). */
export function activeInputs(encoding: Encoding, point: ArrayLike<number>): boolean[] {
  if (encoding.tree === undefined) return encoding.inputs.map(() => true);
  const active = activeLabels(encoding, encoding.tree, point);
  return encoding.inputs.map((input) => active.has(input.node.label));
}

/** A point with its inactive inputs at their fixed values: the point of the configuration it stands for, unrounded. */
export function canonical(encoding: Encoding, point: Float64Array): Float64Array {
  const tree = encoding.tree;
  if (tree === undefined) return point;
  const active = activeInputs(encoding, point);
  return point.map((u, k) => (active[k] ? u : encoding.inputs[k]?.kind === 'categorical' ? -1 : tree.inactive));
}

/** A uniform point of the space: every input on [0, 1] or a random option, inactive ones at their fixed values. */
export function randomPoint(encoding: Encoding, rng: Rng): Float64Array {
  return canonical(encoding, Float64Array.from(encoding.inputs, (input) => (input.kind === 'categorical' ? intBelow(rng, input.size) : rng.next())));
}

/** A configuration as a model point (one number per input); in a conditional space, an absent parameter is an inactive one. */
export function toPoint(encoding: Encoding, params: Config): Float64Array {
  const tree = encoding.tree;
  return Float64Array.from(encoding.inputs, (input) => {
    if (tree !== undefined && !(input.node.label in params)) return input.kind === 'categorical' ? -1 : tree.inactive;
    return input.kind === 'categorical' ? Math.max(0, optionIndexOf(input.node, params)) : input.toUnit(Number(params[input.node.label]));
  });
}

/** The configuration a model point stands for; discrete inputs are snapped to their grid. */
export function toConfig(encoding: Encoding, point: ArrayLike<number>): Config {
  const params: Config = { ...encoding.constants };
  const active = encoding.tree === undefined ? null : activeLabels(encoding, encoding.tree, point);
  // constants inside a branch are passed when the branch is taken
  for (const node of encoding.tree?.nodes ?? []) if (node.kind === 'constant' && active?.has(node.label)) params[node.label] = node.value;
  encoding.inputs.forEach((input, d) => {
    if (active === null || active.has(input.node.label)) params[input.node.label] = valueAt(input, point[d] as number);
  });
  return orderLike(encoding, params);
}

function valueAt(input: Input, u: number): ParamValue {
  return input.kind === 'categorical' ? (input.node.options[optionAt(input, u)]?.value ?? null) : input.fromUnit(u);
}

/** Keys in the space's order, as the other samplers produce them; labels of inactive branches left out. */
function orderLike(encoding: Encoding, params: Config): Config {
  const out: Config = {};
  for (const label of encoding.labels) if (label in params) out[label] = params[label] ?? null;
  return out;
}

/** The point of the configuration a point rounds to (discrete inputs at their grid value's centre). */
export function snapPoint(encoding: Encoding, point: ArrayLike<number>): Float64Array {
  return toPoint(encoding, toConfig(encoding, point));
}
