import { isMap, isSeq, type Node } from 'yaml';
import type { ParseContext } from './parse-context.js';
import { checkRecord } from './records.js';
import type { Config, Space } from './types.js';

/**
 * `start:` in a space file: configurations to try first (hyperopt's points_to_evaluate), each a
 * mapping of labels to values, checked against the space; a label left out is the optimizer's to fill.
 */
export function parseStart(ctx: ParseContext, node: Node | null, space: Omit<Space, 'start'>): Config[] {
  if (node === null) return [];
  if (!isSeq(node)) ctx.fail('start must be a list of configurations (label: value mappings)', ctx.positionOf(node));
  return node.items.map((item, index) => {
    const where = ctx.positionOf(item as Node);
    if (!isMap(item)) ctx.fail(`start entry ${index + 1} must be a mapping of labels to values`, where);
    const fields = item.toJSON() as Record<string, unknown>;
    // each value's own line and column: an entry written on one line (`- {x: 0.5, k: c}`) named its start only (a user audit)
    const positions = new Map(item.items.flatMap((pair) => (pair.key === null || pair.value === null ? [] : [[String((pair.key as Node).toJSON()), ctx.positionOf(pair.value as Node)] as const])));
    const record = { fields, line: where.line, text: false, positions };
    return checkRecord({ ...space, start: [] }, record, { file: ctx.file ?? '<space>', metric: space.metric, partial: true }).config;
  });
}
