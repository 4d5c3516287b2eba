// What the GP believed when it proposed a trial, for one parameter: `hypertune explain` of a trial
// the Gaussian process proposed (docs/gp.md, "What explain shows"). Recomputed exactly as the ask did.
import type { Config, ParamValue, Space } from '../../space/types.js';
import type { TrialRecord } from '../../study/types.js';
import type { Observation } from '../observations.js';
import type { OptimizerOptions, Proposal } from '../types.js';
import { logExpectedImprovement } from './acquisition.js';
import { canonical, toPoint } from './encode.js';
import { warpableInputs } from './inputwarp.js';
import { predict } from './posterior.js';
import { gpDecide, type GpModelView } from './step.js';
import { unwarp, type Warp } from './warp.js';

/** The model at one value of the parameter, the others held at the proposal's values. */
export interface GpSlicePoint {
  /** The GP's mean of the metric (its own units and direction) and a 95 % band of the function. */
  mean: number;
  lower: number;
  upper: number;
  /** log expected improvement on the incumbent plus the failure model's log P(not failing): what the ask maximised. */
  logEi: number;
}

export interface GpParamTrace {
  label: string;
  kind: 'numeric' | 'categorical';
  /** The proposal: every parameter, this one included. */
  params: Config;
  move: GpModelView['move'];
  warp: Warp;
  /** The fitted noise variance as a share of the latent function's variance plus it. */
  noiseShare: number;
  /** Trials in the fit (complete ones, failed ones at the worst loss, pruned ones at their fidelity). */
  fittedTrials: number;
  /** Trials left out of the fit as runs that blew up (ids, ascending; docs/gp.md, "Outliers"). */
  leftOut: readonly number[];
  /** Failed trials taken for chance, in the fit with a noise of their own (ids, ascending). */
  byChance: readonly number[];
  /** The best complete full run's value of the metric: what the expected improvement improves on (NaN before any). */
  incumbent: number;
  /** What the model expects of the metric where no trial has been: its prior mean, in the metric's units. */
  unseen: number;
  /** Each parameter's fitted length scale on its unit range (a choice's: between any two options), in the space's order. */
  /** Per input, its fitted length scale, and under input warping the Kumaraswamy shapes of its warp. */
  lengths: Array<{ label: string; length: number; categorical: boolean; warp?: { a: number; b: number } }>;
  at(value: ParamValue): GpSlicePoint;
}

const Z95 = 1.959963984540054;

/** One GP ask: its proposal, and its view of every parameter (null when no GP model made the proposal). */
export interface GpProposalTrace {
  proposal: Proposal;
  parameters: GpParamTrace[] | null;
}

export function gpTrace(space: Space, history: readonly TrialRecord[], options: OptimizerOptions, trialId: number): GpProposalTrace {
  const { proposal, model } = gpDecide(space, history, trialId, options);
  if (model === null) return { proposal, parameters: null };
  const { encoding, post, fitted, trials, best, extra } = model;
  const sign = (options.goal ?? space.goal) === 'maximize' ? -1 : 1;
  const back = unwarp(trials.map((o) => o.loss), fitted.fit.warp);
  const metric = (y: number): number => sign * back(y);
  const centre = toPoint(encoding, proposal.params);
  const shapes = fitted.fit.inputWarp;
  const warped = shapes === undefined ? [] : warpableInputs(encoding);
  const lengths = encoding.inputs.map((each, k) => {
    const j = warped.indexOf(k);
    const entry: GpParamTrace['lengths'][number] = { label: each.node.label, length: Math.exp(fitted.theta[k] as number), categorical: each.kind === 'categorical' };
    if (shapes !== undefined && j >= 0) entry.warp = { a: Math.exp(shapes[2 * j] as number), b: Math.exp(shapes[2 * j + 1] as number) };
    return entry;
  });
  const shared = {
    params: proposal.params,
    move: model.move,
    warp: fitted.fit.warp,
    noiseShare: post.noise / (post.signal + post.noise),
    fittedTrials: trials.length,
    leftOut: model.leftOut,
    byChance: model.byChance,
    incumbent: model.bestRow === undefined ? Number.NaN : sign * (trials[model.bestRow] as Observation).loss,
    unseen: metric(post.priorMean),
    lengths,
  };
  // a parameter the proposal's branch leaves out has no slice through it
  const parameters = encoding.inputs.flatMap((input, index) => (input.node.label in proposal.params ? [{ input, index }] : [])).map(({ input, index }) => ({
    ...shared,
    label: input.node.label,
    kind: input.kind,
    at(value: ParamValue): GpSlicePoint {
      const point = Float64Array.from(centre);
      point[index] = input.kind === 'categorical' ? Math.max(0, input.node.options.findIndex((o) => o.value === value)) : input.toUnit(Number(value));
      // another option of a choice turns its branch's parameters off (and the other branch's on, mid-range)
      const at = canonical(encoding, point);
      const p = predict(post, at);
      const sd = Math.sqrt(p.variance);
      const ends = [metric(p.mean - Z95 * sd), metric(p.mean + Z95 * sd)];
      return { mean: metric(p.mean), lower: Math.min(...ends), upper: Math.max(...ends), logEi: logExpectedImprovement(post, at, best).value + extra(at) };
    },
  }));
  return { proposal, parameters };
}

/** The GP's view of `label` at the proposal of `trialId`; null when no GP model made it or the label is not one of its inputs. */
export function gpParamTrace(space: Space, history: readonly TrialRecord[], label: string, options: OptimizerOptions, trialId: number): GpParamTrace | null {
  return gpTrace(space, history, options, trialId).parameters?.find((trace) => trace.label === label) ?? null;
}
