// The output warps and the log Jacobian that lets the GP compare them on the same footing.
import { describe, expect, it } from 'vitest';
import { unwarp, warpTargets, warpLoss } from '../../../src/engine/gp/warp.js';

const losses = [3, 1.5, 40, 2.2, 1000, 1.4];
const sd = (ys: readonly number[]): number => {
  const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
  return Math.sqrt(ys.reduce((a, b) => a + (b - mean) ** 2, 0) / ys.length);
};

describe('warpTargets', () => {
  it('standardizes and keeps the order of the losses under every warp', () => {
    for (const warp of ['none', 'log', 'rank'] as const) {
      const { y } = warpTargets(losses, warp);
      expect(y.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
      expect(sd([...y])).toBeCloseTo(1, 12);
      for (let i = 0; i < losses.length; i++) for (let j = 0; j < losses.length; j++) {
        if ((losses[i] as number) < (losses[j] as number)) expect(y[i]).toBeLessThan(y[j] as number);
      }
    }
  });

  it('gives the log Jacobian of each map: -n log sd without warping, and the log derivative summed in log space', () => {
    expect(warpTargets(losses, 'none').logJacobian).toBeCloseTo(-losses.length * Math.log(sd(losses)), 10);
    // log warp: y = (log(v - min + c) - m) / s with c a tenth of the median gap; dy/dv = 1 / ((v - min + c) s)
    const min = Math.min(...losses);
    const gaps = losses.map((v) => v - min).sort((a, b) => a - b);
    const c = 0.1 * (gaps[Math.floor(losses.length / 2)] as number);
    const logs = losses.map((v) => Math.log(v - min + c));
    const expected = logs.reduce((a, l) => a - l, 0) - losses.length * Math.log(sd(logs));
    expect(warpTargets(losses, 'log').logJacobian).toBeCloseTo(expected, 10);
    expect(Number.isNaN(warpTargets(losses, 'rank').logJacobian)).toBe(true);
  });

  it('copes with equal losses (no spread) without dividing by zero', () => {
    for (const warp of ['none', 'log', 'rank'] as const) {
      const { y } = warpTargets([2, 2, 2], warp);
      for (const v of y) expect(Number.isFinite(v)).toBe(true);
    }
  });
});

describe('unwarp', () => {
  it('maps each standardized target back to its loss under every warp', () => {
    for (const warp of ['none', 'log', 'rank'] as const) {
      const back = unwarp(losses, warp);
      const { y } = warpTargets(losses, warp);
      losses.forEach((loss, i) => expect(back(y[i] as number)).toBeCloseTo(loss, 9));
    }
  });

  it('is monotone between the trials, so a band maps to a band', () => {
    for (const warp of ['none', 'log', 'rank'] as const) {
      const back = unwarp(losses, warp);
      const ys = Array.from({ length: 41 }, (_, i) => -2 + i / 10).map(back);
      for (let i = 1; i < ys.length; i++) expect(ys[i]).toBeGreaterThanOrEqual(ys[i - 1] as number);
    }
  });
});

describe('warpLoss', () => {
  it("gives a loss the standardized target the fit gives it, under each warp, and new losses in order", () => {
    const losses = [3, 0.5, 12, 1, 250];
    for (const warp of ['none', 'log', 'rank'] as const) {
      const to = warpLoss(losses, warp);
      const y = warpTargets(losses, warp).y;
      losses.forEach((loss, i) => expect(to(loss)).toBeCloseTo(y[i] as number, 6));
      expect(to(2)).toBeGreaterThan(to(1));
      expect(to(2)).toBeLessThan(to(3));
    }
  });
});
