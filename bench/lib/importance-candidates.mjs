// The `importance` screen's candidates: ways to fit the GP for the picture PED-ANOVA ranks
// (docs/importance.md). Each maps a study's trials to importance shares by label. Only the picture's
// fit differs; the ranking (computeImportance on 2,048 draws) is the library's own.
import { gpPicture } from '../../dist/engine/index.js';
import { computeImportance } from '../../dist/report/importance.js';
import { modelSurface } from '../../dist/report/importance-model.js';

/** The picture's fit as summary makes it (no input warp), with the output warp `warp`. */
const FAST = { inputWarp: false, inputWarpPruned: false };

function quantile(sorted, q) {
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  return sorted[lo] + (at - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo]);
}

/** Tukey's far fence of the complete trials' losses (Q3 + 3 IQR): a loss beyond it is a blow-up. */
export function farFence(trials) {
  const values = trials.filter((t) => t.state === 'complete').map((t) => t.value).sort((a, b) => a - b);
  const q1 = quantile(values, 0.25);
  const q3 = quantile(values, 0.75);
  return q3 + 3 * (q3 - q1);
}

const capped = (trials, cap) => trials.map((t) => (t.state === 'complete' && t.value > cap ? { ...t, value: cap } : t));

/** Shares by label from one fit of the picture. */
function sharesOf(space, fitTrials, rankTrials, warp) {
  const picture = gpPicture(space, fitTrials, { goal: 'minimize', gp: { ...FAST, warp } });
  const ranked = computeImportance(space, rankTrials, 'minimize', { surface: modelSurface(space, picture) });
  const shares = Object.fromEntries(ranked.map((r) => [r.label, r.importance ?? 0]));
  // how well the fit orders the trials it did not see (leave-one-out), for the candidates that choose by it
  Object.defineProperty(shares, 'loo', { value: picture === null ? 0 : picture.looRank(), enumerable: false });
  Object.defineProperty(shares, 'warp', { value: picture?.warp ?? warp, enumerable: false });
  return shares;
}

const average = (list) => {
  const out = {};
  for (const shares of list) for (const [k, v] of Object.entries(shares)) out[k] = (out[k] ?? 0) + v / list.length;
  return out;
};

/** The fit that orders the trials it has not seen best (ties: the first listed). */
const bestLoo = (list) => list.reduce((best, shares) => (shares.loo > best.loo ? shares : best));

/**
 * Every candidate's shares for one study, fits shared where two candidates make the same one (a
 * winsorised fit of trials without a blow-up is the plain fit).
 */
export function candidateShares(space, trials) {
  const memo = new Map();
  const fit = (name, fitTrials, warp) => {
    if (!memo.has(name)) memo.set(name, sharesOf(space, fitTrials, trials, warp));
    return memo.get(name);
  };
  const fence = farFence(trials);
  const blown = trials.some((t) => t.state === 'complete' && t.value > fence);
  const winsor = blown ? capped(trials, fence) : trials;
  const tag = blown ? 'w' : '';
  const none = fit('none', trials, 'none');
  const log = fit('log', trials, 'log');
  const rank = fit('rank', trials, 'rank');
  return {
    ask: fit('ask', trials, 'auto'),
    none,
    log,
    rank,
    'winsor-ask': blown ? fit('winsor-ask', winsor, 'auto') : fit('ask', trials, 'auto'),
    'winsor-none': fit(`${tag}none`, winsor, 'none'),
    'fence-log': blown ? log : none,
    'fence-rank': blown ? rank : none,
    'mean-3': average([none, log, rank]),
    'loo-2': bestLoo([none, log]),
    'loo-3': bestLoo([none, log, rank]),
    // the library's rule: the ask's own picture against the same fit under the other of none and log
    'loo-ask': (() => {
      const ask = fit('ask', trials, 'auto');
      const other = ask.warp === 'none' ? log : none;
      return bestLoo(ask.warp === 'none' ? [ask, other] : [other, ask]);
    })(),
  };
}

export const CANDIDATES = ['ask', 'none', 'log', 'rank', 'winsor-ask', 'winsor-none', 'fence-log', 'fence-rank', 'mean-3', 'loo-2', 'loo-3', 'loo-ask'];
