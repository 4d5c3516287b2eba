import { describe, expect, it } from 'vitest';
import { CURVE_POINTS, pageCurve } from '../../src/report/html/page-curve.js';

describe('pageCurve: a trial\'s curve as the page carries it', () => {
  it('keeps an epoch-level curve whole, six digits, a gap for NaN or inf', () => {
    expect(pageCurve([1.23456789, NaN, -Infinity, 0.5])).toEqual({ values: [1.23457, null, null, 0.5], steps: null });
    const epochs = Array.from({ length: CURVE_POINTS }, (_, i) => 1 / (i + 1));
    expect(pageCurve(epochs).steps).toBeNull();
  });

  it('thins a per-batch curve to about its budget, keeping both ends, every bucket\'s extremes and the spikes', () => {
    const n = 10_000;
    const values = Array.from({ length: n }, (_, i) => 2 * Math.exp(-i / 2000) + 0.01 * Math.sin(i));
    values[4321] = 50; // one spike
    values[7000] = NaN; // one diverged batch
    const { values: kept, steps } = pageCurve(values, 200);
    expect(steps).not.toBeNull();
    expect(kept.length).toBe(steps!.length);
    expect(kept.length).toBeGreaterThanOrEqual(100);
    expect(kept.length).toBeLessThanOrEqual(250);
    expect(steps![0]).toBe(1);
    expect(steps!.at(-1)).toBe(n);
    // steps strictly increase, each value is the one reported at its step
    steps!.forEach((step, k) => {
      if (k > 0) expect(step).toBeGreaterThan(steps![k - 1]!);
      const v = values[step - 1]!;
      expect(kept[k]).toBe(Number.isFinite(v) ? Number(v.toPrecision(6)) : null);
    });
    expect(steps).toContain(4322);
    expect(steps).toContain(7001);
    expect(kept[steps!.indexOf(7001)]).toBeNull();
    // the smallest value of the whole curve is among the kept ones
    const finite = values.filter(Number.isFinite);
    expect(kept).toContain(Number(Math.min(...finite).toPrecision(6)));
  });
});
