// A run of copies: under the GP with a pruner, the model may ask again and again beside a trial the
// pruner stopped, because stopped rows say little of a full run there while the pruner stops every
// run there early (docs/pruning.md, "Asking again where the pruner stopped"; a 1-D study of runs that
// start slowly asked 19 copies in a row, each stopped at step 5). Sampler and pruner disagree, and
// only a full run there settles it: so the next copy is let run to the end, once per neighbourhood.
// Only while the sampler models curves (the GP's fidelity input): the TPE reads a pruned trial as a
// bad result and does not come back (0 near-copies over the curve families), and a copy of a good run
// kept from its pruner cost hyperband under the TPE (docs/pruning.md, "Session 57").
import type { Config, Space } from '../../space/types.js';
import { lastStep, lossOf, lossReaching } from './curves.js';
import { relativeStepNoise } from './noise.js';
import type { Curve, PruneContext } from './types.js';

/**
 * Why the trial being judged runs on, or null: it is a near-copy (`nearCopy`) of at least
 * `confirmAfter` trials stopped at or before `step`, and no near-copy of it has run to the end or is
 * running past `step` (that one is the confirmation); or, with `confirmGood`, of a complete run that
 * ended in the better half and stood at `step` about where it stands (likeCopy).
 */
export function heldToConfirm(context: PruneContext, step: number): string | null {
  const near = context.nearCopy;
  if (!(context.settings.confirmAfter > 0) || near === undefined) return null;
  const copies = context.curves.filter((curve) => curve.id !== context.id && near(context.id, curve.id));
  if (copies.length === 0) return null;
  const good = goodCut(context);
  const own = lossReaching(context.curves.find((c) => c.id === context.id) as Curve, step, context.goal) ?? Infinity;
  const goodCopy = copies.find((c) => c.state === 'complete' && lossOf(c.values[c.values.length - 1] as number, context.goal) <= good && own <= likeCopy(context, c, step));
  let why: string | null = null;
  if (goodCopy !== undefined) {
    const ended = context.settings.confirmGood === 'best' ? 'ended best' : 'ended in the better half';
    why = `trial ${context.id} is a near-copy of trial ${goodCopy.id}, which ran to the end and ${ended}: early values there do not count against it`;
  } else if (!copies.some((c) => c.state === 'complete' || (c.state === 'running' && c.id < context.id && lastStep(c) > step))) {
    // no copy has settled it, nor is one running past this step to settle it
    const stopped = copies.filter((c) => c.state === 'pruned' && lastStep(c) <= step).length;
    if (stopped >= context.settings.confirmAfter) why = `trial ${context.id} is a near-copy of ${stopped} trials stopped by step ${step}: the sampler keeps asking there, so one such run goes to the end to settle it`;
  }
  return why !== null && context.curvesModelled?.() === true ? why : null;
}

/**
 * Whether two configurations are near-copies: every numeric parameter within `share` of its range (in
 * log for log families; equal where it has no bounds) and every other value equal. Built by callers
 * that hold the trials' parameters, for PruneContext.nearCopy.
 */
export function nearCopyOf(space: Space, paramsOf: (id: number) => Config | undefined, share = 0.03): (a: number, b: number) => boolean {
  return (a, b) => {
    const [x, y] = [paramsOf(a), paramsOf(b)];
    if (x === undefined || y === undefined) return false;
    return space.nodes.every((node) => {
      const [u, v] = [x[node.label], y[node.label]];
      if (node.kind !== 'numeric' || typeof u !== 'number' || typeof v !== 'number' || node.low === null || node.high === null) return u === v;
      const f = node.log ? Math.log : (w: number): number => w;
      return Math.abs(f(u) - f(v)) <= share * (f(node.high) - f(node.low));
    });
  };
}

/** The last loss a good complete run ends at or below: the median complete run's (`half`), the best's (`best`); -Infinity for `off`. */
function goodCut(context: PruneContext): number {
  const rule = context.settings.confirmGood;
  const losses = context.curves.filter((c) => c.state === 'complete' && c.values.length > 0).map((c) => lossOf(c.values[c.values.length - 1] as number, context.goal)).sort((a, b) => a - b);
  if (rule === 'off' || losses.length === 0) return -Infinity;
  return (rule === 'best' ? losses[0] : losses[(losses.length - 1) >> 1]) as number;
}

/**
 * The worst loss at `step` that still runs like `copy` did there: its own loss then, plus two of the
 * curves' step-to-step noises and a tenth of the gap between the median and the best trial at the step.
 * A copy far worse than the good run was (a diverging run, another bug) is judged as every other trial is.
 */
function likeCopy(context: PruneContext, copy: Curve, step: number): number {
  const at = lossReaching(copy, step, context.goal);
  if (at === undefined) return -Infinity;
  const losses = context.curves.map((c) => lossReaching(c, step, context.goal)).filter((l): l is number => l !== undefined && Number.isFinite(l)).sort((a, b) => a - b);
  const gap = losses.length === 0 ? 0 : (losses[(losses.length - 1) >> 1] as number) - (losses[0] as number);
  return at + 2 * relativeStepNoise(context.curves, context.goal) * Math.abs(at) + 0.1 * gap;
}
