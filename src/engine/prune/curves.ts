import type { Goal } from '../../space/types.js';
import type { Curve, RungValue } from './types.js';

/** A value turned into a loss to minimise; NaN and the wrong infinity count as the worst. */
export function lossOf(value: number, goal: Goal): number {
  const loss = goal === 'maximize' ? -value : value;
  return Number.isNaN(loss) ? Infinity : loss;
}

/**
 * The loss reported at exactly `step`, or undefined: the `nth` value there (1-based) when the curve has
 * that many, else its last. Several values share a step when a program evaluates within an epoch (a
 * Hugging Face Trainer's `'epoch': 1.33` and `1.78` are both step 2): the nth is the same point of
 * training in every trial, where the last was compared with a trial's first (a user audit).
 */
export function lossAtStep(curve: Curve, step: number, goal: Goal, nth = Infinity): number | undefined {
  let found: number | undefined;
  let seen = 0;
  for (let i = 0; i < curve.steps.length && seen < nth; i++) {
    if (curve.steps[i] !== step) continue;
    seen += 1;
    found = curve.values[i] as number;
  }
  return found === undefined ? undefined : lossOf(found, goal);
}

/** How many values the curve has at `step`. */
export function valuesAtStep(curve: Curve, step: number): number {
  let count = 0;
  for (const at of curve.steps) if (at === step) count += 1;
  return count;
}

/** The loss at the first reported step at or after `step` (how a trial stood when it reached a rung), or undefined. */
export function lossReaching(curve: Curve, step: number, goal: Goal): number | undefined {
  for (let i = 0; i < curve.steps.length; i++) if ((curve.steps[i] as number) >= step) return lossOf(curve.values[i] as number, goal);
  return undefined;
}

/**
 * How a trial stood on reaching `step` by `rule` (PrunerSettings.rungValue): its value there, its best
 * value up to there, or the median of its last three values up to there; undefined before it got there.
 */
export function standingReaching(curve: Curve, step: number, goal: Goal, rule: RungValue): number | undefined {
  if (rule === 'at') return lossReaching(curve, step, goal);
  const at = curve.steps.findIndex((s) => s >= step);
  if (at < 0) return undefined;
  const losses = curve.values.slice(rule === 'best' ? 0 : Math.max(0, at - 2), at + 1).map((value) => lossOf(value, goal));
  if (rule === 'best') return Math.min(...losses);
  losses.sort((a, b) => a - b);
  return losses.length === 2 ? ((losses[0] as number) + (losses[1] as number)) / 2 : (losses[(losses.length - 1) >> 1] as number);
}

export function lastStep(curve: Curve): number {
  return curve.steps[curve.steps.length - 1] ?? 0;
}

/** The step before the latest one (0 before the first). */
export function previousStep(curve: Curve): number {
  return curve.steps[curve.steps.length - 2] ?? 0;
}

/**
 * The steps a full run takes: the setting, else the most steps any complete trial reported; null
 * while no trial has completed.
 */
export function maxStepsOf(setting: number | null, curves: readonly Curve[]): number | null {
  if (setting !== null) return setting;
  let most: number | null = null;
  for (const curve of curves) if (curve.state === 'complete' && curve.steps.length > 0) most = Math.max(most ?? 0, lastStep(curve));
  return most;
}

/** Values as the user reads them, in messages. */
export function shown(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(4))) : String(value);
}

/** Two values compared in a reason, with digits enough to tell them apart (0.52151 and 0.52146, not 0.5215 twice). */
export function apart(a: number, b: number): [string, string] {
  for (let digits = 4; digits < 17; digits++) {
    const [x, y] = [a, b].map((v) => (Number.isFinite(v) ? String(Number(v.toPrecision(digits))) : String(v)));
    if (x !== y || a === b) return [x ?? '', y ?? ''];
  }
  return [String(a), String(b)];
}

/**
 * A step count given as a share of a full run: `setting` when set, else `maxSteps / part` (rounded, at
 * least `floor`); null while the full run's length is unknown. docs/pruning.md: judging earlier stopped
 * the runs that learn slowly but end best.
 */
export function stepsOrShare(setting: number | null, maxSteps: number | null, part: number, floor: number): number | null {
  if (setting !== null) return setting;
  return maxSteps === null ? null : Math.max(floor, Math.round(maxSteps / part));
}

/** The first rung of asha and hyperband: a ninth of a full run. */
export const FIRST_RUNG_PART = 9;
/** The median pruner's warm-up: a third of a full run. */
export const WARMUP_PART = 3;
