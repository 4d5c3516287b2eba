// The Gaussian-process sampler (docs/gp.md): the same start-up points as the TPE, then a GP fitted
// by MAP on the complete trials, running trials believed at their predicted value, and the point
// of highest log expected improvement (times the chance of not failing) that no trial has used.
import { sampleConfig } from '../../space/sample.js';
import type { ChoiceNode, Config, NumericNode, Space } from '../../space/types.js';
import type { TrialRecord } from '../../study/types.js';
import { createRng, deriveSeed } from '../../util/rng.js';
import { observe, sameConfig, type Observation } from '../observations.js';
import { modelParam } from '../tpe/dims.js';
import { feasibility } from '../tpe/group.js';
import { resolveTpe } from '../tpe/settings.js';
import { startupConfig } from '../tpe/startup.js';
import { tpeStep } from '../tpe/step.js';
import type { OptimizerOptions, Proposal } from '../types.js';
import { encodeSpace, toConfig, toPoint, type Encoding } from './encode.js';
import { declaredRunSteps, fidelityOf, firstRunStep, fullRunSteps } from './fidelity.js';
import { defaultPrior, fitTheta, noiseFloor, type GpData, type Theta } from './fit.js';
import { maximizeAcquisition } from './maximize.js';
import { buildPosterior, predict, withTail } from './posterior.js';
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
  return encoding.inputs.every((input) => {
    const value = o.params[input.node.label];
    if (input.kind === 'categorical') return value !== undefined && input.node.options.some((option) => option.value === value);
    return typeof value === 'number' && Number.isFinite(value);
  });
}

/** The trials as GP inputs; with `fidelity`, each row ends with the trial's fidelity (a numeric input). */
function dataOf(encoding: Encoding, trials: readonly Observation[], y: Float64Array, fidelity: Float64Array | null = null): GpData {
  const own = encoding.inputs.length;
  const d = own + (fidelity === null ? 0 : 1);
  const x = new Float64Array(trials.length * d);
  trials.forEach((o, i) => {
    x.set(toPoint(encoding, o.params), i * d);
    if (fidelity !== null) x[i * d + own] = fidelity[i] as number;
  });
  const categorical = Uint8Array.from({ length: d }, (_, k) => (encoding.inputs[k]?.kind === 'categorical' ? 1 : 0));
  return { x, y, n: trials.length, d, categorical, minNoise: noiseFloor(y) };
}

/**
 * Fit the GP under each candidate warp and keep the one under which the losses themselves are most
 * likely (the GP's evidence plus the warp's log Jacobian): a bowl stays linear, Rosenbrock's
 * heavy tail goes to log space (docs/gp.md, "Output warping").
 */
function fitBestWarp(encoding: Encoding, trials: readonly Observation[], s: GpSettings, fidelity: Float64Array | null): { y: Float64Array; data: GpData; theta: Theta } {
  const losses = trials.map((o) => o.loss);
  const warps: Warp[] = s.warp === 'auto' ? ['none', 'log'] : [s.warp];
  let best: { y: Float64Array; data: GpData; theta: Theta; score: number } | null = null;
  for (const w of warps) {
    const warped = warpTargets(losses, w);
    const data = dataOf(encoding, trials, warped.y, fidelity);
    const prior = defaultPrior(data.d, s.noiseRate, s.lengthPrior);
    if (s.choicePrior !== s.lengthPrior) prior.choices = defaultPrior(data.d, s.noiseRate, s.choicePrior);
    const start = (length: number): Float64Array => Float64Array.from([...new Array<number>(data.d).fill(Math.log(length)), 0, Math.log(1e-3)]);
    const fit = fitTheta(data, [start(s.lengthPrior === 'unit' ? 0.5 : Math.exp(prior.lengthMu) / 4), start(0.1)], prior);
    const score = -fit.value + (Number.isNaN(warped.logJacobian) ? 0 : warped.logJacobian);
    if (best === null || score > best.score) best = { y: warped.y, data, theta: fit.theta, score };
  }
  if (best === null) throw new Error('gp: no warp to fit');
  return best;
}

function startup(space: Space, observations: readonly Observation[], trialId: number, seed: number): Proposal {
  const rng = createRng(deriveSeed(seed, 'gp-startup', trialId));
  let params = startupConfig(space, trialId, seed);
  for (let i = 0; i < 64 && observations.some((o) => sameConfig(o.params, params)); i++) params = sampleConfig(space, rng);
  return { params, startup: true, sampler: 'startup' };
}

/** log P(not failed) of a point, from the TPE's Parzen estimators of complete vs failed trials. */
function failureModel(space: Space, encoding: Encoding, observations: readonly Observation[]): (point: Float64Array) => number {
  if (!observations.some((o) => o.state === 'failed')) return () => 0;
  const params = space.nodes.filter((n): n is NumericNode | ChoiceNode => n.kind !== 'constant').map(modelParam);
  const tpe = resolveTpe();
  if (tpe.preset !== 'default') return () => 0;
  const logOk = feasibility(params, observations.filter((o) => o.state !== 'running'), tpe.settings);
  return (point) => {
    const config: Config = toConfig(encoding, point);
    return logOk(params.map((p) => p.coordinate(config)));
  };
}

