import { parse as parseYamlScalar } from 'yaml';
import type { ParamValue } from './types.js';

/** `family(arg, arg, ...)` as written in a plain YAML scalar. */
export interface Expression {
  family: string;
  args: ExpressionArg[];
}

export interface ExpressionArg {
  text: string;
  value: ParamValue;
  /** Offset of the argument within the expression text, for error columns. */
  offset: number;
}

const EXPRESSION = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(([\s\S]*)\)\s*$/;

export function looksLikeExpression(text: string): boolean {
  return EXPRESSION.test(text);
}

/**
 * Why a plain value that is not an expression was surely meant as one, or null: a typo there would
 * otherwise pass every trial the text itself as a constant (`--lr=loguniform(1e-4, 1`). `families`: the
 * names of the families; a name alone (`init: uniform`) or followed by words stays a constant.
 */
export function brokenExpression(text: string, families: readonly string[]): string | null {
  const hyperopt = /^\s*(hp|scope)\.([A-Za-z_]+)\s*\(/.exec(text);
  if (hyperopt !== null) return hyperoptAdvice(hyperopt[1] ?? '', hyperopt[2] ?? '');
  const other = otherToolAdvice(text, families);
  if (other !== null) return other;
  const call = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(text);
  if (call !== null) return `${call[1] ?? ''}(... is not closed: a ')' is missing`;
  const family = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*([[{]|\s[-+.\d])/.exec(text);
  const name = family?.[1];
  if (name === undefined || !families.includes(name)) return null;
  return family?.[2] === '[' || family?.[2] === '{' ? `write ${name}(...) with round brackets` : `write ${name}(...) with its arguments in brackets, e.g. ${name}(0, 1)`;
}

/**
 * Why a choice's option written as text is not one, or null: a list or mapping (`choice([relu, tanh])`,
 * hyperopt's way) or a distribution (`choice(uniform(0, 1), 5)`) would reach every trial as its text.
 * `count`: the options of the choice.
 */
export function optionProblem(text: string, count: number, families: readonly string[]): string | null {
  if (text === '') return 'an option is empty (a comma too many); write null for a null option';
  const hyperopt = /^\s*(hp|scope)\.([A-Za-z_]+)\s*\(/.exec(text);
  if (hyperopt !== null) return hyperoptAdvice(hyperopt[1] ?? '', hyperopt[2] ?? '');
  if (text.startsWith('(')) return `an option is a scalar, not ${text}: give each value its own parameter (docs/running.md)`;
  // choice(sgd adam): a comma left out makes one option of two words (a user audit); quoted, it is meant
  if (count === 1 && /^[\w.+-]+(\s+[\w.+-]+)+$/.test(text)) return `one option, "${text}": separate options with commas, choice(${text.split(/\s+/).join(', ')}), or quote an option that holds spaces`;
  if (/^[[{]/.test(text)) {
    return count === 1 ? 'write the options without brackets, choice(a, b), or as a list, choice: [a, b]' : `an option is a scalar, not ${text}: give each value of a list its own parameter (docs/running.md)`;
  }
  const call = parseExpression(text);
  if (call !== null && families.includes(call.family)) {
    return `an option cannot be a distribution (${text}): give the option its own parameters, as \`- name:\` with \`x: ${text}\` under it (docs/space.md, "Nested choices")`;
  }
  return null;
}

/** How a hyperopt expression (`hp.choice('opt', [...])`, `scope.int(...)`) is written in a space file. */
function hyperoptAdvice(module: string, name: string): string {
  if (module === 'scope') return `hyperopt's scope.${name}(...) is not needed: quniform, qloguniform, randint and uniformint with whole-number arguments give integers`;
  if (name === 'choice' || name === 'pchoice') return `hyperopt's hp.${name}(label, options) is written \`${name}: [...]\` under the label, which is the key (docs/space.md)`;
  return `hyperopt's hp.${name}(label, ...) is written ${name}(...) without the label, which is the key (docs/space.md)`;
}

/** Ray Tune's search space functions beside the families of the same name. */
const RAY_TUNE = ['lograndint', 'qrandint', 'qlograndint', 'randn', 'qrandn', 'grid_search', 'sample_from'];

/**
 * Ray Tune's `tune.loguniform(1e-5, 1)` and Optuna's `trial.suggest_float(...)` in a space file: plain
 * text to YAML, so every trial got the text as a constant (a user audit); how each is written here.
 */
function otherToolAdvice(text: string, families: readonly string[]): string | null {
  const ray = /^\s*(?:ray\.)?tune\.([A-Za-z_]+)\s*\(/.exec(text)?.[1];
  if (ray !== undefined && (families.includes(ray) || RAY_TUNE.includes(ray))) return foreignFamilyAdvice(ray) ?? rayAdvice(ray);
  const optuna = /^\s*[A-Za-z_]\w*\.(suggest_\w+)\s*\(/.exec(text)?.[1];
  return optuna === undefined ? null : foreignFamilyAdvice(optuna);
}

/** How another tool's function that is no family here (`suggest_float`, `lograndint`) is written; null for any other name. */
export function foreignFamilyAdvice(name: string): string | null {
  if (/^suggest_(?:float|int|categorical|uniform|loguniform|discrete_uniform)$/.test(name)) {
    return `Optuna's ${name}(name, ...) is written without the name, which is the key: suggest_float(name, low, high) as uniform(low, high), with log=True as loguniform(low, high), with step as quniform(low, high, step); suggest_int(name, low, high) as uniformint(low, high), with step as quniform(low, high, step), with log=True as qloguniform(low, high, 1); suggest_categorical(name, [a, b]) as choice(a, b) (docs/space.md)`;
  }
  if (name === 'grid_search') return "Ray Tune's tune.grid_search([...]) is written choice(a, b, ...) and run with --algo grid (docs/space.md, \"Grid search\")";
  return RAY_TUNE.includes(name) ? rayAdvice(name) : null;
}

function rayAdvice(name: string): string {
  if (name === 'choice') return "Ray Tune's tune.choice([a, b]) is written choice(a, b), without tune. and the brackets (docs/space.md)";
  return `Ray Tune's tune.${name}(...) is written as a family without tune.: loguniform(1e-5, 1), uniform(0, 1), randint(1, 9) (upper bound excluded, as Ray's), quniform(16, 256, 16), qloguniform(16, 1024, 1) for lograndint (docs/space.md, "Families")`;
}

/** Split on commas outside quotes and brackets, keeping each argument's offset. */
function splitArgs(body: string, bodyOffset: number): Array<{ text: string; offset: number }> {
  const parts: Array<{ text: string; offset: number }> = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i <= body.length; i++) {
    const ch = body[i];
    if (quote !== null) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if ((ch === ',' && depth === 0) || ch === undefined) {
      const raw = body.slice(start, i);
      const lead = raw.length - raw.trimStart().length;
      parts.push({ text: raw.trim(), offset: bodyOffset + start + lead });
      start = i + 1;
    }
  }
  return parts.length === 1 && parts[0]?.text === '' ? [] : parts;
}

function scalarOf(text: string): ParamValue {
  const value: unknown = parseYamlScalar(text);
  if (value === null || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') {
    return value;
  }
  return text;
}

export function parseExpression(text: string): Expression | null {
  const match = EXPRESSION.exec(text);
  if (match === null || match[1] === undefined || match[2] === undefined) return null;
  const bodyOffset = text.indexOf('(') + 1;
  const args = splitArgs(match[2], bodyOffset).map((part) => ({
    text: part.text,
    value: part.text === '' ? null : scalarOf(part.text),
    offset: part.offset,
  }));
  return { family: match[1], args };
}
