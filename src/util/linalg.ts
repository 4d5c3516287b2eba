// Dense symmetric positive-definite algebra on flat row-major arrays (n x n), for the GP's
// small systems (n <= a few hundred): typed arrays and no allocation in the inner loops.
import { gramRow, invertRow } from './inverse.js';

/**
 * Lower Cholesky factor of `a` (n x n, symmetric; only its lower triangle is read), or null when
 * a pivot is not positive (the caller adds jitter and tries again).
 *
 * Column by column, four rows at a time: each entry is the same sum in the same order as the row by
 * row textbook loop (k ascending), so the factor is bit for bit the same, but four independent sums
 * run side by side instead of one chain of dependent subtractions (about twice as fast at n = 100).
 */
export function cholesky(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let pivot = a[rowJ + j] as number;
    for (let k = 0; k < j; k++) pivot -= (l[rowJ + k] as number) * (l[rowJ + k] as number);
    if (!(pivot > 0)) return null;
    const ljj = Math.sqrt(pivot);
    l[rowJ + j] = ljj;
    let i = j + 1;
    for (; i + 3 < n; i += 4) {
      const r0 = i * n;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      let s0 = a[r0 + j] as number;
      let s1 = a[r1 + j] as number;
      let s2 = a[r2 + j] as number;
      let s3 = a[r3 + j] as number;
      for (let k = 0; k < j; k++) {
        const ljk = l[rowJ + k] as number;
        s0 -= (l[r0 + k] as number) * ljk;
        s1 -= (l[r1 + k] as number) * ljk;
        s2 -= (l[r2 + k] as number) * ljk;
        s3 -= (l[r3 + k] as number) * ljk;
      }
      l[r0 + j] = s0 / ljj;
      l[r1 + j] = s1 / ljj;
      l[r2 + j] = s2 / ljj;
      l[r3 + j] = s3 / ljj;
    }
    for (; i < n; i++) {
      const row = i * n;
      let sum = a[row + j] as number;
      for (let k = 0; k < j; k++) sum -= (l[row + k] as number) * (l[rowJ + k] as number);
      l[row + j] = sum / ljj;
    }
  }
  return l;
}

/** Cholesky with growing diagonal jitter (1e-10, 1e-8, ... of the mean diagonal) until it succeeds. */
export function choleskyJittered(a: Float64Array, n: number): { factor: Float64Array; jitter: number } {
  let scale = 0;
  for (let i = 0; i < n; i++) scale += a[i * n + i] as number;
  scale = n > 0 ? Math.max(scale / n, 1e-300) : 1;
  let jitter = 0;
  for (let attempt = 0; attempt < 12; attempt++) {
    const trial = jitter === 0 ? a : a.slice();
    if (jitter > 0) for (let i = 0; i < n; i++) trial[i * n + i] = (trial[i * n + i] as number) + jitter;
    const factor = cholesky(trial, n);
    if (factor !== null) return { factor, jitter };
    jitter = jitter === 0 ? 1e-10 * scale : jitter * 100;
  }
  throw new Error('cholesky: matrix is not positive definite even with jitter');
}

/**
 * Solve L z = b for lower-triangular L (forward substitution). Four rows at a time: their sums over the
 * z already known run side by side, then each takes the new z's in order, so every z is its textbook
 * sum in the textbook order (bit for bit the same) at about twice the speed.
 */
export function solveLower(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const z = new Float64Array(n);
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const r0 = i * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    const r3 = r2 + n;
    let s0 = b[i] as number;
    let s1 = b[i + 1] as number;
    let s2 = b[i + 2] as number;
    let s3 = b[i + 3] as number;
    for (let k = 0; k < i; k++) {
      const zk = z[k] as number;
      s0 -= (l[r0 + k] as number) * zk;
      s1 -= (l[r1 + k] as number) * zk;
      s2 -= (l[r2 + k] as number) * zk;
      s3 -= (l[r3 + k] as number) * zk;
    }
    const z0 = s0 / (l[r0 + i] as number);
    s1 -= (l[r1 + i] as number) * z0;
    s2 -= (l[r2 + i] as number) * z0;
    s3 -= (l[r3 + i] as number) * z0;
    const z1 = s1 / (l[r1 + i + 1] as number);
    s2 -= (l[r2 + i + 1] as number) * z1;
    s3 -= (l[r3 + i + 1] as number) * z1;
    const z2 = s2 / (l[r2 + i + 2] as number);
    s3 -= (l[r3 + i + 2] as number) * z2;
    z[i] = z0;
    z[i + 1] = z1;
    z[i + 2] = z2;
    z[i + 3] = s3 / (l[r3 + i + 3] as number);
  }
  for (; i < n; i++) {
    let sum = b[i] as number;
    const row = i * n;
    for (let k = 0; k < i; k++) sum -= (l[row + k] as number) * (z[k] as number);
    z[i] = sum / (l[row + i] as number);
  }
  return z;
}

/** Solve L^T x = z for lower-triangular L (back substitution). */
export function solveUpperT(l: Float64Array, n: number, z: ArrayLike<number>): Float64Array {
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = z[i] as number;
    for (let k = i + 1; k < n; k++) sum -= (l[k * n + i] as number) * (x[k] as number);
    x[i] = sum / (l[i * n + i] as number);
  }
  return x;
}

/** A^-1 b from A's Cholesky factor. */
export function choleskySolve(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  return solveUpperT(l, n, solveLower(l, n, b));
}

/** The full inverse A^-1 from A's Cholesky factor: (L^-1)^T L^-1. */
export function choleskyInverse(l: Float64Array, n: number): Float64Array {
  // M = L^-1, lower triangular, kept transposed (mt[j * n + k] = M[k][j]) so that both products read
  // memory in order; each entry is its textbook sum in the textbook order (bit for bit the same),
  // four entries at a time so that their sums run side by side (inverse.ts)
  const mt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) invertRow(l, n, i, mt);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) gramRow(mt, n, i, inv);
  return inv;
}

/** log det A from A's Cholesky factor. */
export function logDetFromCholesky(l: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.log(l[i * n + i] as number);
  return 2 * sum;
}