export function gpStep(space: Space, history: readonly TrialRecord[], trialId: number, options: OptimizerOptions): Proposal {
  const encoding = encodeSpace(space);
  const seed = options.seed ?? 0;
  if (encoding === null) {
    // conditional spaces are the TPE's: the GP has no inputs for parameters that come and go
    const trace = tpeStep(space, history, trialId, options);
    return { params: trace.params, startup: trace.startup, sampler: trace.startup ? 'startup' : 'tpe' };
  }
  const s: GpSettings = resolveGp(options.gp);
  // a trial written under an older space may lack a parameter or hold a non-number: the GP cannot place it
  const observations = observe(history, options.goal ?? space.goal).filter((o) => fits(encoding, o));
  const complete = observations.filter((o) => o.state === 'complete');
  // pruned trials count as finished here: under hard pruning few trials ever complete
  const finished = complete.length + observations.filter((o) => o.state === 'pruned').length;
  if (complete.length === 0 || finished < Math.max(2, s.startupTrials)) return startup(space, observations, trialId, seed);
  if (encoding.inputs.length === 0) return { params: { ...encoding.constants }, startup: false, sampler: 'gp' };
  // Failed trials join the fit at the worst loss seen, so the model itself expects nothing there
  // (as SMAC's crash cost); the failure model below also lowers the acquisition around them.
  let worst = -Infinity;
  for (const o of complete) worst = Math.max(worst, o.loss);
  const failed = observations.filter((o) => o.state === 'failed').map((o) => ({ ...o, loss: worst }));
  // With the full run's length known, a pruned trial joins the fit at its last value and its fidelity
  // (fidelity.ts); otherwise it was judged worse than its peers: no better than the worst complete one.
  // (with no pruned trial every row would sit at fidelity 1: no column, the plain GP)
  const pruned = observations.filter((o) => o.state === 'pruned');
  const full = s.pruned.startsWith('fidelity') && pruned.length > 0 ? fullRunSteps(observations, declaredRunSteps(options.pruner)) : null;
  const imputed = full !== null ? pruned : pruned.map((o) => ({ ...o, loss: s.pruned === 'worst' ? worst : Math.max(worst, o.loss) }));
  const trials = fitted([...complete, ...failed, ...imputed].sort((a, b) => a.id - b.id), s.maxFitted);
  const scale = s.pruned === 'fidelity-linear' ? 'linear' : 'log';
  const first = full === null ? 1 : firstRunStep(observations);
  const fidelity = full === null ? null : Float64Array.from(trials, (o) => fidelityOf(o, full, scale, first));
  const { y, data, theta } = fitBestWarp(encoding, trials, s, fidelity);
  // the acquisition asks what a full run would give (the fidelity input held at 1)
  let post = fidelity === null ? buildPosterior(data, theta) : withTail(buildPosterior(data, theta), [1]);
  const running = observations.filter((o) => o.state === 'running');
  if (running.length > 0 && s.pending === 'believer') {
    // Kriging believer: a running trial counts as complete with the value the GP expects of it
    const believed = Float64Array.from(running, (o) => predict(post, toPoint(encoding, o.params)).mean);
    const both = [...trials, ...running];
    const fidelities = fidelity === null ? null : Float64Array.from([...fidelity, ...running.map(() => 1)]);
    const believer = buildPosterior(dataOf(encoding, both, Float64Array.from([...y, ...believed]), fidelities), theta);
    post = fidelity === null ? believer : withTail(believer, [1]);
  }
  // the incumbent and the local searches' starts are full runs: a good epoch-3 value is no result
  const own = encoding.inputs.length;
  const order = trials.map((_, i) => i).filter((i) => fidelity === null || fidelity[i] === 1).sort((a, b) => (y[a] as number) - (y[b] as number));
  const best = order.length > 0 ? (y[order[0] as number] as number) : Infinity;
  const incumbents = order.slice(0, 5).map((i) => data.x.slice(i * data.d, i * data.d + own));
  const rng = createRng(deriveSeed(seed, 'gp', trialId));
  const candidates = maximizeAcquisition({ encoding, post, best, rng, incumbents, rawSamples: s.rawSamples, restarts: s.restarts, incumbentStarts: s.incumbentStarts, extra: failureModel(space, encoding, observations) });
  // `separate`: running trials are left out of the fit, but a candidate within a tenth of a length
  // scale of one is skipped, so simultaneous asks may refine one basin without landing on one point
  const pendingPoints = s.pending === 'separate' ? running.map((o) => toPoint(encoding, o.params)) : [];
  const crowded = (point: Float64Array): boolean =>
    pendingPoints.some((p) => {
      let r2 = 0;
      for (let k = 0; k < own; k++) {
        const delta = (point[k] as number) - (p[k] as number);
        r2 += (post.inv2[k] as number) * (data.categorical[k] === 1 ? (delta === 0 ? 0 : 1) : delta * delta);
      }
      return r2 < 0.01;
    });
  for (const c of candidates) {
    const params = toConfig(encoding, c.point);
    if (!observations.some((o) => sameConfig(o.params, params)) && !crowded(c.point)) return { params, startup: false, sampler: 'gp' };
  }
  // every candidate repeats a trial (a small discrete space): an unused draw from the prior
  for (let i = 0; i < 256; i++) {
    const params = sampleConfig(space, rng);
    if (!observations.some((o) => sameConfig(o.params, params))) return { params, startup: false, sampler: 'gp' };
  }
  return { params: toConfig(encoding, candidates[0]?.point ?? new Float64Array(own)), startup: false, sampler: 'gp' };
}
