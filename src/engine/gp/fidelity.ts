// Pruned trials as observations at a lower fidelity (docs/gp.md, "Pruned trials"): the share of a full
// run a trial reached is one more input of the GP, so a value at epoch 3 says what epoch 3 looks like
// there instead of standing in for the final loss; the acquisition then asks at a full run.
import type { Observation } from '../observations.js';

export type FidelityScale = 'linear' | 'log';

/** The length of a full run: the most steps a complete trial reported (trials or observations); null while none reported two or more. */
export function fullRunSteps(trials: readonly { state: string; step?: number }[]): number | null {
  let full = 0;
  for (const t of trials) if (t.state === 'complete') full = Math.max(full, t.step ?? 0);
  return full >= 2 ? full : null;
}

/** Where a trial stands from its first step (near 0) to a full run (1); complete and failed trials are at 1. */
export function fidelityOf(o: Observation, full: number, scale: FidelityScale): number {
  if (o.state !== 'pruned') return 1;
  const share = Math.min(1, Math.max(1, o.step) / full);
  // log: rungs at 1, 3, 9, 27 of 27 steps sit evenly at 0, 1/3, 2/3, 1
  return scale === 'linear' ? share : 1 + Math.log(share) / Math.log(full);
}
