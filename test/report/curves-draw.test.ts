import { describe, expect, it } from 'vitest';
import { curveAlpha, curveScale, lastPoint } from '../../src/report/html/client/curves-draw.js';

// The pure parts of the page's learning curves (the drawing itself is tested in test/browser/curves.test.ts).
describe('learning curves: where a trial stopped and the value axis', () => {
  it('puts a stopped trial at its last finite value, counting steps from 1', () => {
    expect(lastPoint([0.9, 0.7, 0.5])).toEqual({ step: 3, value: 0.5 });
    // a run that diverged (NaN, inf: null in the page's data) stopped after its last real value
    expect(lastPoint([0.9, 0.7, null, null])).toEqual({ step: 2, value: 0.7 });
    expect(lastPoint([null])).toBeNull();
    expect(lastPoint([])).toBeNull();
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

  it('fades lines as they grow many, within bounds', () => {
    expect(curveAlpha(1)).toBe(0.75);
    expect(curveAlpha(100)).toBeCloseTo(0.4);
    expect(curveAlpha(1000)).toBeCloseTo(0.126, 3);
    expect(curveAlpha(100_000)).toBe(0.1);
  });
});
