// Pruned trials as observations at a lower fidelity (docs/gp.md, "Pruned trials"): the share of a full
// run a trial reached is one more input of the GP, so a value at epoch 3 says what epoch 3 looks like
// there instead of standing in for the final loss; the acquisition then asks at a full run.
import type { Observation } from '../observations.js';
import type { OptimizerOptions } from '../types.js';

export type FidelityScale = 'linear' | 'log';

/**
 * The length of a full run: the user's `max_steps` when given (so the GP can place pruned trials
 * before any trial completes a run), else the most steps a complete trial reported (trials or
 * observations); null while neither is known or the run is a single step.
 */
export function fullRunSteps(trials: readonly { state: string; step?: number }[], declared: number | null = null): number | null {
  if (declared !== null) return declared >= 2 ? declared : null;
  let full = 0;
  for (const t of trials) if (t.state === 'complete') full = Math.max(full, t.step ?? 0);
  return full >= 2 ? full : null;
}

/**
 * Where a trial stands from the study's first reported step (0) to a full run (1); complete and failed
 * trials are at 1. `first` is where steps begin: 1 for epochs, 100 for a program that reports every 100
 * iterations, so that its rungs spread over the scale as epochs' do instead of crowding near 1.
 */
export function fidelityOf(o: Observation, full: number, scale: FidelityScale, first = 1): number {
  return o.state === 'pruned' ? fidelityAtStep(o.step, full, scale, first) : 1;
}

/** Where a run stopped at `step` stands on that scale (fidelityOf for a pruned trial). */
export function fidelityAtStep(step: number, full: number, scale: FidelityScale, first = 1): number {
  const share = Math.min(1, Math.max(first, step) / full);
  if (scale === 'linear') return share;
  // log: rungs at 1, 3, 9, 27 of 27 steps sit evenly at 0, 1/3, 2/3, 1 (and 100, 300, 900, 2700 of
  // 2700 from a first step of 100 do too)
  return full > first ? 1 + Math.log(share) / Math.log(full / first) : 1;
}

/** The first step the study's trials report (the least first step of the complete and pruned ones), at least 1. */
export function firstRunStep(observations: readonly Observation[]): number {
  let first = Infinity;
  for (const o of observations) if ((o.state === 'complete' || o.state === 'pruned') && o.firstStep > 0) first = Math.min(first, o.firstStep);
  return Number.isFinite(first) ? first : 1;
}

/** The full run's length the user declared with the pruner's settings (`max_steps`), if any. */
export function declaredRunSteps(pruner: OptimizerOptions['pruner']): number | null {
  return typeof pruner === 'object' && typeof pruner.maxSteps === 'number' ? pruner.maxSteps : null;
}
