// The Gaussian-process sampler (docs/gp.md): the same start-up points as the TPE, then a GP fitted
// by MAP on the complete trials, running trials believed at their predicted value, and the point
// of highest log expected improvement (times the chance of not failing) that no trial has used.
import { sampleConfig } from '../../space/sample.js';
import type { ChoiceNode, Config, NumericNode, Space } from '../../space/types.js';
import type { TrialRecord } from '../../study/types.js';
import { createRng, deriveSeed } from '../../util/rng.js';
import { sameConfig, type Observation } from '../observations.js';
import { modelParam } from '../tpe/dims.js';
import { constraintTerm, feasibility } from '../tpe/group.js';
import { resolveTpe } from '../tpe/settings.js';
import { startupConfig } from '../tpe/startup.js';
import type { OptimizerOptions, Proposal } from '../types.js';
import { encodeSpace, toConfig, toPoint, type Encoding } from './encode.js';
import type { FitTrial } from './failures.js';
import { localProposal } from './local.js';
import { widestPoints } from './explore.js';
import { maximizeAcquisition } from './maximize.js';
import { believeRunning, gpTraining, type FittedGp } from './model.js';
import { fitWithoutOutliers, fullRunPosterior } from './outliers.js';
import { incumbentTarget } from './incumbent.js';
import { withTail, type Posterior } from './posterior.js';
import { bothTerms, confirmedPruned, lengthDistance2, lossSpread, prunedPenalty } from './pruned-penalty.js';
import { curvesOf, rungCutoffs, rungPassTerm } from './rung-pass.js';
import { warpLoss } from './warp.js';
import { stuckOnPruned } from './stuck.js';
import { censorPruned } from './censored.js';
import { resolveGp } from './settings.js';
import { resolvePruner } from '../prune/index.js';

/** How near the last pruned trials must be to each other to count as one spot asked again, in length scales. */
const STUCK_RADIUS = 0.1;

function startup(space: Space, observations: readonly Observation[], trialId: number, seed: number): Proposal {
  const rng = createRng(deriveSeed(seed, 'gp-startup', trialId));
  let params = startupConfig(space, trialId, seed);
  for (let i = 0; i < 64 && observations.some((o) => sameConfig(o.params, params)); i++) params = sampleConfig(space, rng);
  return { params, startup: true, sampler: 'startup' };
}

/**
 * log P(not failed) of a point, from the TPE's Parzen estimators of complete vs failed trials; with
 * `survival` > 0, plus that weight times log P(not pruned), from complete vs pruned trials: a point
 * the pruner stopped is asked again only where the model also expects runs to go on (docs/pruning.md, "Asking again where the pruner stopped").
 */
function failureModel(space: Space, encoding: Encoding, observations: readonly Observation[], survival: number): (point: Float64Array) => number {
  const failing = observations.some((o) => o.state === 'failed');
  const pruned = observations.filter((o) => o.state === 'pruned');
  const complete = observations.filter((o) => o.state === 'complete');
  const surviving = survival > 0 && pruned.length > 0 && complete.length > 0;
  if (!failing && !surviving) return () => 0;
  const params = space.nodes.filter((n): n is NumericNode | ChoiceNode => n.kind !== 'constant').map(modelParam);
  const tpe = resolveTpe();
  if (tpe.preset !== 'default') return () => 0;
  const logOk = feasibility(params, observations.filter((o) => o.state !== 'running'), tpe.settings);
  const logGoesOn = surviving ? constraintTerm(params, complete, pruned, tpe.settings) : () => 0;
  return (point) => {
    const config: Config = toConfig(encoding, point);
    const x = params.map((p) => p.coordinate(config));
    return logOk(x) + survival * logGoesOn(x);
  };
}

export function gpStep(space: Space, history: readonly TrialRecord[], trialId: number, options: OptimizerOptions): Proposal {
  return gpDecide(space, history, trialId, options).proposal;
}

/**
 * The model behind a GP proposal, as `hypertune explain` shows it: the posterior the acquisition
 * searched (running trials believed, asked at a full run), the fit, the incumbent, the failure term,
 * and which move made the point.
 */
export interface GpModelView {
  encoding: Encoding;
  post: Posterior;
  fitted: FittedGp;
  trials: readonly FitTrial[];
  /** The lowest standardized target of a full run: what the expected improvement improves on. */
  best: number;
  /** The row of `trials` that is the incumbent (undefined when no full run is in the fit). */
  bestRow: number | undefined;
  extra(point: Float64Array): number;
  /** Trials the fit left out as runs that blew up (ids; gp.outliers, docs/gp.md "Outliers"). */
  leftOut: readonly number[];
  /** Failed trials taken for chance: in the fit with a noise of their own (ids; docs/gp.md, "Failures by chance"). */
  byChance: readonly number[];
  /** `improvement`: the acquisition's best; `nearby`: the neighbourhood model's refinement of the best trial (a narrow basin, or under pruning); `unused-draw`: every candidate repeated a trial. */
  move: 'improvement' | 'nearby' | 'unused-draw' | 'explore';
}

