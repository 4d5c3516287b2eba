import type { ParseContext } from './parse-context.js';
import type { Condition, ParamNode, ParamValue, SourcePosition } from './types.js';

/**
 * A constant reaches the program as written (docs/space.md): a number written as a float stays one
 * (`1.0` is passed as 1.0, not 1). An integer beyond what a float holds exactly (a 64-bit seed) would
 * lose its last digits: it is refused, to be quoted (found by user audits). `source`: the YAML scalar as
 * written.
 */
export function constantOf(ctx: ParseContext, label: string, condition: Condition | null, position: SourcePosition, value: ParamValue, source: string | undefined): ParamNode {
  const node = { kind: 'constant' as const, label, condition, position };
  const text = source?.trim();
  if (typeof value !== 'number' || text === undefined) return { ...node, value };
  if (/^[+-]?\d+$/.test(text) && !Number.isSafeInteger(value)) {
    ctx.fail(`${text} is beyond the integers a float holds exactly (it would reach the program as ${String(value)}): quote it ("${text}") to pass its digits as text`, position, label);
  }
  return writtenAsFloat(text) ? { ...node, value, float: true } : { ...node, value };
}

/** A number written with a point or an exponent (`1.0`, `.5`, `1e3`): its whole values reach the program as floats. */
export function writtenAsFloat(text: string): boolean {
  return /^[+-]?(\d+\.\d*|\.\d+|\d+(\.\d*)?[eE][+-]?\d+)$/.test(text.trim());
}
