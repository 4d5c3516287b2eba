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
 * (`--metric metrics.val_loss` for `{"epoch": 3, "metrics": {"val_loss": 0.3}}`).
 */
export function readJsonLine(line: string, metric: string): number | undefined | 'not json' {
  const parsed = jsonObjectOf(line);
  if (parsed === 'not json') return parsed;
  const value: unknown = Object.hasOwn(parsed, metric) ? parsed[metric] : metric.includes('.') ? atPath(parsed, metric) : undefined;
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  if (value === null) return Number.NaN; // JSON.stringify writes NaN as null
  if (typeof value === 'string') return parseMetricNumber(value);
  return undefined;
}

/** The dotted path of a key named `name` nested in a JSON line (`metrics.val_loss`), or null. */
export function nestedPathOf(line: string, name: string): string | null {
  const parsed = jsonObjectOf(line);
  if (parsed === 'not json') return null;
  const search = (object: Record<string, unknown>, prefix: string, depth: number): string | null => {
    for (const [key, value] of Object.entries(object)) {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || depth > 4) continue;
      const inner = value as Record<string, unknown>;
      if (Object.hasOwn(inner, name)) return `${prefix}${key}.${name}`;
      const deeper = search(inner, `${prefix}${key}.`, depth + 1);
      if (deeper !== null) return deeper;
    }
    return null;
  };
  return Object.hasOwn(parsed, name) ? null : search(parsed, '', 0);
}
