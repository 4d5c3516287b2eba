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

/** What the fit says about the space, as the GP's trace holds it (engine/gp/trace.ts documents each). */
type FitFacts = Pick<GpParamTrace, 'move' | 'warp' | 'noiseShare' | 'fittedTrials' | 'leftOut' | 'byChance' | 'incumbent' | 'unseen' | 'lengths'>;

export interface GpExplain extends FitFacts {
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
