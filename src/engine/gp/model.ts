// What the GP is fitted on and how: the trials as inputs on the unit cube, their warped losses, and the
// MAP hyperparameters (or an earlier ask's, made on the same trials).
import type { Space } from '../../space/types.js';
import type { TrialRecord } from '../../study/types.js';
import { observe, type Observation } from '../observations.js';
import { buildPosterior, predict, type Posterior } from './posterior.js';
import type { GpFit, OptimizerOptions } from '../types.js';
import { activeInputs, toPoint, type Encoding } from './encode.js';
import { resolvePruner } from '../prune/index.js';
import { imputeFailures, type FitTrial } from './failures.js';
import { declaredRunSteps, fidelityAtStep, fidelityOf, firstRunStep, fullRunSteps } from './fidelity.js';
import { defaultPrior, fitTheta, noiseFloor, type GpData, type Prior, type Theta } from './fit.js';
import { fitThetaWarped, warpableInputs, warpEncoding, warpPenalty } from './inputwarp.js';
import { resolveGp, type GpSettings } from './settings.js';
import { warpTargets, type Warp } from './warp.js';

/** The trials the GP is fitted on: all complete ones, or the best half and the newest half of `max`. */
function fitted(complete: readonly Observation[], max: number): Observation[] {
  if (complete.length <= max) return [...complete];
  const best = [...complete].sort((a, b) => a.loss - b.loss || a.id - b.id).slice(0, Math.floor(max / 2));
  const chosen = new Set(best.map((o) => o.id));
  const newest = complete.filter((o) => !chosen.has(o.id)).slice(-(max - best.length));
  return [...best, ...newest].sort((a, b) => a.id - b.id);
}

function fits(encoding: Encoding, o: Observation): boolean {
  // in a conditional space a parameter its branch leaves out is absent, as the other samplers write it
  const active = encoding.tree === undefined ? null : activeInputs(encoding, toPoint(encoding, o.params));
  return encoding.inputs.every((input, k) => {
    if (active !== null && !active[k]) return true;
    const value = o.params[input.node.label];
    if (input.kind === 'categorical') return value !== undefined && input.node.options.some((option) => option.value === value);
    return typeof value === 'number' && Number.isFinite(value);
  });
}

/** The trials as GP inputs; with `fidelity`, each row ends with the trial's fidelity (a numeric input). */
export function dataOf(encoding: Encoding, trials: readonly FitTrial[], y: Float64Array, fidelity: Float64Array | null = null, priorMean?: GpData['priorMean']): GpData {
  const own = encoding.inputs.length;
  const d = own + (fidelity === null ? 0 : 1);
  const x = new Float64Array(trials.length * d);
  trials.forEach((o, i) => {
    x.set(toPoint(encoding, o.params), i * d);
    if (fidelity !== null) x[i * d + own] = fidelity[i] as number;
  });
  const categorical = Uint8Array.from({ length: d }, (_, k) => (encoding.inputs[k]?.kind === 'categorical' ? 1 : 0));
  const data: GpData = { x, y, n: trials.length, d, categorical, minNoise: noiseFloor(y) };
  if (priorMean !== undefined) data.priorMean = priorMean;
  if (trials.some((o) => o.extraNoise !== undefined)) data.rowNoise = Float64Array.from(trials, (o) => o.extraNoise ?? 0);
  return data;
}

const meanOf = (s: GpSettings): GpData['priorMean'] => (s.mean === 'zero' ? undefined : s.mean);

/** Iterations of the input warp's first fit (docs/gp.md, "Input warping"). */
const PROBE_ITERATIONS = 12;

/**
 * A GP fitted: the warped targets, the data, the MAP hyperparameters, the fit as a later ask may reuse
 * it, and the encoding its inputs are in (the space's own, or with input warping its warped one).
 */
export interface FittedGp {
  y: Float64Array;
  data: GpData;
  theta: Theta;
  fit: GpFit;
  encoding: Encoding;
}

/** All a fit depends on: the settings and each fitted trial's id (so its point), target and fidelity. */
function fittedOn(s: GpSettings, trials: readonly Observation[], fidelity: Float64Array | null): string {
  return `${JSON.stringify(s)}|${trials.map((o, i) => `${o.id}:${o.loss}:${fidelity?.[i] ?? ''}`).join(',')}`;
}

