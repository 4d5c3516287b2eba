// A value at a bound of a log range comes back as the bound itself, not a rounding away from it.
import { describe, expect, it } from 'vitest';
import { finishValue } from '../../src/space/quantize.js';
import type { NumericNode } from '../../src/space/types.js';
import { encodeSpace } from '../../src/engine/gp/encode.js';
import { numeric, makeSpace } from '../engine/spaces.js';

describe('a value at a bound', () => {
  it('is the bound: exp(log(3)) is 3, as the run line shows it (a user audit: --lr=2.9999999999999982)', () => {
    const lr = numeric('lr', 'loguniform', { low: 1e-6, high: 3 }) as NumericNode;
    expect(Math.exp(Math.log(3))).not.toBe(3);
    expect(finishValue(lr, Math.exp(Math.log(3)))).toBe(3);
    expect(finishValue(lr, Math.exp(Math.log(1e-6)))).toBe(1e-6);
    // the GP's coordinates 0 and 1 are the range's ends
    const input = encodeSpace(makeSpace([lr])).inputs[0];
    if (input?.kind !== 'numeric') throw new Error('numeric input expected');
    expect([input.fromUnit(0), input.fromUnit(1)]).toEqual([1e-6, 3]);
    // a value near a bound but not a rounding away stays what it is
    expect(finishValue(lr, 2.9999)).toBe(2.9999);
    expect(finishValue(numeric('x', 'uniform', { low: 0, high: 1 }) as NumericNode, 1e-300)).toBe(1e-300);
  });
});
