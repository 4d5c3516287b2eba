// Small statistics helpers for the distribution tests: exact formulas, no sampling of their own.

/** Abramowitz-Stegun 7.1.26 (|error| < 1.5e-7): far below the KS thresholds used here. */
export function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const z = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign * (1 - poly * Math.exp(-z * z));
}

export function normalCdf(x: number, mu = 0, sigma = 1): number {
  return 0.5 * (1 + erf((x - mu) / (sigma * Math.SQRT2)));
}

/** Kolmogorov-Smirnov statistic of samples against a continuous CDF. */
export function ksStatistic(samples: readonly number[], cdf: (x: number) => number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  let d = 0;
  sorted.forEach((x, i) => {
    const f = cdf(x);
    d = Math.max(d, Math.abs(f - i / n), Math.abs((i + 1) / n - f));
  });
  return d;
}

/** Critical KS distance at alpha = 0.01 for n samples. */
export function ksThreshold(n: number): number {
  return 1.63 / Math.sqrt(n);
}

/** Pearson's chi-square of observed counts against expected probabilities (keys must cover the support). */
export function chiSquare(values: readonly unknown[], expected: ReadonlyMap<unknown, number>): number {
  const counts = new Map<unknown, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  for (const key of counts.keys()) if (!expected.has(key)) throw new Error(`value ${String(key)} is outside the support`);
  let statistic = 0;
  for (const [key, p] of expected) {
    const e = p * values.length;
    const o = counts.get(key) ?? 0;
    statistic += ((o - e) * (o - e)) / e;
  }
  return statistic;
}

/** Chi-square critical value at alpha = 0.01 (Wilson-Hilferty), for `df` degrees of freedom. */
export function chiSquareThreshold(df: number): number {
  const z = 2.326;
  const a = 2 / (9 * df);
  return df * (1 - a + z * Math.sqrt(a)) ** 3;
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

export function isMultipleOf(value: number, q: number): boolean {
  const k = value / q;
  return Math.abs(k - Math.round(k)) < 1e-6;
}
