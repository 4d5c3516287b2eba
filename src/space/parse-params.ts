import { isMap, isPair, isScalar, isSeq, Scalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { brokenExpression, foreignFamilyAdvice, looksLikeExpression, optionProblem, parseExpression } from './expression.js';
import { rejoinFlowExpression } from './flow-expression.js';
import { ALL_FAMILIES, buildNumeric, FamilyProblem, isNumericFamily } from './families.js';
import type { ParseContext } from './parse-context.js';
import { makeChoice, numberOption } from './make-choice.js';
import { constantOf, tagProblem } from './constant.js';
import { didYouMean } from './suggest.js';
import { labelOf } from './labels.js';
import { dictOptionHint, scalarOptionHint } from './option-hints.js';
import type { ChoiceNode, ChoiceOption, Condition, ParamNode, ParamValue, SourcePosition } from './types.js';

const PARAM_KEYS = ['dist', 'grid', 'choice', 'pchoice'];

function scalarValue(node: unknown): ParamValue | undefined {
  if (!isScalar(node)) return undefined;
  const value: unknown = node.value;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return undefined;
}

const isPlainScalar = (node: Scalar): boolean => node.type === Scalar.PLAIN || node.type === undefined;

/** Parse a `params:` mapping (top level or an option's sub-space) into nodes. */
export function parseParams(ctx: ParseContext, map: YAMLMap, condition: Condition | null): ParamNode[] {
  const nodes: ParamNode[] = [];
  map.items.forEach((pair) => {
    const value = isScalar(pair.value) ? scalarValue(pair.value) : undefined;
    // YAML ends a plain scalar at a comma inside { }, so `{m: uniform(0, 1)}` leaves `m: uniform(0` and
    // a key `1)` (`quniform(32, 512, 32)`: keys `512` and `32)`)
    if (map.flow === true && typeof value === 'string' && isPlainScalar(pair.value as Scalar) && (value.match(/\(/g)?.length ?? 0) > (value.match(/\)/g)?.length ?? 0)) {
      const reason = 'inside { } YAML splits family(a, b) at its comma: write these parameters on their own lines';
      ctx.fail(reason, ctx.positionOf(isScalar(pair.value) ? pair.value : null), String(scalarValue(pair.key)));
    }
    nodes.push(parseParam(ctx, pair, condition));
  });
  return nodes;
}


function parseParam(ctx: ParseContext, pair: Pair, condition: Condition | null): ParamNode {
  const { label, position } = labelOf(ctx, pair);
  const value = pair.value;
  const at = isScalar(value) || isMap(value) || isSeq(value) ? ctx.positionOf(value) : position;
  if (isMap(value)) return parseParamMap(ctx, label, value, condition, at);
  if (isSeq(value)) ctx.fail('a list is not a parameter: write choice: [a, b, c] for a choice', at, label);
  if (!isScalar(value)) return { kind: 'constant', label, condition, position: at, value: null };
  const tagged = tagProblem(value);
  if (tagged !== null) ctx.fail(tagged, at, label);
  const scalar = scalarValue(value) ?? null;
  if (typeof scalar === 'string' && isPlainScalar(value) && looksLikeExpression(scalar)) {
    return parseInline(ctx, label, value, scalar, condition, null);
  }
  const broken = typeof scalar === 'string' && isPlainScalar(value) ? brokenExpression(scalar, ALL_FAMILIES) : null;
  if (broken !== null) ctx.fail(`${JSON.stringify(scalar)} is no expression: ${broken} (quote the text to pass it as a constant)`, at, label);
  return constantOf(ctx, label, condition, at, scalar, isPlainScalar(value) ? value.source : undefined);
}

function parseInline(
  ctx: ParseContext,
  label: string,
  node: Node,
  text: string,
  condition: Condition | null,
  grid: number | null,
): ParamNode {
  const at = ctx.positionOf(node);
  const expression = parseExpression(text);
  if (expression === null) ctx.fail(`cannot read ${JSON.stringify(text)} as family(arguments)`, at, label);
  const family = expression.family;
  if (family === 'choice') {
    if (expression.args.length === 0) ctx.fail('choice needs at least one option', at, label);
    for (const arg of expression.args) {
      const problem = optionProblem(arg.text, expression.args.length, ALL_FAMILIES);
      if (problem !== null) ctx.fail(problem, ctx.positionOf(node, arg.offset), label);
    }
    const options = expression.args.map((arg) => numberOption(arg.value, arg.text));
    return makeChoice(ctx, label, 'choice', options, null, condition, at);
  }
  if (family === 'pchoice') {
    ctx.fail('write pchoice as a list of [probability, option] pairs: pchoice: [[0.7, a], [0.3, b]]', at, label);
  }
  if (!isNumericFamily(family)) {
    ctx.fail(`unknown family "${family}"${didYouMean(family, ALL_FAMILIES)}; ${foreignFamilyAdvice(family) ?? `known: ${ALL_FAMILIES.join(', ')}`}`, at, label);
  }
  try {
    const shape = buildNumeric(family, expression.args.map((arg) => arg.value));
    return { kind: 'numeric', label, condition, position: at, grid, ...shape };
  } catch (error) {
    if (!(error instanceof FamilyProblem)) throw error;
    const arg = error.argIndex === null ? undefined : expression.args[error.argIndex];
    const position = arg === undefined ? at : ctx.positionOf(node, arg.offset);
    return ctx.fail(error.message, position, label);
  }
}

/** `optimizer: {lr: ...}` meant a nested name: written as one dotted label (a user audit). */
function nestedHint(label: string, key: unknown): string {
  return typeof key === 'string' && /^[A-Za-z_][\w-]*$/.test(key) && !PARAM_KEYS.includes(key) ? ` (a nested name is one dotted label: ${label}.${key}: ...)` : '';
}

function parseParamMap(ctx: ParseContext, label: string, map: YAMLMap, condition: Condition | null, at: SourcePosition): ParamNode {
  const rejoined = rejoinFlowExpression(ctx, map);
  const keys = map.items.map((item) => scalarValue(item.key));
  for (const [i, key] of keys.entries()) {
    if (rejoined?.glued.has(i) === true) continue;
    if (typeof key !== 'string' || !PARAM_KEYS.includes(key)) {
      const keyNode = map.items[i]?.key;
      ctx.fail(
        `unknown key ${JSON.stringify(key)}${didYouMean(String(key), PARAM_KEYS)} in a parameter mapping; use choice:, pchoice:, or dist: with grid:${nestedHint(label, key)}`,
        ctx.positionOf(isScalar(keyNode) ? keyNode : null),
        label,
      );
    }
  }
  const get = (key: string): unknown => map.get(key, true);
  const kinds = ['choice', 'pchoice', 'dist'].filter((key) => get(key) !== undefined);
  if (kinds.length > 1) ctx.fail(`a parameter is one of choice:, pchoice: or dist:, not ${kinds.map((kind) => `${kind}:`).join(' and ')}`, at, label);
  const gridNode = get('grid');
  const grid = gridNode === undefined ? null : readGrid(ctx, label, gridNode);
  if (get('choice') !== undefined || get('pchoice') !== undefined) {
    const family = get('choice') !== undefined ? 'choice' : 'pchoice';
    const list = get(family);
    if (!isSeq(list)) {
      const example = family === 'pchoice' ? 'pchoice: [[0.5, relu], [0.5, tanh]]' : 'choice: [relu, tanh]';
      ctx.fail(`${family} needs a list of options, e.g. ${example}`, isScalar(list) || isMap(list) ? ctx.positionOf(list) : at, label);
    }
    if (list.items.length === 0) ctx.fail(`${family} needs at least one option`, ctx.positionOf(list), label);
    return parseChoiceList(ctx, label, family, list.items, condition, ctx.positionOf(list));
  }
  const dist = get('dist');
  const text = rejoined?.text ?? scalarValue(dist);
  if (!isScalar(dist) || typeof text !== 'string') ctx.fail('a parameter mapping needs dist: family(arguments), choice: or pchoice:', at, label);
  return parseInline(ctx, label, dist, text, condition, grid);
}

function readGrid(ctx: ParseContext, label: string, node: unknown): number {
  const value = scalarValue(node);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 2) {
    ctx.fail(`grid must be an integer >= 2 (got ${JSON.stringify(value)})`, ctx.positionOf(isScalar(node) ? node : null), label);
  }
  return value;
}

