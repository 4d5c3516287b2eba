import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/util/rng.js';
import { kthSmallest } from '../../src/util/select.js';

describe('kthSmallest', () => {
  it('gives what a sort gives at every k, with duplicates, infinities and signed zeros', () => {
    const rng = createRng('select');
    for (let round = 0; round < 200; round++) {
      const n = 1 + Math.floor(rng.next() * 40);
      const pool = [0, -0, 1, 1, 2, -Infinity, Infinity, 0.5];
      const values = Float64Array.from({ length: n }, () => (rng.next() < 0.5 ? (pool[Math.floor(rng.next() * pool.length)] as number) : rng.next()));
      const sorted = values.slice().sort();
      // -0 and 0 are one value here (the split compares with < and ===), though a sort puts -0 first
      for (let k = 0; k < n; k++) expect(kthSmallest(values.slice(), k) === sorted[k]).toBe(true);
    }
  });

  it('takes linear time on sorted, reversed and constant input', () => {
    for (const values of [Float64Array.from({ length: 1e5 }, (_, i) => i), Float64Array.from({ length: 1e5 }, (_, i) => -i), new Float64Array(1e5)]) {
      expect(kthSmallest(values.slice(), 500)).toBe(values.slice().sort()[500]);
    }
  });
});
