import { isScalar, Scalar, type YAMLMap } from 'yaml';
import type { ParseContext } from './parse-context.js';

function parenDepth(text: string): number {
  return (text.match(/\(/g)?.length ?? 0) - (text.match(/\)/g)?.length ?? 0);
}

/**
 * In a flow mapping, `{ dist: loguniform(1e-5, 1), grid: 5 }`, YAML ends the plain scalar at the
 * comma and reads the rest (`1)`) as a key without a value. Glue the expression back from the
 * source, so the documented one-line form works; returns the pieces that were glued.
 */
export function rejoinFlowExpression(ctx: ParseContext, map: YAMLMap): { text: string; glued: Set<number> } | null {
  const index = map.items.findIndex((item) => isScalar(item.key) && item.key.value === 'dist');
  const dist = map.items[index]?.value;
  if (!map.flow || !isScalar(dist) || !(dist.type === Scalar.PLAIN || dist.type === undefined) || typeof dist.value !== 'string' || dist.range == null) return null;
  if (parenDepth(dist.value) <= 0) return null;
  const glued = new Set<number>();
  let end = dist.range[1];
  for (let i = index + 1; i < map.items.length && parenDepth(ctx.text.slice(dist.range[0], end)) > 0; i++) {
    const item = map.items[i];
    const key = item?.key;
    const emptyValue = item?.value === null || (isScalar(item?.value) && item.value.value === null);
    if (!isScalar(key) || key.range == null || !emptyValue) return null;
    glued.add(i);
    end = key.range[1];
  }
  const text = ctx.text.slice(dist.range[0], end).trimEnd();
  return parenDepth(text) === 0 ? { text, glued } : null;
}
