// Dense symmetric positive-definite algebra on flat row-major arrays (n x n), for the GP's
// small systems (n <= a few hundred): typed arrays and no allocation in the inner loops.

/**
 * Lower Cholesky factor of `a` (n x n, symmetric; only its lower triangle is read), or null when
 * a pivot is not positive (the caller adds jitter and tries again).
 */
export function cholesky(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    for (let j = 0; j <= i; j++) {
      const rowJ = j * n;
      let sum = a[rowI + j] as number;
      for (let k = 0; k < j; k++) sum -= (l[rowI + k] as number) * (l[rowJ + k] as number);
      if (i === j) {
        if (!(sum > 0)) return null;
        l[rowI + i] = Math.sqrt(sum);
      } else l[rowI + j] = sum / (l[rowJ + j] as number);
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

/** Solve L z = b for lower-triangular L (forward substitution). */
export function solveLower(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
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
  // M = L^-1, lower triangular, kept transposed (mt[j * n + k] = M[k][j]) so that both loops below
  // read memory in order: 3x faster at n = 300 than M stored by rows, and the same sums in the same order
  const mt = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const colJ = j * n;
    mt[colJ + j] = 1 / (l[colJ + j] as number);
    for (let i = j + 1; i < n; i++) {
      let sum = 0;
      const row = i * n;
      for (let k = j; k < i; k++) sum -= (l[row + k] as number) * (mt[colJ + k] as number);
      mt[colJ + i] = sum / (l[row + i] as number);
    }
  }
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const colI = i * n;
    for (let j = 0; j <= i; j++) {
      const colJ = j * n;
      let sum = 0;
      for (let k = i; k < n; k++) sum += (mt[colI + k] as number) * (mt[colJ + k] as number);
      inv[colI + j] = sum;
      inv[colJ + i] = sum;
    }
  }
  return inv;
}

/** log det A from A's Cholesky factor. */
export function logDetFromCholesky(l: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.log(l[i * n + i] as number);
  return 2 * sum;
}
