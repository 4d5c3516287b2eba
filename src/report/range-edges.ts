// Whether the best trial sits at the end of a range that cut the search short: the commonest fix a
// tuning job needs after its first study (a learning rate at the top of its range, the widest layer
// size allowed), which nothing said. A best value at a bound is not enough: the model's own search
// leaves parameters that do not matter wherever the best trial had them, often at a bound (on the 81
// problems of the optimizer bench at 25 trials, the best trial sat at a bound of some parameter in 220
// of 648 studies). So the GP is asked what moving the parameter a tenth of its range inward would
// cost, and the edge is named only where that is surely worse (docs/importance.md, "Range edges": then
// in 35 of those 648 studies, 25 of them on problems whose best does lie at a bound; and the right
// parameter in 55 of 56 studies of problems whose optimum lay past a bound; `npm run bench -- range-edges`).
import type { GpPicture } from '../engine/index.js';
import { finishValue, writtenArguments } from '../space/index.js';
import type { ChoiceNode, Config, Goal, NumericNode, Space } from '../space/types.js';
import type { TrialRecord } from '../study/types.js';
import { formatParamValue, formatValue } from './format.js';

export interface RangeEdge {
  label: string;
  /** The best trial's value, at `side` of the range. */
  value: number;
  side: 'low' | 'high';
  /** The range as the space file writes it: `randint(4, 64)`; a choice's options: `choice(16, 32, 64, 128)`. */
  range: string;
  /** Whether the parameter is a choice of numbers, at its smallest or largest option. */
  options: boolean;
  /** The value a tenth of the range inward (one grid step at least); for a choice, the next option in order. */
  inward: number;
  /** The model's mean at the best trial's configuration and at the one moved inward, in the metric's units. */
  predicted: number;
  inwardPredicted: number;
  /** How many posterior sds of their difference the moved configuration is worse by. */
  z: number;
}

/** The rule's settings (docs/importance.md, "Range edges"; `npm run bench -- range-edges` screens others). */
export interface EdgeRule {
  /** Within this share of the range from a bound (on the scale the parameter is drawn on), a value is at it. */
  atBound: number;
  /** How far inward the model is asked, as a share of the range. */
  inward: number;
  /** How sure the model must be that inward is worse: sds of the difference. */
  sureZ: number;
  /** How much worse, as a share of (median complete result - best): a parameter that barely matters is left out. */
  matters: number;
}

export const EDGE_RULE: EdgeRule = { atBound: 0.02, inward: 0.1, sureZ: 2, matters: 0.02 };

type Bounded = NumericNode & { low: number; high: number };

const BOUNDED = new Set(['uniform', 'loguniform', 'quniform', 'qloguniform', 'randint', 'uniformint']);

/** The parameters whose best value sits at a bound that the model says holds the search back; [] without a model. */
export function rangeEdges(space: Space, picture: GpPicture | null, trials: readonly TrialRecord[], goal: Goal, rule: EdgeRule = EDGE_RULE): RangeEdge[] {
  if (picture === null) return [];
  const sign = goal === 'maximize' ? -1 : 1;
  const complete = trials.filter((t) => t.state === 'complete' && t.value !== null && Number.isFinite(t.value));
  if (complete.length === 0) return [];
  const losses = complete.map((t) => sign * (t.value as number)).sort((a, b) => a - b);
  const bestLoss = losses[0] as number;
  const spread = (losses[Math.floor(losses.length / 2)] as number) - bestLoss;
  const best = complete.reduce((a, b) => (sign * (b.value as number) < sign * (a.value as number) ? b : a));
  const edges: RangeEdge[] = [];
  for (const node of space.nodes) {
    const value = best.params[node.label];
    if (typeof value !== 'number') continue;
    const edge = node.kind === 'numeric' ? numericEdge(node, value, space, rule) : node.kind === 'choice' ? optionEdge(node, value) : null;
    if (edge === null) continue;
    const moved: Config = { ...best.params, [node.label]: edge.inward };
    const z = picture.separation(best.params, moved);
    const [here, there] = picture.predictLoss([best.params, moved]) as [number, number];
    if (z < rule.sureZ || there - here < rule.matters * spread) continue;
    edges.push({ label: node.label, value, ...edge, predicted: sign * here, inwardPredicted: sign * there, z });
  }
  return edges;
}

type Edge = Pick<RangeEdge, 'side' | 'inward' | 'range' | 'options'>;

