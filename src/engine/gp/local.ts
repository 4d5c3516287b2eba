// Narrow basins (docs/gp.md, "Narrow basins"): a well narrower than any length scale the global fit
// allows is explained as noise, so the global model never refines it (Shekel's wells, seen within
// 0.05 of the box and left there for 80 trials). When the best trial is far below what the fit
// predicts for it without it, some asks go to a GP fitted on the trials around it, on a box scaled to
// them: there the well is as wide as the model can see.
import type { Config } from '../../space/types.js';
import { choleskySolve } from '../../util/linalg.js';
import type { Rng } from '../../util/rng.js';
import type { Observation } from '../observations.js';
import { toConfig, toPoint, type Encoding, type Input } from './encode.js';
import { maximizeAcquisition, type Candidate } from './maximize.js';
import { believeRunning, fitBestWarp } from './model.js';
import { buildPosterior, type Posterior } from './posterior.js';
import type { GpSettings } from './settings.js';

export interface LocalSettings {
  /** The best trial's leave-one-out z below which the model is taken not to see its basin. */
  z: number;
  /** Every how many asks (by trial id) goes to the local model while that holds. */
  every: number;
  /** Neighbours per input (plus one) the local model is fitted on. */
  perInput: number;
  /** How far (a share of the local box, on every input) a proposal keeps from a pruned trial; 0: none. */
  apart: number;
}

/**
 * How far below the prediction made without it the trial `i` lies, in predictive standard deviations
 * (Rasmussen & Williams 5.12: from the inverse covariance, no refit).
 */
export function leaveOneOutZ(post: Posterior, i: number): number {
  const n = post.data.n;
  const unit = new Float64Array(n);
  unit[i] = 1;
  const kii = choleskySolve(post.factor, n, unit)[i] as number;
  return (post.alpha[i] as number) / Math.sqrt(kii);
}

/**
 * The encoding of a box around `centre`: its numeric inputs rescaled to it, everything else held at the
 * centre's values (its options, and in a conditional space the branch they make).
 */
function boxEncoding(encoding: Encoding, centre: Config, low: Float64Array, high: Float64Array): Encoding {
  const inputs: Input[] = [];
  encoding.inputs.forEach((input, k) => {
    if (input.kind === 'categorical' || !(input.node.label in centre)) return;
    const lo = low[k] as number;
    const span = (high[k] as number) - lo;
    inputs.push({ ...input, toUnit: (v) => (input.toUnit(v) - lo) / span, fromUnit: (u) => input.fromUnit(lo + u * span) });
  });
  const constants: Config = { ...encoding.constants, ...centre };
  for (const input of inputs) delete constants[input.node.label];
  return { inputs, constants, labels: encoding.labels };
}

export interface LocalAsk {
  encoding: Encoding;
  post: Posterior;
  /** The trials of the global fit (its rows) and the best one's row. */
  trials: readonly Observation[];
  bestRow: number;
  /** Trials still running: those in the box are believed at the local model's prediction. */
  running: readonly Observation[];
  s: GpSettings;
  local: LocalSettings;
  rng: Rng;
  /** The failure model's log P(not failed) at a point of the global encoding. */
  extra(point: Float64Array): number;
}

/**
 * The configurations the model of the best trial's neighbourhood proposes, best first: none while the
 * global fit predicts the best trial well enough (z above `local.z`) or the neighbourhood is too small.
 */
export function localProposal(ask: LocalAsk): Config[] {
  if (leaveOneOutZ(ask.post, ask.bestRow) >= ask.local.z) return [];
  const found = localCandidates(ask);
  return found === null ? [] : found.candidates.map((c) => toConfig(found.encoding, c.point));
}

