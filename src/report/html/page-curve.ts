/** A trial's curve as the page gets it: values, and their steps when they are not simply 1, 2, 3... */
export interface PageCurve {
  /** Six significant digits; null where the program reported NaN or an infinity (a gap in the line). */
  values: Array<number | null>;
  /** The step of each value (from 1) when the curve was thinned; null when value k is step k + 1. */
  steps: number[] | null;
}

/** Above this many values a curve is thinned for the page (an epoch-level curve never is). */
export const CURVE_POINTS = 200;

/**
 * Six significant digits: 1,000 trials of 27 steps stay a few hundred KB of JSON, and a plot (or its
 * hover text) shows no more. A diverged step (NaN, inf) has no place on an axis: null, a gap.
 */
function pagePoint(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? Number(value.toPrecision(6)) : null;
}

/**
 * A program that prints its loss at every batch reports thousands of values per trial, which would
 * make the page megabytes per trial and its drawing slow. A long curve keeps, per bucket of
 * consecutive steps, the first, smallest, largest and last value (the M4 aggregation of Jugel et al.,
 * VLDB 2014, for line charts): the drawn line keeps its envelope and every spike, and a NaN keeps
 * its gap. About `maxPoints` values remain, whatever the length.
 */
export function pageCurve(values: readonly number[], maxPoints: number = CURVE_POINTS, steps: readonly number[] = []): PageCurve {
  // each value's own step (an `epoch N` line); the ordinal where the program gave none
  const stepOf = (i: number): number => steps[i] ?? i + 1;
  const ordinal = values.every((_, i) => stepOf(i) === i + 1);
  if (values.length <= maxPoints) return { values: values.map(pagePoint), steps: ordinal ? null : values.map((_, i) => stepOf(i)) };
  const buckets = Math.max(1, Math.floor(maxPoints / 4));
  const kept: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * values.length) / buckets);
    const to = Math.floor(((b + 1) * values.length) / buckets);
    let lowest = -1;
    let highest = -1;
    let gap = -1;
    for (let i = from; i < to; i++) {
      const v = values[i] ?? NaN;
      if (!Number.isFinite(v)) {
        if (gap < 0) gap = i;
        continue;
      }
      if (lowest < 0 || v < (values[lowest] ?? v)) lowest = i;
      if (highest < 0 || v > (values[highest] ?? v)) highest = i;
    }
    const inBucket = [from, lowest, highest, gap, to - 1].filter((i) => i >= from && i < to);
    kept.push(...new Set(inBucket.sort((a, b) => a - b)));
  }
  return { values: kept.map((i) => pagePoint(values[i])), steps: kept.map(stepOf) };
}