export interface GpDecision {
  proposal: Proposal;
  /** Null when no model made the proposal (start-up, a constant space). */
  model: GpModelView | null;
}

export function gpDecide(space: Space, history: readonly TrialRecord[], trialId: number, options: OptimizerOptions): GpDecision {
  const { inactiveAt, normalSpan } = resolveGp(options.gp);
  const spaceEncoding = encodeSpace(space, inactiveAt, normalSpan);
  const seed = options.seed ?? 0;
  const training = gpTraining(space, history, options, spaceEncoding);
  if (training.kind === 'startup') return { proposal: startup(space, training.observations, trialId, seed), model: null };
  if (training.kind === 'constant') return { proposal: { params: { ...spaceEncoding.constants }, startup: false, sampler: 'gp' }, model: null };
  const { s, observations } = training;
  const outlierFree = fitWithoutOutliers(training.encoding, training.trials, training.fidelity, s, options.gpFit);
  const { trials, fidelity, fitted, leftOut } = outlierFree;
  const { y, data, fit } = fitted;
  // from here on, points are in the fit's encoding (warped inputs under gp.inputWarp)
  const encoding = fitted.encoding;
  // the acquisition asks what a full run would give (the fidelity input held at 1)
  let post = fullRunPosterior(outlierFree);
  // a run of asks the pruner stopped at one step beside each other (stuck.ts) gets gp.stuckMove
  const stuck = fidelity !== null && stuckOnPruned(observations, encoding, post.inv2, data.categorical, s.stuckAfter, STUCK_RADIUS);
  // under pruning, pruned trials also as full runs no better than the cutoff (censored.ts; gp.censored)
  const censorAt = s.censored ?? (stuck && s.stuckMove !== 'rungPass' ? 0 : null);
  const censored = fidelity === null || censorAt === null ? null : censorPruned(encoding, post, trials, y, fidelity, censorAt);
  if (censored !== null) post = censored.post;
  const finishedPost = post;
  const running = observations.filter((o) => o.state === 'running');
  if (running.length > 0 && s.pending === 'believer') {
    // Kriging believer: a running trial counts as complete with the value the GP expects of it
    const believer = believeRunning(encoding, post, censored?.trials ?? trials, censored?.y ?? y, running, censored?.fidelity ?? fidelity);
    post = fidelity === null ? believer : withTail(believer, [1]);
  }
  // the incumbent and the local searches' starts are full runs: a good epoch-3 value is no result
  const own = encoding.inputs.length;
  const order = trials.map((_, i) => i).filter((i) => fidelity === null || fidelity[i] === 1).sort((a, b) => (y[a] as number) - (y[b] as number));
  const best = incumbentTarget(finishedPost, fidelity === null ? order : order.slice(0, 1), s.incumbent);
  const incumbents = order.slice(0, 5).map((i) => data.x.slice(i * data.d, i * data.d + own));
  const rng = createRng(deriveSeed(seed, 'gp', trialId));
  const extra = failureModel(space, encoding, observations, fidelity === null ? 0 : s.prunedSurvival);
  const bestRow = order[0];
  const byChance = trials.flatMap((o) => (o.extraNoise === undefined ? [] : [o.id]));
  const view = (move: GpModelView['move']): GpModelView => ({ encoding, post, fitted, trials, best, bestRow, extra, move, leftOut, byChance });
  const made = (params: Config, move: GpModelView['move']): GpDecision => ({ proposal: { params, startup: false, sampler: 'gp', fit }, model: view(move) });
  // under pruning, a local penalty around each pruned trial (pruned-penalty.ts; gp.prunedRadius, off by default)
  const prunedRows = fidelity === null || s.prunedRadius <= 0 ? [] : observations.filter((o) => o.state === 'pruned').map((o) => ({ point: toPoint(encoding, o.params), step: o.step, loss: o.loss }));
  const prunedPoints = s.prunedConfirmed === null ? prunedRows.map((row) => row.point) : confirmedPruned(prunedRows, post.inv2, data.categorical, s.prunedRadius, s.prunedConfirmed * lossSpread(observations));
  // under pruning, the chance to pass the step where the pruner stopped runs (rung-pass.ts; gp.rungPass)
  const rungWeight = stuck && s.stuckMove !== 'censored' ? Math.max(1, s.rungPass) : s.rungPass;
  const rungs = fidelity === null || rungWeight <= 0 ? [] : rungCutoffs(curvesOf(history), options.goal ?? space.goal, passRule(options), training.fidelityAt, warpLoss(trials.map((o) => o.loss), fit.warp));
  const penalty = bothTerms(prunedPenalty(prunedPoints, post.inv2, data.categorical, s.prunedRadius), rungPassTerm(finishedPost, rungs, rungWeight));
  // a best trial far below what the fit predicts without it sits in a basin too narrow for the model;
  // under pruning the fit spans early-stopped rows and is blurred near every full run (prunedLocal)
  const local = fidelity === null ? s.local : s.prunedLocal;
  if (bestRow !== undefined && local !== null && trialId % local.every === 0) {
    const nearExtra = penalty === null ? extra : (point: Float64Array): number => extra(point) + penalty.value(point);
    const nearby = localProposal({ encoding, post: finishedPost, trials, bestRow, running, s, local, extra: nearExtra, rng: createRng(deriveSeed(seed, 'gp-local', trialId)) });
    const fresh = nearby.find((params) => !observations.some((o) => sameConfig(o.params, params)));
    if (fresh !== undefined) return made(fresh, 'nearby');
  }
  const candidates = maximizeAcquisition({ encoding, post, best, rng, incumbents, rawSamples: s.rawSamples, restarts: s.restarts, incumbentStarts: s.incumbentStarts, extra, penalty, known: observations.map((o) => toPoint(encoding, o.params)) });
  // `separate`: running trials are left out of the fit, but a candidate within a tenth of a length
  // scale of one is skipped, so simultaneous asks may refine one basin without landing on one point
  const pendingPoints = s.pending === 'separate' ? running.map((o) => toPoint(encoding, o.params)) : [];
  const crowded = (point: Float64Array): boolean => pendingPoints.some((p) => lengthDistance2(point, p, post.inv2, data.categorical, own) < 0.01);
  // A running trial's very point (every input within 1e-4 of its range, the same options) is not asked
  // again while no candidate elsewhere is left: the believer's end game would otherwise run one
  // configuration on several workers at once (a quarter of branin's asks with 4 in flight)
  const runningPoints = running.map((o) => toPoint(encoding, o.params));
  const onRunning = (point: Float64Array): boolean =>
    runningPoints.some((p) => {
      for (let k = 0; k < own; k++) if (Math.abs((point[k] as number) - (p[k] as number)) >= (data.categorical[k] === 1 ? 0.5 : 1e-4)) return false;
      return true;
    });
  const top = candidates[0]?.score ?? -Infinity;
  // not under pruning: there the fit's early-stopped rows are what the end game refines (docs/pruning.md)
  const bestAge = bestRow === undefined ? 0 : trialId - (trials[bestRow]?.id ?? trialId);
  if (s.explore !== null && fidelity === null && top < s.explore.below && bestAge >= s.explore.stale && trialId % s.explore.every === 0) {
    const rngExplore = createRng(deriveSeed(seed, 'gp-explore', trialId));
    for (const point of widestPoints(encoding, post, rngExplore, s.rawSamples, extra).slice(0, 64)) {
      const params = toConfig(encoding, point);
      if (!observations.some((o) => sameConfig(o.params, params)) && !crowded(point) && !onRunning(point)) return made(params, 'explore');
    }
  }
  for (const spread of [true, false]) {
    for (const c of candidates) {
      const params = toConfig(encoding, c.point);
      if (!observations.some((o) => sameConfig(o.params, params)) && !crowded(c.point) && !(spread && onRunning(c.point))) return made(params, 'improvement');
    }
  }
  // every candidate repeats a trial (a small discrete space): an unused draw from the prior
  for (let i = 0; i < 256; i++) {
    const params = sampleConfig(space, rng);
    if (!observations.some((o) => sameConfig(o.params, params))) return made(params, 'unused-draw');
  }
  return made(toConfig(encoding, candidates[0]?.point ?? new Float64Array(own)), 'improvement');
}

/** How the pruner lets runs go on at a step: asha and hyperband the best 1/eta and the best run's equals, the median half. */
function passRule(options: OptimizerOptions): { share: number | null; bestRunPasses: boolean } {
  const pruner = resolvePruner(options.pruner);
  if (pruner.name === 'asha' || pruner.name === 'hyperband') return { share: 1 / pruner.reductionFactor, bestRunPasses: pruner.bestRunGuard };
  return { share: pruner.name === 'median' ? 0.5 : null, bestRunPasses: false };
}
