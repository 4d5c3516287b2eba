import type { ReportTrial } from '../report-data.js';

// The learning curves' arithmetic, free of the DOM and of uPlot (unit-tested in node).

/** The part of a trial a curve needs: its values, and their steps when not 1, 2, 3... (a thinned curve). */
export type Curve = Pick<ReportTrial, 'curve' | 'curveSteps'>;

/** The step (from 1) of a curve's k-th value. */
export function stepAt(trial: Curve, k: number): number {
  return trial.curveSteps?.[k] ?? k + 1;
}

/** The last finite point of a curve: where a pruned trial stopped, where a running one is. */
export function lastPoint(trial: Curve): { step: number; value: number } | null {
  for (let k = trial.curve.length - 1; k >= 0; k--) {
    const value = trial.curve[k];
    if (value !== null && value !== undefined) return { step: stepAt(trial, k), value };
  }
  return null;
}

/**
 * Where a pruned trial stopped: its last step, also when that step's value was NaN or infinite (a run
 * that diverged there is stopped at once), at its last finite value (found by a user audit: the cross
 * sat a step early, at the last finite point).
 */
export function stopPoint(trial: Curve): { step: number; value: number; diverged: boolean } | null {
  const last = lastPoint(trial);
  if (last === null) return null;
  const k = trial.curve.length - 1;
  const value = trial.curve[k];
  return { step: stepAt(trial, k), value: last.value, diverged: value === null || value === undefined };
}

/**
 * The step nearest `step` that a curve has a value for: itself, the nearest a thinned curve kept, or
 * an end up to `slack` steps away (a pixel may span many steps, and a pruned curve ends inside one);
 * null when the curve has no value near there.
 */
export function nearestStep(trial: Curve, step: number, slack = 0): number | null {
  const n = trial.curve.length;
  if (n === 0) return null;
  const first = stepAt(trial, 0);
  const last = stepAt(trial, n - 1);
  if (step < first - slack || step > last + slack) return null;
  if (step <= first) return first;
  if (step >= last) return last;
  if (trial.curveSteps === null) return Math.round(step);
  const steps = trial.curveSteps;
  let lo = 0;
  let hi = steps.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((steps[mid] ?? 0) <= step) lo = mid;
    else hi = mid;
  }
  const below = steps[lo] ?? first;
  const above = steps[hi] ?? last;
  return step - below <= above - step ? below : above;
}

/** A curve's value at a step (see nearestStep); undefined where it has none, null at a gap. */
export function valueAt(trial: Curve, step: number, slack = 0): number | null | undefined {
  const at = nearestStep(trial, step, slack);
  if (at === null) return undefined;
  if (trial.curveSteps === null) return trial.curve[at - 1];
  return trial.curve[trial.curveSteps.indexOf(at)];
}

/**
 * Lines drawn with one alpha for all: many curves overlap, and where many go the colour deepens.
 * 1,000 curves of 27 steps are ~27,000 segments; drawn straight on uPlot's canvas (one uPlot series
 * per trial would build 1,000 legend rows and cursor lookups for nothing).
 */
export function curveAlpha(count: number): number {
  return Math.min(0.75, Math.max(0.1, 4 / Math.sqrt(Math.max(1, count))));
}

/**
 * The value axis for curves from lo to hi: log when all are positive and they span more than two
 * decades (a diverging run next to converged ones), as the other plots decide; a little room at the
 * edges. Fixed, because uPlot sees only the best trial's series.
 */
export function curveScale(lo: number, hi: number): { log: boolean; range: [number, number] } {
  if (lo > 0 && hi / lo > 100) return { log: true, range: [lo / 1.2, hi * 1.2] };
  const pad = (hi - lo) * 0.05 || Math.abs(hi) * 0.1 || 1;
  return { log: false, range: [lo - pad, hi + pad] };
}

/**
 * How far (in pixels) the pointer at (x, y), at step `step`, is from a curve's line: vertically
 * where the line passes the pointer's step, straight to the nearest point past its ends or beside a
 * gap (a pruned curve's last point is a target of its own). Infinity for an empty curve.
 */
export function pixelDistance(trial: Curve, step: number, x: number, y: number, toX: (step: number) => number, toY: (value: number) => number): number {
  const n = trial.curve.length;
  // the last point at or before the pointer's step (-1: the pointer is before the first)
  let lo = -1;
  let hi = n;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (stepAt(trial, mid) <= step) lo = mid;
    else hi = mid;
  }
  const point = (k: number): [number, number] | null => {
    const v = trial.curve[k];
    return v === null || v === undefined ? null : [toX(stepAt(trial, k)), toY(v)];
  };
  const left = lo >= 0 ? point(lo) : null;
  const right = lo + 1 < n ? point(lo + 1) : null;
  if (left !== null && right !== null) {
    const t = right[0] === left[0] ? 0 : Math.min(1, Math.max(0, (x - left[0]) / (right[0] - left[0])));
    return Math.abs(y - (left[1] + t * (right[1] - left[1])));
  }
  const from = (p: [number, number] | null): number => (p === null ? Infinity : Math.hypot(x - p[0], y - p[1]));
  return Math.min(from(left), from(right));
}