function numericEdge(node: NumericNode, value: number, space: Space, rule: EdgeRule): Edge | null {
  if (!BOUNDED.has(node.family) || node.low === null || node.high === null) return null;
  const edge = edgeOf(node as Bounded, value, rule);
  return edge === null ? null : { ...edge, range: `${node.family}(${writtenArguments(node, space)})`, options: false };
}

/**
 * A choice of numbers (batch sizes, layer counts: ordered values written as options) at its smallest or
 * largest option; the next option in order is the one inward. Not a choice whose options open
 * parameters of their own (a branch), nor one of two options (its ends are all it has).
 */
function optionEdge(node: ChoiceNode, value: number): Edge | null {
  const values = node.options.map((option) => option.value);
  if (node.options.some((option) => option.params.length > 0) || !values.every((v): v is number => typeof v === 'number' && Number.isFinite(v))) return null;
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  if (sorted.length < 3) return null;
  const range = `${node.family === 'pchoice' ? 'pchoice' : 'choice'}(${values.join(', ')})`;
  if (value === sorted[0]) return { side: 'low', inward: sorted[1] as number, range, options: true };
  if (value === sorted.at(-1)) return { side: 'high', inward: sorted.at(-2) as number, range, options: true };
  return null;
}

/** The side of the range `value` sits at, and the value a tenth of the range inward; null inside. */
function edgeOf(node: Bounded, value: number, rule: EdgeRule): { side: 'low' | 'high'; inward: number } | null {
  const first = finishValue(node, node.low);
  const last = finishValue(node, node.high);
  if (!(last > first)) return null;
  const toUnit = (x: number): number => (node.log ? Math.log(x / first) / Math.log(last / first) : (x - first) / (last - first));
  const fromUnit = (u: number): number => (node.log ? first * Math.exp(u * Math.log(last / first)) : first + u * (last - first));
  const u = toUnit(value);
  const side = u <= rule.atBound ? 'low' : u >= 1 - rule.atBound ? 'high' : null;
  if (side === null) return null;
  const direction = side === 'low' ? 1 : -1;
  let inward = finishValue(node, fromUnit(u + direction * rule.inward));
  // a coarse grid (randint(1, 4)) may round a tenth of the range back onto the bound: one step inward
  if (inward === value) inward = finishValue(node, value + direction * (node.q ?? 0));
  return inward === value ? null : { side, inward };
}

/**
 * summary's lines for the edges found (none: no lines): each edge with what the model expects a tenth
 * of the range inward, then how to search past it (`widen`: the commands, spelled for the study).
 */
export function rangeEdgeLines(edges: readonly RangeEdge[], metric: string, widen: string): string[] {
  if (edges.length === 0) return [];
  const lines = edges.map(
    (e) =>
      `  ${e.label} ${formatParamValue(e.value)}, ${edgeName(e)}: ${metric} ${formatValue(e.inwardPredicted)} expected at ${formatParamValue(e.inward)}, against ${formatValue(e.predicted)} at ${formatParamValue(e.value)} (${e.z.toFixed(1)} sd apart); ${past(e)}`,
  );
  const one = edges.length === 1;
  return [
    '',
    `At the end of ${one ? 'its range' : 'their ranges'}: the best trial's value is a bound, and the model expects worse ${edges.every((e) => e.options) ? 'at the next option' : edges.some((e) => e.options) ? 'a tenth of the range (or an option) inside' : 'a tenth of the range inside'}:`,
    ...lines,
    `  To search past ${one ? 'it' : 'them'}: ${widen}`,
  ];
}

/** `the top of randint(4, 64)`, `the smallest option of choice(16, 32, 64)`: where an edge sits, in words. */
export function edgeName(edge: RangeEdge): string {
  if (edge.options) return `the ${edge.side === 'low' ? 'smallest' : 'largest'} option of ${edge.range}`;
  return `the ${edge.side === 'low' ? 'bottom' : 'top'} of ${edge.range}`;
}

/**
 * `if lr can go above 0.01, a better one may lie there`: the range's end may be the parameter's own (a
 * subsample of 1, no dropout at 0), which only the user knows; a benchmark audit named subsample 1.
 */
export function past(edge: RangeEdge): string {
  return `if ${edge.label} can go ${edge.side === 'low' ? 'below' : 'above'} ${formatParamValue(edge.value)}, a better one may lie there`;
}