function parseChoiceList(
  ctx: ParseContext,
  label: string,
  family: 'choice' | 'pchoice',
  items: readonly unknown[],
  condition: Condition | null,
  at: SourcePosition,
): ChoiceNode {
  const options: ChoiceOption[] = [];
  const probabilities: number[] = [];
  items.forEach((item, index) => {
    let optionNode: unknown = item;
    if (family === 'pchoice') {
      const where = ctx.positionOf(isSeq(item) || isScalar(item) || isMap(item) ? item : null);
      if (!isSeq(item) || item.items.length !== 2) ctx.fail('each pchoice option is a pair [probability, option]', where, label);
      const p = scalarValue(item.items[0]);
      if (typeof p !== 'number' || !(p > 0)) ctx.fail(`pchoice probabilities must be positive numbers (got ${JSON.stringify(p)})`, where, label);
      probabilities.push(p);
      optionNode = item.items[1];
    }
    options.push(parseOption(ctx, label, optionNode, { parent: label, option: index }));
  });
  return makeChoice(ctx, label, family, options, family === 'pchoice' ? probabilities : null, condition, at);
}

function parseOption(ctx: ParseContext, label: string, node: unknown, condition: Condition): ChoiceOption {
  if (isScalar(node)) {
    const value = scalarValue(node) ?? null;
    const plain = typeof value === 'string' && isPlainScalar(node);
    const problem = plain ? optionProblem(value, 2, ALL_FAMILIES) : null;
    if (problem !== null) ctx.fail(problem, ctx.positionOf(node), label);
    // `choice: [uniform(0, 1), 5]`: YAML splits the flow list at the comma, leaving `uniform(0` (a user audit)
    const cut = plain ? /^\s*([A-Za-z_]\w*)\s*\([^)]*$/.exec(value)?.[1] : undefined;
    if (cut !== undefined && ALL_FAMILIES.includes(cut)) {
      ctx.fail(`inside [ ] YAML splits ${cut}(a, b) at its comma, and an option cannot be a distribution: give the option its own parameters, as \`- name:\` with \`x: ${cut}(...)\` under it (docs/space.md, "Nested choices")`, ctx.positionOf(node), label);
    }
    const broken = plain && !looksLikeExpression(value) ? brokenExpression(value, ALL_FAMILIES) : null;
    if (broken !== null) ctx.fail(`${JSON.stringify(value)} is no option: ${broken} (quote the text to pass it as a constant)`, ctx.positionOf(node), label);
    return numberOption(value, isPlainScalar(node) ? node.source : undefined);
  }
  if (isMap(node) && node.items.length === 1 && isPair(node.items[0])) {
    const pair = node.items[0];
    const value = scalarValue(pair.key);
    if (value === undefined) ctx.fail('an option with parameters is written `- name: {params}`', ctx.positionOf(node), label);
    if (pair.value === null || (isScalar(pair.value) && pair.value.value === null)) return { value, params: [] };
    if (!isMap(pair.value)) ctx.fail(`option ${JSON.stringify(value)} must map to its parameters${scalarOptionHint(value, pair.value)}`, ctx.positionOf(isScalar(pair.value) ? pair.value : node), label);
    return { value, params: parseParams(ctx, pair.value, condition) };
  }
  // `{name: sgd, momentum: ...}`, hyperopt's `{type: svm, C: ...}`: the option's own name is the key (user audits)
  return ctx.fail(`an option is a scalar (- adam), or a mapping of one key, the option, to its own parameters (- sgd: with them on the lines below, indented)${dictOptionHint(node)}`, ctx.positionOf(isSeq(node) || isMap(node) ? node : null), label);
}
