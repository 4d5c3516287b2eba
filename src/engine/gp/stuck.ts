// Under pruning the GP can ask again and again beside a trial the pruner stopped, each copy stopped at
// the same step (docs/pruning.md, "Asking again where the pruner stopped"). Elsewhere, asking near
// stopped trials is what refines the best basin, and a stop there costs a few epochs; what is wasted is
// a run of asks whose outcome was known. This tells such a run: the last finished trials all stopped at
// one step, next to each other.
import type { Observation } from '../observations.js';
import { toPoint, type Encoding } from './encode.js';
import { lengthDistance2 } from './pruned-penalty.js';

/**
 * Whether the last `count` finished trials (by id) were all pruned at the same step, each within
 * `radius` length scales of the newest (`inv2`: 1 / length^2 per input; a choice apart counts 1).
 */
export function stuckOnPruned(observations: readonly Observation[], encoding: Encoding, inv2: ArrayLike<number>, categorical: ArrayLike<number>, count: number, radius: number): boolean {
  if (count <= 0) return false;
  const last = observations.filter((o) => o.state !== 'running').slice(-count);
  if (last.length < count || last.some((o) => o.state !== 'pruned' || o.step !== last[0]?.step)) return false;
  const own = encoding.inputs.length;
  const newest = toPoint(encoding, (last[last.length - 1] as Observation).params);
  return last.every((o) => lengthDistance2(toPoint(encoding, o.params), newest, inv2, categorical, own) <= radius * radius);
}
