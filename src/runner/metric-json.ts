import { parseMetricNumber } from './metric-number.js';

/** A whole-line JSON object, parsed; 'not json' for any other line. */
function jsonObjectOf(line: string): Record<string, unknown> | 'not json' {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return 'not json';
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : 'not json';
  } catch {
    return 'not json'; // e.g. Python's {'loss': 0.4} or json.dumps' NaN: the text rules read those
  }
}

/** The value at a dotted path of own keys (`metrics.val_loss`), or undefined. */
function atPath(object: Record<string, unknown>, path: string): unknown {
  let here: unknown = object;
  for (const key of path.split('.')) {
    if (typeof here !== 'object' || here === null || !Object.hasOwn(here, key)) return undefined;
    here = (here as Record<string, unknown>)[key];
  }
  return here;
}

/**
 * A whole-line JSON object: its top-level key decides, or a dotted path to a nested one
 * (`--metric metrics.val_loss` for `{"epoch": 3, "metrics": {"val_loss": 0.3}}`), or a bare name's
 * only nested key.
 */
export function readJsonLine(line: string, metric: string): { value: number | undefined; text?: string } | 'not json' {
  const whole = jsonObjectOf(line);
  // a dotted path reaches into the objects a line prints the way the text rules read top-level keys:
  // after a prefix (`INFO {...}`), with json.dumps' NaN and Infinity, or as Python's repr (a re-audit)
  const parsed = whole === 'not json' && metric.includes('.') ? (lenientObjectOf(line) ?? whole) : whole;
  if (parsed === 'not json') return parsed;
  const value: unknown = Object.hasOwn(parsed, metric) ? parsed[metric] : metric.includes('.') ? atPath(parsed, metric) : onlyNested(parsed, metric);
  if (typeof value === 'number') return { value };
  if (value === null) return { value: Number.NaN }; // JSON.stringify writes NaN as null
  // a string is written as the program's locale writes it (`"2,512"`): its text goes to the comma rules
  if (typeof value === 'string') return { value: parseMetricNumber(value), text: value };
  return { value: undefined };
}

/**
 * A bare name's one nested key (`val_loss` in `{"metrics": {"val_loss": 0.3}}`), as the text rules find
 * it in Python's repr of the same line (a user audit); undefined when none, or several (`train.loss`
 * and `val.loss` for `loss`): a dotted path says which.
 */
function onlyNested(object: Record<string, unknown>, name: string): unknown {
  const found: unknown[] = [];
  const walk = (value: Record<string, unknown>, depth: number): void => {
    for (const [key, inner] of Object.entries(value)) {
      if (key === name && depth > 0) found.push(inner);
      else if (typeof inner === 'object' && inner !== null && !Array.isArray(inner) && depth < 4) walk(inner as Record<string, unknown>, depth + 1);
    }
  };
  walk(object, 0);
  return found.length === 1 ? found[0] : undefined;
}

/** The `{...}` a line holds, read as JSON after Python's spellings (quotes, NaN, inf, True, None, np.float64(x)); null when it is none. */
function lenientObjectOf(line: string): Record<string, unknown> | null {
  const start = line.indexOf('{');
  const end = line.lastIndexOf('}');
  if (start < 0 || end <= start) return null;
  let text = line.slice(start, end + 1).replace(/\bnp\.float\d*\(([^()]*)\)/g, '$1');
  if (!text.includes('"')) text = text.replace(/'/g, '"');
  text = text
    .replace(/(?<=[:,[]\s*)(-?)(?:NaN|nan|Infinity|inf)\b/g, (found) => `"${found}"`)
    .replace(/(?<=[:,[]\s*)True\b/g, 'true')
    .replace(/(?<=[:,[]\s*)False\b/g, 'false')
    .replace(/(?<=[:,[]\s*)None\b/g, 'null');
  const parsed = jsonObjectOf(text);
  return parsed === 'not json' ? null : parsed;
}

/** The dotted paths of a JSON line's number values (`epoch`, `metrics.val_loss`), or null for a line that is no JSON object. */
export function numberPaths(line: string): string[] | null {
  const parsed = jsonObjectOf(line);
  const object = parsed === 'not json' ? lenientObjectOf(line) : parsed;
  if (object === null) return null;
  const paths: string[] = [];
  const walk = (value: unknown, prefix: string, depth: number): void => {
    // a number as a string too: Hugging Face's Trainer (4.47 and later) prints its floats so (`'eval_accuracy': '0.805'`)
    if (typeof value === 'number' || (typeof value === 'string' && parseMetricNumber(value) !== undefined)) paths.push(prefix);
    else if (typeof value === 'object' && value !== null && !Array.isArray(value) && depth < 5) {
      for (const [key, inner] of Object.entries(value)) walk(inner, prefix === '' ? key : `${prefix}.${key}`, depth + 1);
    }
  };
  walk(object, '', 0);
  return paths;
}

/** A line's `{...}` as an object: a whole-line JSON object, or one after a prefix or in Python's spellings; null for neither. */
export function dictLineOf(line: string): Record<string, unknown> | null {
  const whole = jsonObjectOf(line);
  return whole === 'not json' ? lenientObjectOf(line) : whole;
}
