// Failed trials in the GP's fit (docs/gp.md, "Failures by chance"). A crash joins the fit at the worst
// loss seen, so the model itself expects nothing there (SMAC's crash cost). That is right for a crash
// region (a learning rate that diverges, a model past the memory), wrong for a failure that has nothing
// to do with the parameters (a preempted job, a flaky data loader): next to the best runs, a worst
// loss the model must believe bends it into a cliff or is taken for noise, and either stops it refining
// there. A failure with at most one other failure among its five nearest finished trials is taken for
// chance: its row keeps the worst loss but with a noise of its own, so it lowers its neighbourhood
// without the model bending around it.
import type { Observation } from '../observations.js';
import { toPoint, type Encoding } from './encode.js';

/** A trial as the GP is fitted on it; `extraNoise`: a noise variance of its own (standardized units) on top of the fit's. */
export type FitTrial = Observation & { extraNoise?: number };

/** Squared distance on the unit cube (a choice: 0 when equal, 1 when not). */
function distance2(encoding: Encoding, a: Float64Array, b: Float64Array): number {
  let r2 = 0;
  encoding.inputs.forEach((input, k) => {
    const delta = (a[k] as number) - (b[k] as number);
    r2 += input.kind === 'categorical' ? (delta === 0 ? 0 : 1) : delta * delta;
  });
  return r2;
}

/** How failures are told from chance (GpSettings.chance). */
export interface ChanceSettings {
  /** The noise variance of a chance failure's row, in standardized losses. */
  noise: number;
  /** How many of the nearest finished trials are looked at. */
  neighbours: number;
  /** At most this many of them may have failed for the failure to count as chance. */
  allowed: number;
}

/**
 * The failed trials of `observations` at the `worst` loss; with `chance`, each one with at most
 * `allowed` failures among its `neighbours` nearest other complete or failed trials (ties by id)
 * carries `chance.noise`.
 */
export function imputeFailures(encoding: Encoding, observations: readonly Observation[], worst: number, chance: ChanceSettings | null): FitTrial[] {
  const failed = observations.filter((o) => o.state === 'failed');
  if (chance === null || failed.length === 0) return failed.map((o) => ({ ...o, loss: worst }));
  // a pruned trial was stopped before it could show whether it runs to the end: no evidence either way
  const finished = observations.filter((o) => o.state === 'complete' || o.state === 'failed').map((o) => ({ o, point: toPoint(encoding, o.params) }));
  return finished.flatMap(({ o, point }) => {
    if (o.state !== 'failed') return [];
    const near = finished
      .filter((f) => f.o.id !== o.id)
      .map((f) => ({ failed: f.o.state === 'failed', r2: distance2(encoding, point, f.point) }))
      .sort((a, b) => a.r2 - b.r2)
      .slice(0, chance.neighbours);
    const byChance = near.length > 0 && near.filter((n) => n.failed).length <= chance.allowed;
    return [byChance ? { ...o, loss: worst, extraNoise: chance.noise } : { ...o, loss: worst }];
  });
}
