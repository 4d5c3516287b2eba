import { IMPORTANCE_METHOD, type ParamImportance } from './importance.js';

const BAR_WIDTH = 24;
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'] as const;

/**
 * The summary's importance section: one line per parameter, most important first, with a bar,
 * its share, and for conditional parameters how many trials it was judged on.
 *
 *   Parameter importance (PED-ANOVA on the GP's model of the study: where the best 10% of the space lies vs all of it)
 *     lr         ████████████████▌        0.68
 *     dropout    ███▎                     0.14  active in 61/120
 */
export function formatImportance(importances: readonly ParamImportance[]): string {
  if (importances.length === 0) return '';
  const onModel = importances.some((item) => item.basis === 'model' && item.importance !== null);
  const how = onModel ? " on the GP's model of the study: where the best 10% of the space lies vs all of it" : ': where the best 10% of complete trials lie vs all of them';
  const header = `Parameter importance (${IMPORTANCE_METHOD}${how})`;
  const width = Math.max(...importances.map((item) => item.label.length));
  const lines = importances.map((item) => {
    const label = item.label.padEnd(width);
    if (item.importance === null) return `  ${label}  ${'-'.padEnd(BAR_WIDTH)}     -  ${item.note ?? ''}`.trimEnd();
    const active = item.active < item.total ? `  active in ${item.active}/${item.total}` : '';
    return `  ${label}  ${bar(item.importance).padEnd(BAR_WIDTH)}  ${item.importance.toFixed(2)}${active}`;
  });
  return [header, ...lines].join('\n') + '\n';
}

/** A horizontal bar in eighths of a cell, scaled so 1.0 fills BAR_WIDTH cells. */
export function bar(fraction: number, width = BAR_WIDTH): string {
  const eighths = Math.round(Math.min(1, Math.max(0, fraction)) * width * 8);
  const full = Math.floor(eighths / 8);
  return '█'.repeat(full) + EIGHTHS[eighths % 8];
}
