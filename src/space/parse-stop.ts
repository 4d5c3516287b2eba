import { isMap, isScalar, type Node } from 'yaml';
import type { ParseContext } from './parse-context.js';
import { didYouMean } from './suggest.js';
import type { SpaceStop } from './types.js';

/** Keys of a `stop:` mapping, as the file writes them, and the setting each fills. */
const STOP_KEYS = { at: 'at', patience: 'patience', min_delta: 'minDelta' } as const;

/**
 * `stop: { at: 0.05, patience: 30, min_delta: 0.001 }`: the study stops once a trial's metric reaches
 * `at`, or once `patience` trials in a row have not improved on the best by more than `min_delta`.
 * Every mistake is a SpaceError naming the line.
 */
export function parseStop(ctx: ParseContext, stop: Node | null | undefined): SpaceStop {
  const out: SpaceStop = {};
  if (stop === undefined || stop === null) return out;
  if (!isMap(stop)) ctx.fail('stop must be a mapping with at:, patience: or min_delta: (e.g. stop: { patience: 30 })', ctx.positionOf(stop));
  for (const pair of stop.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const node = (pair.value as Node | null) ?? null;
    if (!Object.hasOwn(STOP_KEYS, key)) {
      const known = Object.keys(STOP_KEYS);
      ctx.fail(`unknown key ${JSON.stringify(key)} in stop:${didYouMean(key, known)}; known: ${known.join(', ')}`, ctx.positionOf(pair.key as Node));
    }
    const value = isScalar(node) ? node.value : undefined;
    const field = STOP_KEYS[key as keyof typeof STOP_KEYS];
    const finite = typeof value === 'number' && Number.isFinite(value);
    if (field === 'at' && !finite) ctx.fail(`stop: at must be a number, the metric's value to stop at (got ${JSON.stringify(value ?? null)})`, ctx.positionOf(node));
    if (field === 'patience' && !(finite && Number.isInteger(value) && value >= 1)) {
      ctx.fail(`stop: patience must be an integer >= 1, trials without progress (got ${JSON.stringify(value ?? null)})${value === 0 ? '; leave it out for none (--patience 0 turns a stored one off)' : ''}`, ctx.positionOf(node));
    }
    if (field === 'minDelta' && !(finite && value >= 0)) ctx.fail(`stop: min_delta must be a number >= 0 (got ${JSON.stringify(value ?? null)})`, ctx.positionOf(node));
    out[field] = value as number;
  }
  if (out.minDelta !== undefined && out.patience === undefined) ctx.fail('stop: min_delta sets what counts as progress for patience: give patience too', ctx.positionOf(stop));
  return out;
}
