// The `hyperopt` preset: hyperopt 0.2.7's tpe.suggest, parameter by parameter (docs/tpe.md).
import { finishValue } from '../../space/quantize.js';
import { sampleConfig } from '../../space/sample.js';
import type { ChoiceNode, Config, NumericNode, ParamValue, Space } from '../../space/types.js';
import { drawIndex, type Rng } from '../../util/rng.js';
import { isActive, optionIndexOf, type Observation } from '../observations.js';
import { acceptance, mixtureLogPdf, sampleMixture, type MixtureSupport } from './gmm.js';
import { adaptiveParzen, categoricalPosterior } from './parzen.js';
import type { CandidateScore, ParamTrace, TpeTrace } from './trace.js';

export interface HyperoptSettings {
  startupTrials: number;
  candidates: number;
  gamma: number;
  priorWeight: number;
}

export const hyperoptDefaults: HyperoptSettings = { startupTrials: 20, candidates: 24, gamma: 0.25, priorWeight: 1 };
const EPS = 1e-12;
const GAMMA_CAP = 25;

/** Everything hyperopt puts in a trial counts (failed and pending ones as +inf losses). */
export function hyperoptStep(space: Space, observations: readonly Observation[], settings: HyperoptSettings, rng: Rng): TpeTrace {
  if (observations.length < settings.startupTrials) return { params: sampleConfig(space, rng), startup: true, parameters: [] };
  const nBelow = Math.min(Math.ceil(settings.gamma * Math.sqrt(observations.length)), GAMMA_CAP);
  // hyperopt knows nothing of pruning: a pruned trial's last value is not a result, so it ranks as a failed one
  const lossOf = (o: Observation): number => (o.state === 'pruned' ? Infinity : o.loss);
  const ranked = [...observations].sort((a, b) => lossOf(a) - lossOf(b) || a.id - b.id);
  const good = new Set(ranked.slice(0, nBelow).map((o) => o.id));
  const params: Config = {};
  const chosen = new Map<string, number>();
  const traces: ParamTrace[] = [];
  for (const node of space.nodes) {
    if (!isActive(node, chosen)) continue;
    if (node.kind === 'constant') {
      params[node.label] = node.value;
      continue;
    }
    const present = observations.filter((o) => node.label in o.params);
    const below = present.filter((o) => good.has(o.id));
    const above = present.filter((o) => !good.has(o.id));
    const trace = node.kind === 'choice' ? choiceTrace(node, below, above, settings, rng) : numericTrace(node, below, above, settings, rng);
    const value = trace.candidates[trace.chosen]?.value ?? null;
    params[node.label] = value;
    if (node.kind === 'choice') chosen.set(node.label, node.options.findIndex((o) => o.value === value));
    traces.push(trace);
  }
  return { params, startup: false, parameters: traces };
}

function argmax(candidates: readonly CandidateScore[]): number {
  let best = 0;
  candidates.forEach((c, i) => {
    if (c.score > (candidates[best]?.score ?? -Infinity)) best = i;
  });
  return best;
}

interface NumericModel {
  priorMu: number;
  priorSigma: number;
  support: MixtureSupport;
  toModel(value: number): number;
}

function numericModel(node: NumericNode): NumericModel {
  const q = node.q;
  const low = node.low ?? 0;
  const high = node.high ?? 0;
  switch (node.family) {
    case 'uniform':
    case 'quniform':
    case 'uniformint':
    case 'randint':
      return { priorMu: (low + high) / 2, priorSigma: high - low, support: { low, high, q, log: false }, toModel: (v) => v };
    case 'loguniform':
    case 'qloguniform': {
      const L = Math.log(low);
      const H = Math.log(high);
      const floor = q === null ? 0 : Math.max(EPS, Math.exp(L));
      return { priorMu: (L + H) / 2, priorSigma: H - L, support: { low: L, high: H, q, log: true }, toModel: (v) => Math.log(Math.max(v, floor)) };
    }
    case 'normal':
    case 'qnormal':
      return { priorMu: node.mu ?? 0, priorSigma: node.sigma ?? 1, support: { low: null, high: null, q, log: false }, toModel: (v) => v };
    case 'lognormal':
    case 'qlognormal':
      return { priorMu: node.mu ?? 0, priorSigma: node.sigma ?? 1, support: { low: null, high: null, q, log: true }, toModel: (v) => Math.log(Math.max(v, EPS)) };
  }
}

function numbersOf(observations: readonly Observation[], label: string): number[] {
  return observations.map((o) => Number(o.params[label]));
}

