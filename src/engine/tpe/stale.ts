// A converged TPE (docs/tpe.md, "Known limits", Needles; off by default): once the best result has stopped improving by
// more than a sliver of the losses' spread, the good group sits on one floor and l(x) proposes there
// for good. A narrow well elsewhere is then found only by a trial that happens to land in it, so a
// stale search spends some asks on draws from the prior, as random search does all along.
import type { Observation } from '../observations.js';

export interface StaleSettings {
  /** Asks since the last improvement that counted, from which the search is stale. */
  stale: number;
  /** A stale search draws from the prior on every `every`-th ask. */
  every: number;
  /** An improvement counts when it beats the best so far by this share of (median - best) of the complete trials. */
  tolerance: number;
}

/** How many asks ago (in trial ids) the best complete result last improved by more than the tolerance; 0 with no complete trial. */
export function staleFor(observations: readonly Observation[], trialId: number, tolerance: number): number {
  const complete = observations.filter((o) => o.state === 'complete' && o.id < trialId && Number.isFinite(o.loss));
  if (complete.length === 0) return 0;
  const sorted = complete.map((o) => o.loss).sort((a, b) => a - b);
  const spread = (sorted[Math.floor((sorted.length - 1) / 2)] as number) - (sorted[0] as number);
  const margin = tolerance * spread;
  let best = Infinity;
  let last = complete[0]?.id ?? trialId;
  for (const o of complete) {
    if (best === Infinity || o.loss < best - margin) last = o.id;
    best = Math.min(best, o.loss);
  }
  return trialId - last;
}
