import { lossOf } from './curves.js';
import { medianOf } from './median.js';
import { relativeStepNoise } from './noise.js';
import type { Goal } from '../../space/types.js';
import type { Curve, PruneContext, PruneDecision } from './types.js';

/** A complete curve turned up when it ended this many step-to-step noises above its own best value. */
const TURN_Z = 3;
/** ... and at least this share above it: a rise of a percent or two is no turn worth a rung's care. */
const MIN_NOISE = 0.005;
/** Good complete curves (the better half of the complete ones: three or four) needed before their shape counts. */
const MIN_CURVES = 2;

/**
 * The step before which no trial is stopped, because the curves that end best turn up later (a
 * validation loss that rises once the model overfits): a rung before the turn ranks the runs by how
 * fast they learn, not by where they end, and keeps the ones that turn soonest (docs/pruning.md, "The
 * turn guard"). The better half of the complete trials (by their own best value) is looked at; when at
 * least half of those ended more than TURN_Z step-to-step noises above their own best, the median step
 * of their best values is the answer. null: no turn (most good curves end at or near their best), or
 * fewer than MIN_CURVES good complete curves so far.
 */
export function turnStep(curves: readonly Curve[], goal: Goal): number | null {
  const shapes: { best: number; at: number; last: number }[] = [];
  for (const curve of curves) {
    if (curve.state !== 'complete' || curve.values.length < 3) continue;
    let best = Infinity;
    let at = 0;
    curve.values.forEach((value, i) => {
      const loss = lossOf(value, goal);
      if (loss < best) [best, at] = [loss, curve.steps[i] as number];
    });
    if (Number.isFinite(best)) shapes.push({ best, at, last: lossOf(curve.values[curve.values.length - 1] as number, goal) });
  }
  const good = shapes.sort((a, b) => a.best - b.best).slice(0, Math.ceil(shapes.length / 2));
  if (good.length < MIN_CURVES) return null;
  const turnedAt = (noise: number): typeof good => good.filter((s) => s.last - s.best > TURN_Z * noise * Math.abs(s.best));
  // the noise is at least MIN_NOISE: while too few curves turn even by that, the estimate (a pass
  // over every curve and a median) is not needed
  if (turnedAt(MIN_NOISE).length * 2 < good.length) return null;
  const turned = turnedAt(Math.max(relativeStepNoise(curves, goal), MIN_NOISE));
  if (turned.length * 2 < good.length) return null;
  return medianOf(turned.map((s) => s.at));
}

/**
 * The decision for a trial its rule would stop at `step`, when that step comes before the curves' turn
 * (turnStep) and the sampler reads pruned trials as bad results (PruneContext.curvesModelled): it goes
 * on, and `held` says why, for the run to tell once. null: the rule stands.
 */
export function heldBeforeTurn(context: PruneContext, step: number): PruneDecision | null {
  const turn = turnStep(context.curves, context.goal);
  if (turn === null || step >= turn || context.curvesModelled?.() === true) return null;
  return { prune: false, reason: null, held: `the best finished trials' curves turn up after step ${turn} (overfitting?), so no trial is stopped before it: an earlier step ranks how fast runs learn, not where they end` };
}
