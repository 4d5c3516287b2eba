import { describe, expect, it } from 'vitest';
import { curveAlpha, curveScale, lastPoint, pixelDistance, stopPoint, valueAt } from '../../src/report/html/client/curve-points.js';

const ordinal = (curve: Array<number | null>) => ({ curve, curveSteps: null });

// The pure parts of the page's learning curves (the drawing itself is tested in test/browser/curves.test.ts).
describe('learning curves: where a trial stopped and the value axis', () => {
  it('puts a stopped trial at its last finite value, counting steps from 1', () => {
    expect(lastPoint(ordinal([0.9, 0.7, 0.5]))).toEqual({ step: 3, value: 0.5 });
    // a run that diverged (NaN, inf: null in the page's data) stopped after its last real value
    expect(lastPoint(ordinal([0.9, 0.7, null, null]))).toEqual({ step: 2, value: 0.7 });
    expect(lastPoint(ordinal([null]))).toBeNull();
    expect(lastPoint(ordinal([]))).toBeNull();
    // a thinned curve knows the step of each value it kept
    expect(lastPoint({ curve: [3, 1, 2], curveSteps: [1, 40, 500] })).toEqual({ step: 500, value: 2 });
  });

  it("crosses a pruned trial at the step it was stopped, a diverged one's too, at its last finite value (found by a user audit)", () => {
    expect(stopPoint(ordinal([0.9, 0.7, 0.5]))).toEqual({ step: 3, value: 0.5, diverged: false });
    // stopped at its first NaN, step 3, as summary's stopped_at_step says
    expect(stopPoint(ordinal([0.9, 0.7, null]))).toEqual({ step: 3, value: 0.7, diverged: true });
    expect(stopPoint({ curve: [3, 1, null], curveSteps: [1, 40, 500] })).toEqual({ step: 500, value: 1, diverged: true });
    expect(stopPoint(ordinal([null]))).toBeNull();
    expect(stopPoint(ordinal([]))).toBeNull();
  });

  it('reads a value at a step, from the nearest step a thinned curve kept, nothing past its ends but the slack', () => {
    expect(valueAt(ordinal([0.9, 0.7, 0.5]), 2)).toBe(0.7);
    expect(valueAt(ordinal([0.9, 0.7, 0.5]), 4)).toBeUndefined();
    // where a pixel spans several steps, a curve that ends inside it still answers
    expect(valueAt(ordinal([0.9, 0.7, 0.5]), 4.5, 2)).toBe(0.5);
    expect(valueAt(ordinal([0.9, 0.7, 0.5]), 1.4)).toBe(0.9);
    const thinned = { curve: [3, 1, null, 2], curveSteps: [1, 40, 41, 500] };
    expect(valueAt(thinned, 1)).toBe(3);
    expect(valueAt(thinned, 20)).toBe(3);
    expect(valueAt(thinned, 21)).toBe(1);
    expect(valueAt(thinned, 41)).toBeNull();
    expect(valueAt(thinned, 400)).toBe(2);
    expect(valueAt(thinned, 501)).toBeUndefined();
  });

  it('turns log when the values are positive and span more than two decades, with room at the edges', () => {
    const converging = curveScale(0.2, 10);
    expect(converging.log).toBe(false);
    expect(converging.range[0]).toBeCloseTo(0.2 - 0.49);
    expect(converging.range[1]).toBeCloseTo(10 + 0.49);
    const diverging = curveScale(0.2, 5e4);
    expect(diverging.log).toBe(true);
    expect(diverging.range[0]).toBeCloseTo(0.2 / 1.2);
    expect(diverging.range[1]).toBeCloseTo(5e4 * 1.2);
    // negative or zero values have no log axis, however wide
    expect(curveScale(-1, 1e6).log).toBe(false);
    expect(curveScale(0, 1e6).log).toBe(false);
  });

  it('gives a flat or single value a range of its own', () => {
    expect(curveScale(2, 2)).toEqual({ log: false, range: [1.8, 2.2] });
    expect(curveScale(0, 0)).toEqual({ log: false, range: [-1, 1] });
  });

  it('measures the pointer against the line between points, and straight to an end or beside a gap', () => {
    // 10 px per step, value v at 100 - 10 v px
    const toX = (step: number) => step * 10;
    const toY = (value: number) => 100 - 10 * value;
    const curve = ordinal([1, 3, null, 5]);
    // halfway between steps 1 and 2 the line is at value 2 (y 80)
    expect(pixelDistance(curve, 1.5, 15, 83, toX, toY)).toBeCloseTo(3);
    // beside the gap at step 3: the distance to the point at step 2 (20, 70)
    expect(pixelDistance(curve, 2.5, 25, 70, toX, toY)).toBeCloseTo(5);
    // past the end (step 4 at (40, 50)) and before the start (step 1 at (10, 90))
    expect(pixelDistance(curve, 4.6, 46, 58, toX, toY)).toBeCloseTo(10);
    expect(pixelDistance(curve, 0.7, 7, 94, toX, toY)).toBeCloseTo(5);
    expect(pixelDistance(ordinal([]), 1, 10, 10, toX, toY)).toBe(Infinity);
    // a thinned curve's line runs between the steps it kept
    expect(pixelDistance({ curve: [0, 10], curveSteps: [1, 9] }, 5, 50, 50, toX, toY)).toBeCloseTo(0);
  });

  it('fades lines as they grow many, within bounds', () => {
    expect(curveAlpha(1)).toBe(0.75);
    expect(curveAlpha(100)).toBeCloseTo(0.4);
    expect(curveAlpha(1000)).toBeCloseTo(0.126, 3);
    expect(curveAlpha(100_000)).toBe(0.1);
  });
});
