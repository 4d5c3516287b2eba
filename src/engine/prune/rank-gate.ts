import { lossReaching } from './curves.js';
import type { Goal } from '../../space/types.js';
import type { Curve } from './types.js';

/**
 * asha's default: a rung prunes while its ranking and the next rung's agree at least this much
 * (docs/pruning.md, "The rank gate": of 0.3 to 0.7, 0.5 and 0.6 did best on the tuning seeds).
 */
export const RANK_GATE = 0.5;

/** Fewer trials than this past both rungs and the agreement is too rough to act on: the rung prunes. */
const MIN_PAIRS = 8;

/**
 * How well a rung's ranking foretells the next one: Spearman's rank correlation between the losses at
 * `rung` and at `next` over every trial that reached both (interrupted ones left out); null while fewer
 * than MIN_PAIRS did, or all tied at either. A rung whose order the next one does not keep (noisy
 * epochs, curves that cross) decides by chance, and a rung that decides by chance should not prune.
 */
export function rungAgreement(curves: readonly Curve[], rung: number, next: number, goal: Goal): number | null {
  const at: number[] = [];
  const later: number[] = [];
  for (const curve of curves) {
    if (curve.state === 'interrupted') continue;
    const a = lossReaching(curve, rung, goal);
    const b = lossReaching(curve, next, goal);
    if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b)) continue;
    at.push(a);
    later.push(b);
  }
  if (at.length < MIN_PAIRS) return null;
  return pearson(ranks(at), ranks(later));
}

/** Ranks from 1, ties sharing their mean rank. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && (order[j + 1] as { value: number }).value === (order[i] as { value: number }).value) j++;
    for (let k = i; k <= j; k++) out[(order[k] as { index: number }).index] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

/** The correlation of x and y; null when either is constant (all tied: no order to agree on). */
export function pearson(x: readonly number[], y: readonly number[]): number | null {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

/** Fewer complete trials than this at the rung, and none is judged past them all. */
const MIN_FINISHED = 3;

/**
 * Whether `own` (a loss at `rung`) is worse than every complete trial's there by more than ten times
 * their spread: no order at the rung, however poor, makes such a run worth going on (a run diverging to 1e44
 * passed a rung where every complete run stood below 3; a user audit).
 */
export function pastEveryFinished(curves: readonly Curve[], rung: number, own: number, goal: Goal): boolean {
  const finished: number[] = [];
  for (const curve of curves) {
    if (curve.state !== 'complete') continue;
    const loss = lossReaching(curve, rung, goal);
    if (loss !== undefined && Number.isFinite(loss)) finished.push(loss);
  }
  if (finished.length < MIN_FINISHED) return false;
  const worst = Math.max(...finished);
  return own > worst + CEILING_SPREADS * (worst - Math.min(...finished));
}

/**
 * How many spreads of the complete runs past the worst of them a run must stand for the gate to stop
 * it: one pruned runs at chance level that learn later (chance_level, asha at 50 runs' worth 1.6x the
 * regret, TPE, seeds 200..219); ten still stops a diverging run (docs/pruning.md, "Session 46").
 */
const CEILING_SPREADS = 10;
