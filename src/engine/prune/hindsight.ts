import { lossOf } from './curves.js';
import type { Goal } from '../../space/types.js';
import type { Curve } from './types.js';

/**
 * Whether the median rule at `step`, against `median`, would have stopped one of the best complete
 * runs (by last value; `top` of them, or below 1 that share of them, rounded up) had it judged them
 * there: its best value up to that step was worse than the median. Then a value at that step did not
 * foretell the end in this study (a learning-rate schedule keeps the best runs high until the step
 * falls), and the rule could hold off there. Screened in session 41 and not kept, so off by default
 * (`hindsight: 0`): it ended the median's losses under cosine annealing with the TPE but halved its
 * early gains, and under `auto` it lost on long runs (docs/pruning.md, "Hindsight"). `exclude` is the
 * trial being judged.
 */
export function wouldStopBestRuns(curves: readonly Curve[], step: number, median: number, goal: Goal, top: number, exclude: number): boolean {
  if (!(top > 0)) return false;
  const finished: { last: number; bestUpTo: number }[] = [];
  for (const curve of curves) {
    if (curve.state !== 'complete' || curve.id === exclude || curve.values.length === 0) continue;
    let bestUpTo = Infinity;
    for (let i = 0; i < curve.values.length && (curve.steps[i] as number) <= step; i++) bestUpTo = Math.min(bestUpTo, lossOf(curve.values[i] as number, goal));
    if (Number.isFinite(bestUpTo)) finished.push({ last: lossOf(curve.values[curve.values.length - 1] as number, goal), bestUpTo });
  }
  finished.sort((a, b) => a.last - b.last);
  const count = top >= 1 ? top : Math.ceil(top * finished.length);
  return finished.slice(0, count).some((run) => run.bestUpTo > median);
}
