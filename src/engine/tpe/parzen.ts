// hyperopt's adaptive Parzen estimator (tpe.py `adaptive_parzen_normal`), formulas only.

/** A 1-D Gaussian mixture in model space (log space for log families), sorted by mean. */
export interface Mixture {
  weights: number[];
  mus: number[];
  sigmas: number[];
}

/** Older observations weigh less: a ramp from 1/n to 1 over all but the newest `lf`, which weigh 1. */
export function linearForgettingWeights(n: number, lf: number): number[] {
  if (n <= 0) return [];
  if (n <= lf) return new Array<number>(n).fill(1);
  const ramp = n - lf;
  const start = 1 / n;
  const weights = Array.from({ length: ramp }, (_, i) => (ramp === 1 ? start : start + (i * (1 - start)) / (ramp - 1)));
  return [...weights, ...new Array<number>(lf).fill(1)];
}

/**
 * The mixture hyperopt builds from one group's observations (oldest first): one kernel per
 * observation, widths from the gaps to sorted neighbours, plus a prior kernel at (mu0, sigma0).
 */
export function adaptiveParzen(
  observations: readonly number[],
  priorWeight: number,
  priorMu: number,
  priorSigma: number,
  forgetting = 25,
): Mixture {
  const n = observations.length;
  const obsWeights = linearForgettingWeights(n, forgetting);
  const order = observations.map((_, i) => i).sort((a, b) => (observations[a] ?? 0) - (observations[b] ?? 0));
  const sorted = order.map((i) => observations[i] ?? 0);
  // The prior goes before observations equal to it (searchsorted, left side); with one observation ties put it after.
  let priorPos = n === 1 ? (priorMu < (sorted[0] ?? 0) ? 0 : 1) : sorted.findIndex((v) => v >= priorMu);
  if (priorPos < 0) priorPos = n;
  const mus = [...sorted.slice(0, priorPos), priorMu, ...sorted.slice(priorPos)];
  let sigmas: number[];
  if (n === 0) sigmas = [priorSigma];
  else if (n === 1) sigmas = priorPos === 0 ? [priorSigma, 0.5 * priorSigma] : [0.5 * priorSigma, priorSigma];
  else {
    sigmas = mus.map((mu, i) => {
      const left = i > 0 ? mu - (mus[i - 1] ?? mu) : -Infinity;
      const right = i < mus.length - 1 ? (mus[i + 1] ?? mu) - mu : -Infinity;
      return Math.max(left, right);
    });
  }
  const rawWeights = [...order.slice(0, priorPos).map((i) => obsWeights[i] ?? 1), priorWeight, ...order.slice(priorPos).map((i) => obsWeights[i] ?? 1)];
  const total = rawWeights.reduce((a, b) => a + b, 0);
  const minSigma = priorSigma / Math.min(100, 1 + mus.length);
  sigmas = sigmas.map((s) => Math.min(Math.max(s, minSigma), priorSigma));
  sigmas[priorPos] = priorSigma;
  return { weights: rawWeights.map((w) => w / total), mus, sigmas };
}

/**
 * hyperopt's categorical posterior (`ap_randint_sampler` / `ap_categorical_sampler`): forgetting-weighted
 * counts plus `priorWeight` pseudo-counts spread as the prior (`K * priorWeight * p_i`; uniform gives +priorWeight each).
 */
export function categoricalPosterior(
  indices: readonly number[],
  size: number,
  priorWeight: number,
  prior: readonly number[] | null,
  forgetting = 25,
): number[] {
  const weights = linearForgettingWeights(indices.length, forgetting);
  const counts = new Array<number>(size).fill(0);
  indices.forEach((index, i) => {
    counts[index] = (counts[index] ?? 0) + (weights[i] ?? 1);
  });
  const pseudo = counts.map((c, i) => c + (prior === null ? priorWeight : size * priorWeight * (prior[i] ?? 0)));
  const total = pseudo.reduce((a, b) => a + b, 0);
  return pseudo.map((p) => p / total);
}
