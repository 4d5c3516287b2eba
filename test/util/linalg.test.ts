import { describe, expect, it } from 'vitest';
import { cholesky, choleskyInverse, solveLower } from '../../src/util/linalg.js';

// The textbook loops, one sum at a time: the kernels interleave independent sums for speed and must
// give these very bits, or every proposal of the GP would change (docs/gp.md, "What the GP does", item 13).
function textbookCholesky(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j] as number;
      for (let k = 0; k < j; k++) sum -= (l[i * n + k] as number) * (l[j * n + k] as number);
      if (i === j) {
        if (!(sum > 0)) return null;
        l[i * n + i] = Math.sqrt(sum);
      } else l[i * n + j] = sum / (l[j * n + j] as number);
    }
  }
  return l;
}

function textbookInverse(l: Float64Array, n: number): Float64Array {
  const m = new Float64Array(n * n); // M = L^-1, by rows
  for (let j = 0; j < n; j++) {
    m[j * n + j] = 1 / (l[j * n + j] as number);
    for (let i = j + 1; i < n; i++) {
      let sum = 0;
      for (let k = j; k < i; k++) sum -= (l[i * n + k] as number) * (m[k * n + j] as number);
      m[i * n + j] = sum / (l[i * n + i] as number);
    }
  }
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = i; k < n; k++) sum += (m[k * n + i] as number) * (m[k * n + j] as number);
      inv[i * n + j] = sum;
      inv[j * n + i] = sum;
    }
  }
  return inv;
}

function textbookSolveLower(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i] as number;
    for (let k = 0; k < i; k++) sum -= (l[i * n + k] as number) * (z[k] as number);
    z[i] = sum / (l[i * n + i] as number);
  }
  return z;
}

/** A Matérn-like kernel matrix of n random points in 3-D, ill-conditioned as late GP fits are. */
function kernelMatrix(n: number, seed: number): Float64Array {
  let s = seed;
  const next = (): number => ((s = (s * 1103515245 + 12345) % 2147483648), s / 2147483648);
  const x = Array.from({ length: n }, () => [next(), next(), next()]);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const r = Math.hypot(...[0, 1, 2].map((k) => (x[i]?.[k] ?? 0) - (x[j]?.[k] ?? 0))) / 0.4;
      a[i * n + j] = (1 + Math.sqrt(5) * r + (5 / 3) * r * r) * Math.exp(-Math.sqrt(5) * r) + (i === j ? 1e-6 : 0);
    }
  }
  return a;
}

describe('the interleaved Cholesky kernels', () => {
  it('give the textbook factor, inverse and forward substitution bit for bit, at every size the unrolling splits differently', () => {
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 31, 64, 101]) {
      for (const seed of [1, 2]) {
        const a = kernelMatrix(n, seed * 1000 + n);
        const factor = cholesky(a, n);
        const expected = textbookCholesky(a, n);
        expect(factor).not.toBeNull();
        expect(Array.from(factor ?? [])).toEqual(Array.from(expected ?? []));
        const l = factor ?? new Float64Array(0);
        expect(Array.from(choleskyInverse(l, n))).toEqual(Array.from(textbookInverse(l, n)));
        const b = Array.from({ length: n }, (_, i) => Math.sin(i + seed));
        expect(Array.from(solveLower(l, n, b))).toEqual(Array.from(textbookSolveLower(l, n, b)));
      }
    }
  });

  it('refuse the same matrices as the textbook loop', () => {
    const a = kernelMatrix(9, 5);
    a[6 * 9 + 6] = 0.01; // row 6 now depends on the others more than its own variance allows
    expect(textbookCholesky(a, 9)).toBeNull();
    expect(cholesky(a, 9)).toBeNull();
  });
});
