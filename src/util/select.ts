// Order statistics without a full sort.
/**
 * The k-th smallest of `values` (0-based), by Hoare's selection: O(n) where a sort is O(n log n) (the
 * TPE's good/bad split at 1,000 trials: a sort of every loss per ask cost a tenth of the ask). Reorders
 * `values`; no NaN (they have no order).
 */
export function kthSmallest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i] = values[j] as number;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k] as number;
  }
  return values[k] as number;
}
