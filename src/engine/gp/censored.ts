// A pruned trial says more than its last value at its fidelity: the pruner judged that its run would not
// be among the best. As a row at a low fidelity only, the GP may still expect much of a full run there
// and ask beside it again and again, each copy stopped at the same step (docs/pruning.md, "Asking
// again where the pruner stopped"). Read as a censored observation, its full run is worse than the
// full runs that count: the posterior at a full run there, cut at that value, gives what it is
// believed to be, and the trial joins the acquisition's posterior at that value, as running trials
// join it at theirs (the Kriging believer; same hyperparameters, no new fit).
import type { FitTrial } from './failures.js';
import { toPoint, type Encoding } from './encode.js';
import { dataOf } from './model.js';
import { buildPosterior, predict, withTail, type Posterior } from './posterior.js';
import { logNormalCdf } from './rung-pass.js';

export interface CensoredFit {
  post: Posterior;
  trials: FitTrial[];
  y: Float64Array;
  fidelity: Float64Array;
}

/**
 * `post` asks at a full run (tail [1]); `quantile` picks the cutoff among the full runs' targets (0: the
 * best one). A pruned row (fidelity below 1) adds a full-run row at E[f | f > cutoff] of the posterior
 * there: its own prediction where that is already worse, the cutoff and more where the model hoped.
 * Null when no row is pruned or no full run gives a cutoff.
 */
export function censorPruned(encoding: Encoding, post: Posterior, trials: readonly FitTrial[], y: Float64Array, fidelity: Float64Array, quantile: number): CensoredFit | null {
  const full = Array.from(y).filter((_, i) => (fidelity[i] as number) >= 1);
  if (full.length === 0 || full.length === trials.length) return null;
  full.sort((a, b) => a - b);
  const cutoff = full[Math.min(full.length - 1, Math.floor(quantile * full.length))] as number;
  const rows: FitTrial[] = [];
  const believed: number[] = [];
  trials.forEach((o, i) => {
    if ((fidelity[i] as number) >= 1) return;
    const { mean, variance } = predict(post, toPoint(encoding, o.params));
    const sd = Math.sqrt(Math.max(variance, 1e-12));
    // the mean of a normal cut below at the cutoff: mean + sd * phi(a) / (1 - Phi(a)), a = (cutoff - mean) / sd
    const a = (cutoff - mean) / sd;
    believed.push(mean + sd * logNormalCdf(-a).slope);
    rows.push(o);
  });
  const all = [...trials, ...rows];
  const yAll = Float64Array.from([...y, ...believed]);
  const fAll = Float64Array.from([...fidelity, ...rows.map(() => 1)]);
  const built = buildPosterior(dataOf(encoding, all, yAll, fAll, post.data.priorMean), post.theta);
  return { post: withTail(built, [1]), trials: all, y: yAll, fidelity: fAll };
}