/**
 * Fit the GP under each candidate warp and keep the one under which the losses themselves are most
 * likely (the GP's evidence plus the warp's log Jacobian): a bowl stays linear, Rosenbrock's
 * heavy tail goes to log space (docs/gp.md, "Output warping"). `reuse`, a fit made on the very same
 * trials and targets, is taken as it is: it is what this fit would give. With `s.inputWarp` the
 * numeric inputs' warp is fitted with the kernel, and the data come back in the warped encoding.
 */
export function fitBestWarp(encoding: Encoding, trials: readonly FitTrial[], s: GpSettings, fidelity: Float64Array | null, reuse?: GpFit): FittedGp {
  const losses = trials.map((o) => o.loss);
  const key = fittedOn(s, trials, fidelity);
  // under pruning (a fidelity input) only with s.inputWarpPruned (docs/gp.md, "Under pruning")
  const warpable = s.inputWarp && (fidelity === null || s.inputWarpPruned) ? warpableInputs(encoding, trials.length) : [];
  if (reuse !== undefined && reuse.fittedOn === key) {
    const warped = warpTargets(losses, reuse.warp);
    const enc = reuse.inputWarp === undefined ? encoding : warpEncoding(encoding, warpable, reuse.inputWarp);
    return { y: warped.y, data: dataOf(enc, trials, warped.y, fidelity, meanOf(s)), theta: Float64Array.from(reuse.theta), fit: reuse, encoding: enc };
  }
  const warps: Warp[] = s.warp === 'auto' ? ['none', 'log'] : [s.warp];
  let best: (FittedGp & { score: number; value: number; prior: Prior }) | null = null;
  for (const w of warps) {
    const warped = warpTargets(losses, w);
    const data = dataOf(encoding, trials, warped.y, fidelity, meanOf(s));
    const prior = defaultPrior(data.d, s.noiseRate, s.lengthPrior);
    if (s.choicePrior !== s.lengthPrior) prior.choices = defaultPrior(data.d, s.noiseRate, s.choicePrior);
    const start = (length: number): Float64Array => Float64Array.from([...new Array<number>(data.d).fill(Math.log(length)), 0, Math.log(1e-3)]);
    const made = fitTheta(data, [start(s.lengthPrior === 'unit' ? 0.5 : Math.exp(prior.lengthMu) / 4), start(0.1)], prior);
    const score = -made.value + (Number.isNaN(warped.logJacobian) ? 0 : warped.logJacobian);
    if (best === null || score > best.score) best = { y: warped.y, data, theta: made.theta, fit: { warp: w, theta: Array.from(made.theta), fittedOn: key }, encoding, score, value: made.value, prior };
  }
  if (best === null) throw new Error('gp: no warp to fit');
  if (warpable.length === 0) return best;
  // The input warp, fitted from the plain fit, is kept where it makes the losses far more likely. A
  // short first fit decides whether the full one is worth its cost: one that has not gained half the
  // price after PROBE_ITERATIONS rarely makes it (and most asks of most problems stop there).
  const penalty = warpPenalty(warpable.length, best.data.n);
  const probe = fitThetaWarped(best.data, warpable, [best.theta], best.prior, PROBE_ITERATIONS);
  if (!(best.value - probe.value > 0.5 * penalty)) return best;
  const joint = fitThetaWarped(best.data, warpable, [probe.theta], best.prior, 60 - PROBE_ITERATIONS, probe.shapes);
  if (!(best.value - joint.value > penalty)) return best;
  const warpedEncoding = warpEncoding(encoding, warpable, joint.shapes);
  const fit: GpFit = { ...best.fit, theta: Array.from(joint.theta), inputWarp: joint.shapes };
  return { y: best.y, data: dataOf(warpedEncoding, trials, best.y, fidelity, meanOf(s)), theta: joint.theta, fit, encoding: warpedEncoding };
}

/** Everything the GP's ask needs before the fit; `startup` when the model is not in use yet. */
export type GpTraining =
  | { kind: 'startup'; observations: Observation[] }
  | { kind: 'constant'; encoding: Encoding }
  | { kind: 'model'; encoding: Encoding; s: GpSettings; observations: Observation[]; trials: FitTrial[]; fidelity: Float64Array | null; fidelityAt: (step: number) => number };

