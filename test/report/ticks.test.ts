import { describe, expect, it } from 'vitest';
import { fmt, shortName, tickText } from '../../src/report/html/client/format.js';

describe("the report's axis ticks", () => {
  it('are a few characters wide: exponents for huge and tiny values, six significant digits at most (found by a user audit)', () => {
    expect(tickText(-8.6e12)).toBe('-8.6e12');
    expect(tickText(-8_000_000_000_000)).toBe('-8e12');
    expect(tickText(1e10)).toBe('1e10');
    expect(tickText(1e-12)).toBe('1e-12');
    expect(tickText(2.5e-7)).toBe('2.5e-7');
    expect(tickText(-10_000_000)).toBe('-1e7');
    expect(tickText(999_999)).toBe('999999');
    expect(tickText(0.30000000000000004)).toBe('0.3');
    expect(tickText(123.456789)).toBe('123.457');
    expect(tickText(0.49248261, 5)).toBe('0.49248');
    expect(tickText(0)).toBe('0');
    expect(tickText(1e-3)).toBe('0.001');
  });

  it('name an empty option "" (in plots and the table) and cut long names in the middle', () => {
    expect(shortName('')).toBe('""');
    expect(fmt('')).toBe('""');
    expect(shortName('--augment')).toBe('--augment');
    expect(shortName('a_very_long_parameter_name', 11)).toBe('a_ver…_name');
  });
});
