import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/util/duration.js';

describe('parseDuration', () => {
  it('reads seconds, units and sums of units, largest first', () => {
    expect(parseDuration('90')).toBe(90);
    expect(parseDuration('2.5')).toBe(2.5);
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('45m')).toBe(2700);
    expect(parseDuration('1.5h')).toBe(5400);
    expect(parseDuration('2d')).toBe(172800);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration(' 1h 30m 15s ')).toBe(5415);
    expect(parseDuration('8H')).toBe(28800);
    expect(parseDuration('.5h')).toBe(1800);
  });

  it('refuses what is not a duration above zero', () => {
    for (const text of ['', 'soon', '0', '0s', '-5', '5x', 'h', '1h 1h', '30m1h', '1h30', '1e3', 'Infinity', '5 s m']) {
      expect(parseDuration(text), text).toBeNull();
    }
  });
});