function localCandidates(ask: LocalAsk): { encoding: Encoding; candidates: Candidate[] } | null {
  const { encoding, post, trials, bestRow, local } = ask;
  const best = trials[bestRow];
  if (best === undefined) return null;
  // the numeric inputs of the best trial's branch (all of them in a space without conditions)
  const numeric = encoding.inputs.flatMap((input, k) => (input.kind === 'numeric' && input.node.label in best.params ? [k] : []));
  if (numeric.length === 0) return null;
  const centre = toPoint(encoding, best.params);
  const lengths = Float64Array.from(encoding.inputs, (_, k) => Math.exp(post.theta[k] as number));
  // neighbours: the same options, nearest in the global fit's length-scale units
  const sameOptions = (o: Observation): boolean =>
    encoding.inputs.every((input) => input.kind === 'numeric' || o.params[input.node.label] === best.params[input.node.label]);
  // a pruned trial's row holds an early value, not a full run's: no neighbour of a full run's model
  const scaled = trials.filter((o) => o.state !== 'pruned' && sameOptions(o)).map((o) => {
    const p = toPoint(encoding, o.params);
    let r2 = 0;
    for (const k of numeric) r2 += (((p[k] as number) - (centre[k] as number)) / (lengths[k] as number)) ** 2;
    return { o, r: Math.sqrt(r2) };
  });
  const m = local.perInput * (numeric.length + 1);
  if (scaled.length < m) return null;
  scaled.sort((a, b) => a.r - b.r || a.o.id - b.o.id);
  const near = scaled.slice(0, m);
  const radius = near[near.length - 1]?.r ?? 0;
  if (!(radius > 0)) return null;
  const low = new Float64Array(encoding.inputs.length);
  const high = new Float64Array(encoding.inputs.length);
  for (const k of numeric) {
    const half = Math.min(0.5, radius * (lengths[k] as number));
    low[k] = Math.max(0, (centre[k] as number) - half);
    high[k] = Math.min(1, (centre[k] as number) + half);
    if (!((high[k] as number) > (low[k] as number))) return null;
  }
  const box = boxEncoding(encoding, best.params, low, high);
  const nearTrials = near.map((n) => n.o);
  // the box is already in the global fit's (possibly warped) coordinates: no warp of its own
  const fitted = fitBestWarp(box, nearTrials, { ...ask.s, inputWarp: false }, null);
  let localPost = buildPosterior(fitted.data, fitted.theta);
  const order = near.map((_, i) => i).sort((a, b) => (fitted.y[a] as number) - (fitted.y[b] as number));
  // Kriging believer, as in the global model: a running trial in the box counts at its prediction
  const inBox = ask.running.filter((o) => sameOptions(o) && toPoint(box, o.params).every((u) => u >= 0 && u <= 1));
  if (inBox.length > 0) localPost = believeRunning(box, localPost, nearTrials, fitted.y, inBox);
  const incumbents = order.slice(0, 3).map((i) => fitted.data.x.slice(i * fitted.data.d, (i + 1) * fitted.data.d));
  const candidates = maximizeAcquisition({
    encoding: box,
    post: localPost,
    best: fitted.y[order[0] as number] as number,
    rng: ask.rng,
    incumbents,
    rawSamples: Math.max(128, Math.floor(ask.s.rawSamples / 4)),
    restarts: Math.max(2, Math.floor(ask.s.restarts / 2)),
    incumbentStarts: 1,
    extra: (point) => ask.extra(toPoint(encoding, toConfig(box, point))),
  });
  // the model is of full runs, and a pruned trial is none: without this its point was asked again and
  // again (one lr five times in 12 asks, each pruned at the same step; a user audit). A proposal keeps
  // `apart` of the box from every pruned trial of the same options.
  const pruned = trials.filter((o) => o.state === 'pruned' && sameOptions(o)).map((o) => toPoint(box, o.params));
  const apart = (point: Float64Array): boolean => !pruned.some((p) => p.every((u, k) => Math.abs(u - (point[k] as number)) < local.apart));
  return { encoding: box, candidates: candidates.filter((c) => apart(c.point)) };
}
