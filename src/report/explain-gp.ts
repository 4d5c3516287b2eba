// The Gaussian process's side of `hypertune explain`: its mean, band and expected improvement along
// one parameter, read off at the text columns (or the options), with what the fit says about the space.
import type { GpParamTrace } from '../engine/index.js';
import type { ParamValue } from '../space/types.js';

/** The GP's model at one value of the parameter (the metric's units; logEi null where it underflows). */
export interface GpExplainPoint {
  value: ParamValue;
  mean: number;
  lower: number;
  upper: number;
  logEi: number | null;
}

export interface GpExplain {
  /** `improvement`: the highest expected improvement; `nearby`: a refinement around the best trial; `unused-draw`: every candidate repeated a trial; `explore`: the widest posterior, in a converged search. */
  move: GpParamTrace['move'];
  warp: GpParamTrace['warp'];
  noiseShare: number;
  fittedTrials: number;
  /** Trials the fit left out as runs that blew up. */
  leftOut: readonly number[];
  /** Failed trials taken for chance (a noise of their own in the fit). */
  byChance: readonly number[];
  /** The best complete run's value: what the expected improvement improves on. */
  incumbent: number;
  /** What the model expects where no trial has been (its prior mean, the metric's units). */
  unseen: number;
  lengths: GpParamTrace['lengths'];
  /** The other parameters, held at the proposal's values along the curve. */
  heldAt: Record<string, ParamValue>;
  /** Numeric: points across the range; choice: one per option. */
  curve: GpExplainPoint[];
  chosen: GpExplainPoint;
  /** This parameter in every complete trial before the proposal, best first. */
  trials: Array<{ trial: number; value: ParamValue; result: number }>;
}

/** The GP's trace read off at `values` (the text columns, or the options). */
export function gpExplain(trace: GpParamTrace, values: readonly ParamValue[], trials: GpExplain['trials']): GpExplain {
  const point = (value: ParamValue): GpExplainPoint => {
    const at = trace.at(value);
    return { value, mean: at.mean, lower: at.lower, upper: at.upper, logEi: Number.isFinite(at.logEi) ? at.logEi : null };
  };
  // a parameter the proposal's branch leaves out is not held anywhere: it does not exist there
  const heldAt = Object.fromEntries(trace.lengths.filter((l) => l.label !== trace.label && l.label in trace.params).map((l) => [l.label, trace.params[l.label] ?? null]));
  const { move, warp, noiseShare, fittedTrials, leftOut, byChance, incumbent, unseen, lengths } = trace;
  return { move, warp, noiseShare, fittedTrials, leftOut, byChance, incumbent, unseen, lengths, heldAt, curve: values.map(point), chosen: point(trace.params[trace.label] ?? null), trials };
}