/** The start-up trials before the GP: 8, or 5 (4 on one parameter) in a study told it ends within gp.shortBudget trials. */
export function startupCount(s: Pick<GpSettings, 'startupTrials' | 'startupGiven' | 'shortBudget'>, inputs: number, budget: number | undefined): number {
  if (s.startupGiven || budget === undefined || budget > s.shortBudget) return s.startupTrials;
  return Math.min(s.startupTrials, inputs <= 1 ? 4 : 5);
}

export function gpTraining(space: Space, history: readonly TrialRecord[], options: OptimizerOptions, encoding: Encoding): GpTraining {
  const s: GpSettings = resolveGp(options.gp);
  // a trial written under an older space may lack a parameter or hold a non-number: the GP cannot place it
  const observations = observe(history, options.goal ?? space.goal).filter((o) => fits(encoding, o));
  const complete = observations.filter((o) => o.state === 'complete');
  // pruned trials count as finished here: under hard pruning few trials ever complete
  const finished = complete.length + observations.filter((o) => o.state === 'pruned').length;
  // a study whose budget was raised past gp.shortBudget after the GP began went back to start-up trials
  // among the GP's (5 then 8: trial 7 drawn at random after GP trials 5 and 6; a user audit)
  const started = history.some((t) => t.sampler === 'gp');
  if (complete.length === 0 || finished < Math.max(2, started ? 0 : startupCount(s, encoding.inputs.length, options.budget))) return { kind: 'startup', observations };
  if (encoding.inputs.length === 0) return { kind: 'constant', encoding };
  // Failed trials join the fit at the worst loss seen, so the model itself expects nothing there
  // (as SMAC's crash cost), those that look like chance with a noise of their own (failures.ts); the
  // failure model also lowers the acquisition around them.
  let worst = -Infinity;
  for (const o of complete) worst = Math.max(worst, o.loss);
  // Under a pruner a failure is mostly a curve that diverged among curves stopped early; the rule was
  // chosen without pruning and did not help there (docs/gp.md), so every failure is believed.
  const failed = imputeFailures(encoding, observations, worst, resolvePruner(options.pruner).name === 'none' ? s.chance : null);
  // With the full run's length known, a pruned trial joins the fit at its last value and its fidelity
  // (fidelity.ts); otherwise it was judged worse than its peers: no better than the worst complete one.
  // (with no pruned trial every row would sit at fidelity 1: no column, the plain GP)
  const pruned = observations.filter((o) => o.state === 'pruned');
  const full = s.pruned.startsWith('fidelity') && pruned.length > 0 ? fullRunSteps(observations, declaredRunSteps(options.pruner)) : null;
  const imputed = full !== null ? pruned : pruned.map((o) => ({ ...o, loss: s.pruned === 'worst' ? worst : Math.max(worst, o.loss) }));
  const trials = fitted([...complete, ...failed, ...imputed].sort((a, b) => a.id - b.id), s.maxFitted);
  const scale = s.pruned === 'fidelity-linear' ? 'linear' : 'log';
  const first = full === null ? 1 : firstRunStep(observations);
  const fidelityAt = (step: number): number => (full === null ? 1 : fidelityAtStep(step, full, scale, first));
  const fidelity = full === null ? null : Float64Array.from(trials, (o) => fidelityOf(o, full, scale, first));
  return { kind: 'model', encoding, s, observations, trials, fidelity, fidelityAt };
}

/**
 * Kriging believer: the posterior with each running trial counted as complete at the value `post`
 * predicts for it (same hyperparameters), so the next ask's expected improvement there is only what
 * that prediction leaves. `fidelity`, when the fit has that input, puts running trials at a full run.
 */
export function believeRunning(encoding: Encoding, post: Posterior, trials: readonly FitTrial[], y: Float64Array, running: readonly Observation[], fidelity: Float64Array | null = null): Posterior {
  const believed = running.map((o) => predict(post, toPoint(encoding, o.params)).mean);
  const fidelities = fidelity === null ? null : Float64Array.from([...fidelity, ...running.map(() => 1)]);
  return buildPosterior(dataOf(encoding, [...trials, ...running], Float64Array.from([...y, ...believed]), fidelities, post.data.priorMean), post.theta);
}
