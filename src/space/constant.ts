import type { Condition, ParamNode, ParamValue, SourcePosition } from './types.js';

/**
 * A constant reaches the program as written (docs/space.md): an integer beyond what a float holds
 * exactly (a 64-bit seed) keeps its digits as text, and a number written as a float stays one (`1.0`
 * is passed as 1.0, not 1); found by a user audit. `source`: the YAML scalar as written.
 */
export function constantOf(label: string, condition: Condition | null, position: SourcePosition, value: ParamValue, source: string | undefined): ParamNode {
  const node = { kind: 'constant' as const, label, condition, position };
  const text = source?.trim();
  if (typeof value !== 'number' || text === undefined) return { ...node, value };
  if (/^[+-]?\d+$/.test(text) && !Number.isSafeInteger(value)) return { ...node, value: text };
  return /^[+-]?(\d+\.\d*|\.\d+|\d+(\.\d*)?[eE][+-]?\d+)$/.test(text) ? { ...node, value, float: true } : { ...node, value };
}
