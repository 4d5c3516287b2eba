// The two halves of a Cholesky inverse (linalg.ts `choleskyInverse`), four entries at a time. Each
// entry is the sum the textbook loop computes, term by term in the same order, so results are bit for
// bit those of the plain loops; only independent sums are interleaved, which a CPU runs side by side.

/**
 * Row `i` of M = L^-1 (stored transposed: mt[j * n + i] = M[i][j]), given rows 0..i-1:
 * M[i][j] = -(sum over k = j..i-1 of L[i][k] M[k][j]) / L[i][i], and M[i][i] = 1 / L[i][i].
 */
export function invertRow(l: Float64Array, n: number, i: number, mt: Float64Array): void {
  const row = i * n;
  const lii = l[row + i] as number;
  mt[i * n + i] = 1 / lii;
  let j = 0;
  for (; j + 3 < i; j += 4) {
    const c0 = j * n;
    const c1 = c0 + n;
    const c2 = c1 + n;
    const c3 = c2 + n;
    // the first terms of the four sums start at k = j, j + 1, j + 2, j + 3: lead in, then side by side
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    s0 -= (l[row + j] as number) * (mt[c0 + j] as number);
    s0 -= (l[row + j + 1] as number) * (mt[c0 + j + 1] as number);
    s1 -= (l[row + j + 1] as number) * (mt[c1 + j + 1] as number);
    s0 -= (l[row + j + 2] as number) * (mt[c0 + j + 2] as number);
    s1 -= (l[row + j + 2] as number) * (mt[c1 + j + 2] as number);
    s2 -= (l[row + j + 2] as number) * (mt[c2 + j + 2] as number);
    let s3 = 0;
    for (let k = j + 3; k < i; k++) {
      const lik = l[row + k] as number;
      s0 -= lik * (mt[c0 + k] as number);
      s1 -= lik * (mt[c1 + k] as number);
      s2 -= lik * (mt[c2 + k] as number);
      s3 -= lik * (mt[c3 + k] as number);
    }
    mt[c0 + i] = s0 / lii;
    mt[c1 + i] = s1 / lii;
    mt[c2 + i] = s2 / lii;
    mt[c3 + i] = s3 / lii;
  }
  for (; j < i; j++) {
    const col = j * n;
    let sum = 0;
    for (let k = j; k < i; k++) sum -= (l[row + k] as number) * (mt[col + k] as number);
    mt[col + i] = sum / lii;
  }
}

/** Row `i` (and column `i`) of M^T M for j <= i: the sum over k = i..n-1 of M[k][i] M[k][j]. */
export function gramRow(mt: Float64Array, n: number, i: number, inv: Float64Array): void {
  const colI = i * n;
  let j = 0;
  for (; j + 3 <= i; j += 4) {
    const c0 = j * n;
    const c1 = c0 + n;
    const c2 = c1 + n;
    const c3 = c2 + n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let k = i; k < n; k++) {
      const m = mt[colI + k] as number;
      s0 += m * (mt[c0 + k] as number);
      s1 += m * (mt[c1 + k] as number);
      s2 += m * (mt[c2 + k] as number);
      s3 += m * (mt[c3 + k] as number);
    }
    inv[colI + j] = s0;
    inv[c0 + i] = s0;
    inv[colI + j + 1] = s1;
    inv[c1 + i] = s1;
    inv[colI + j + 2] = s2;
    inv[c2 + i] = s2;
    inv[colI + j + 3] = s3;
    inv[c3 + i] = s3;
  }
  for (; j <= i; j++) {
    const colJ = j * n;
    let sum = 0;
    for (let k = i; k < n; k++) sum += (mt[colI + k] as number) * (mt[colJ + k] as number);
    inv[colI + j] = sum;
    inv[colJ + i] = sum;
  }
}
