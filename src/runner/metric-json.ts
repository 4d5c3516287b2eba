import { parseMetricNumber } from './metric-number.js';

/** A whole-line JSON object: its top-level key decides (nested keys do not count). */
export function readJsonLine(line: string, metric: string): number | undefined | 'not json' {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return 'not json';
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return 'not json'; // e.g. Python's {'loss': 0.4} or json.dumps' NaN: the text rules read those
  }
  if (typeof parsed !== 'object' || parsed === null || !Object.hasOwn(parsed, metric)) return undefined;
  const value: unknown = (parsed as Record<string, unknown>)[metric];
  if (typeof value === 'number') return value;
  if (value === null) return Number.NaN; // JSON.stringify writes NaN as null
  if (typeof value === 'string') return parseMetricNumber(value);
  return undefined;
}
