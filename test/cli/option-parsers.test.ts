import { describe, expect, it } from 'vitest';
import { positiveSeconds } from '../../src/cli/option-parsers.js';

describe('positiveSeconds (--trial-timeout, --kill-grace)', () => {
  it('takes seconds or a duration as --time-budget does (a user audit: --trial-timeout 1h was refused)', () => {
    expect(positiveSeconds('0.5')).toBe(0.5);
    expect(positiveSeconds('90')).toBe(90);
    expect(positiveSeconds('1h')).toBe(3600);
    expect(positiveSeconds('1h30m')).toBe(5400);
    expect(positiveSeconds('45s')).toBe(45);
  });

  it('refuses nothing, zero, words, and more than a timer holds', () => {
    for (const bad of ['', '0', '-3', 'soon', '1x']) expect(() => positiveSeconds(bad)).toThrow('expected a duration above 0 (seconds, or like 90s, 30m, 2h)');
    expect(() => positiveSeconds('30d')).toThrow('expected at most 2147483 seconds');
  });
});
