import type { Node } from 'yaml';
import type { ParseContext } from './parse-context.js';
import { captureGroupCount } from '../util/regexp.js';

/** Checks of single top-level settings of a space file, each failing with the line of its value. */
type Bad = (key: string, expected: string, node: Node | null, value: unknown) => never;

export function readPositiveInteger(
  key: string,
  { value, node }: { value: unknown; node: Node | null },
  min: number,
  bad: Bad,
): number | null {
  if (value === undefined) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) bad(key, `an integer >= ${min}`, node, value);
  return value as number;
}

export function checkPattern(
  ctx: ParseContext,
  value: unknown,
  node: Node | null,
  bad: Bad,
): void {
  if (typeof value !== 'string') bad('pattern', 'a regular expression string', node, value);
  let groups = 0;
  try {
    groups = captureGroupCount(String(value));
  } catch (error) {
    ctx.fail(`pattern is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`, ctx.positionOf(node));
  }
  if (groups !== 1) {
    ctx.fail(`pattern must have exactly one capture group around the number (it has ${groups}); write other groups as (?:...)`, ctx.positionOf(node));
  }
}
