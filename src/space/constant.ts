import type { Scalar } from 'yaml';
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
  if (typeof value === 'number' && !Number.isFinite(value)) {
    // `.nan` reached the flags as NaN and HYPERTUNE_PARAMS as null (a user audit)
    ctx.fail(`a constant must be a finite number (got ${text ?? String(value)}): quote it ("${text ?? String(value)}") to pass it as text`, position, label);
  }
  if (typeof value === 'string' && value.includes('\0')) ctx.fail(`the constant ${JSON.stringify(value)} holds a NUL character, which no argument or environment variable can carry`, position, label);
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


const CORE_TAG_TYPES: Record<string, string> = { int: 'number', float: 'number', bool: 'boolean', null: 'object', str: 'string' };

/**
 * A YAML tag the value does not bear out: `!!float 1` stayed the text "1", and `!custom 5` was passed
 * as "5" (a user audit). `!!str 5` is text, and a core tag its value matches is kept.
 */
export function tagProblem(node: Scalar): string | null {
  const tag = node.tag;
  if (tag === undefined) return null;
  const core = /^tag:yaml\.org,2002:(\w+)$/.exec(tag)?.[1];
  const type = core === undefined ? undefined : CORE_TAG_TYPES[core];
  if (type !== undefined && typeof node.value === type) return null;
  const shown = core === undefined ? tag : `!!${core}`;
  return `the YAML tag ${shown} is not read here: write the value as the program should get it (1.0 for a float, quotes for text)`;
}
