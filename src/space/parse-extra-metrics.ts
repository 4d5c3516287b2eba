import { isScalar, isSeq, type Node } from 'yaml';
import type { ParseContext } from './parse-context.js';

/**
 * `extra_metrics: [accuracy, train_loss]` (or `accuracy, train_loss`): other metrics the program
 * prints, recorded beside the result and shown in the summary, never optimized. Each is a name read by
 * the metric's default rules (`name=value`, `name: value`, JSON keys, table columns); it may hold spaces. Every mistake is
 * a SpaceError naming the line.
 */
export function parseExtraMetrics(ctx: ParseContext, node: Node | null | undefined, metric: string): string[] {
  if (node === undefined || node === null) return [];
  const items: Array<{ value: unknown; node: Node }> = isSeq(node)
    ? node.items.map((item) => ({ value: isScalar(item) ? item.value : item, node: item as Node }))
    : isScalar(node) && typeof node.value === 'string'
      ? node.value.split(',').map((value) => ({ value, node }))
      : [{ value: isScalar(node) ? node.value : node, node }];
  const names: string[] = [];
  for (const { value, node: at } of items) {
    const name = typeof value === 'string' ? value.trim() : '';
    // a name may hold spaces, as metric:'s may (LightGBM's `valid_0's auc`, nanoGPT's `val loss`)
    if (name === '' || /[\r\n]/.test(name)) {
      ctx.fail(`extra_metrics must be a list of metric names, as the program prints them (e.g. extra_metrics: [accuracy, train_loss]); got ${JSON.stringify(value ?? null)}`, ctx.positionOf(at));
    }
    if (name === metric) ctx.fail(`extra_metrics: ${name} is the study's metric already (metric: ${metric}); list only the others to record`, ctx.positionOf(at));
    if (names.includes(name)) ctx.fail(`extra_metrics: ${name} is listed twice`, ctx.positionOf(at));
    names.push(name);
  }
  return names;
}