function numericTrace(node: NumericNode, below: readonly Observation[], above: readonly Observation[], s: HyperoptSettings, rng: Rng): ParamTrace {
  if (node.family === 'randint') return randintTrace(node, below, above, s, rng);
  const model = numericModel(node);
  const belowValues = numbersOf(below, node.label);
  const aboveValues = numbersOf(above, node.label);
  const l = adaptiveParzen(belowValues.map(model.toModel), s.priorWeight, model.priorMu, model.priorSigma);
  const g = adaptiveParzen(aboveValues.map(model.toModel), s.priorWeight, model.priorMu, model.priorSigma);
  const acceptL = Math.log(acceptance(l, model.support));
  const acceptG = Math.log(acceptance(g, model.support));
  const logL = (v: ParamValue): number => mixtureLogPdf(Number(v), l, model.support, acceptL);
  const logG = (v: ParamValue): number => mixtureLogPdf(Number(v), g, model.support, acceptG);
  const candidates = Array.from({ length: s.candidates }, () => {
    const value = finishValue(node, sampleMixture(l, model.support, rng));
    return { value, score: logL(value) - logG(value) };
  });
  // hyperopt's log families have densities over the value (its lognormal's 1/x included); the trace's
  // are over its logarithm (logScale), as explain draws them: without the x, l(x) of two good trials at
  // 0.003 peaked at the range's low end (a user audit). The score is the same either way.
  const overLog = (logPdf: (v: ParamValue) => number) => (v: ParamValue): number => logPdf(v) + (node.log && Number(v) > 0 ? Math.log(Number(v)) : 0);
  return { label: node.label, model: 'univariate', logScale: node.log, below: belowValues, above: aboveValues, logL: overLog(logL), logG: overLog(logG), candidates, chosen: argmax(candidates) };
}


interface Categorical {
  size: number;
  prior: readonly number[] | null;
  indexOf(o: Observation): number;
  valueOf(index: number): ParamValue;
}

function categoricalTrace(label: string, cat: Categorical, below: readonly Observation[], above: readonly Observation[], s: HyperoptSettings, rng: Rng): ParamTrace {
  const lp = categoricalPosterior(below.map(cat.indexOf), cat.size, s.priorWeight, cat.prior);
  const gp = categoricalPosterior(above.map(cat.indexOf), cat.size, s.priorWeight, cat.prior);
  const indexOfValue = (v: ParamValue): number => Array.from({ length: cat.size }, (_, i) => i).find((i) => cat.valueOf(i) === v) ?? -1;
  const logL = (v: ParamValue): number => Math.log(lp[indexOfValue(v)] ?? 0);
  const logG = (v: ParamValue): number => Math.log(gp[indexOfValue(v)] ?? 0);
  const candidates = Array.from({ length: s.candidates }, () => {
    const index = drawIndex(lp, rng);
    return { value: cat.valueOf(index), score: Math.log(lp[index] ?? 0) - Math.log(gp[index] ?? 0) };
  });
  return {
    label,
    model: 'univariate',
    logScale: false,
    below: below.map((o) => cat.valueOf(cat.indexOf(o))),
    above: above.map((o) => cat.valueOf(cat.indexOf(o))),
    logL,
    logG,
    candidates,
    chosen: argmax(candidates),
  };
}

/** hp.choice is randint(len(options)) in hyperopt (uniform pseudo-counts); hp.pchoice spreads them as its probabilities. */
function choiceTrace(node: ChoiceNode, below: readonly Observation[], above: readonly Observation[], s: HyperoptSettings, rng: Rng): ParamTrace {
  return categoricalTrace(
    node.label,
    {
      size: node.options.length,
      prior: node.family === 'pchoice' ? node.probabilities : null,
      indexOf: (o) => Math.max(0, optionIndexOf(node, o.params)),
      valueOf: (i) => node.options[i]?.value ?? null,
    },
    below,
    above,
    s,
    rng,
  );
}

function randintTrace(node: NumericNode, below: readonly Observation[], above: readonly Observation[], s: HyperoptSettings, rng: Rng): ParamTrace {
  const low = node.low ?? 0;
  const size = (node.high ?? 0) - low + 1;
  return categoricalTrace(
    node.label,
    { size, prior: null, indexOf: (o) => Math.min(size - 1, Math.max(0, Number(o.params[node.label]) - low)), valueOf: (i) => low + i },
    below,
    above,
    s,
    rng,
  );
}
