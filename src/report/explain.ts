import { explainGpProposal, explainProposal, modelFor, nextTrialId, propose, type OptimizerOptions, type ParamTrace } from '../engine/index.js';
import { UsageError } from '../errors.js';
import { finishValue } from '../space/quantize.js';
import type { NumericNode, ParamValue, Space } from '../space/types.js';
import type { StudyState } from '../study/replay.js';
import type { TrialRecord, TrialSampler } from '../study/types.js';
import { gpExplain, type GpExplain } from './explain-gp.js';
import { historyBefore, numericGrid } from './html/densities.js';

export type { GpExplain, GpExplainPoint } from './explain-gp.js';

export interface ExplainRequest {
  space: Space;
  state: StudyState;
  label: string;
  /** The study's optimizer options (algo, seed, goal): the proposal is recomputed exactly. */
  optimizer: OptimizerOptions;
  /** The trial whose proposal to explain; default: the next one, not asked yet. */
  at?: number | undefined;
  /** Points across a numeric parameter's range (default 60, one per text column). */
  width?: number;
}

/** log densities are null where the density is zero (JSON has no -Infinity). */
export interface ExplainPoint {
  value: ParamValue;
  logL: number | null;
  logG: number | null;
  score: number | null;
}

export interface ExplainResult {
  study: string;
  label: string;
  kind: 'numeric' | 'choice';
  trial: number;
  /** False for the next proposal, which no trial has run yet. */
  ran: boolean;
  /** Finished trials the engine saw when it proposed `trial`. */
  finished: number;
  /** What proposed the trial (or will propose the next); null when an old journal cannot tell. */
  sampler: TrialSampler | null;
  /** Null when no TPE model was used (start-up or GP trial, or the label was inactive in this proposal). */
  model: 'univariate' | 'joint' | null;
  logScale: boolean;
  note: string | null;
  good: ParamValue[];
  bad: ParamValue[];
  /** Numeric: points across the range; choice: one per option, in the space's order. */
  curve: ExplainPoint[];
  candidates: ExplainPoint[];
  chosen: ExplainPoint | null;
  /** What the trial actually got (absent for the next proposal or an inactive label). */
  actual: ParamValue | null;
  /** A GP proposal: the value the GP proposes for the next trial (null otherwise, or when inactive). */
  proposed: ParamValue | null;
  /** A GP proposal, which has no good/bad split to show: this parameter in the best complete trials before it, best first. */
  best: Array<{ trial: number; value: ParamValue; result: number }>;
  /** A GP proposal: the study's trials TPE proposed, whose model explain can show. */
  tpeTrials: number[];
  /** A GP proposal: what the Gaussian process believed (null otherwise). */
  gp: GpExplain | null;
}

const BEST_SHOWN = 5;

/** Recompute the engine's proposal for one trial and read off one parameter's densities. */
export function explainParameterAt(request: ExplainRequest): ExplainResult {
  const { space, state, label } = request;
  const node = space.nodes.find((candidate) => candidate.label === label);
  const tunable = space.nodes.filter((n) => n.kind !== 'constant').map((n) => n.label);
  if (node === undefined || node.kind === 'constant') {
    throw new UsageError(`no tunable parameter "${label}" in study ${state.meta.name} (parameters: ${tunable.join(', ')})`);
  }
  const algo = request.optimizer.algo ?? 'tpe';
  if (algo === 'random' || algo === 'grid') {
    throw new UsageError(`study ${state.meta.name} uses --algo ${algo}; explain shows the TPE optimizer's model, which this study does not use`);
  }
  const next = nextTrialId(state.trials);
  const at = request.at ?? next;
  const trial = state.trials.find((t) => t.id === at);
  if (at !== next && trial === undefined) throw new UsageError(`no trial ${at} in study ${state.meta.name} (trials 0 to ${next - 1}, or ${next} for the next proposal)`);
  const history = historyBefore(state.trials, at === next ? null : at);
  const base = {
    study: state.meta.name,
    label,
    kind: node.kind,
    trial: at,
    ran: trial !== undefined,
    finished: history.filter((t) => t.state === 'complete' || t.state === 'failed' || t.state === 'pruned').length,
    actual: trial !== undefined && label in trial.params ? (trial.params[label] ?? null) : null,
    proposed: null,
    best: [],
    tpeTrials: [],
    gp: null,
  };
  const logScale = node.kind === 'numeric' && node.log;
  const empty: Pick<ExplainResult, 'model' | 'logScale' | 'good' | 'bad' | 'curve' | 'candidates' | 'chosen'> = {
    model: null, logScale, good: [], bad: [], curve: [], candidates: [], chosen: null,
  };
  // a configuration given by hand, or a result added: no model proposed it, and the TPE's pick shown
  // for it read as the trial's own (a user audit)
  if (trial?.sampler === 'enqueued' || trial?.sampler === 'added') return { ...base, ...empty, sampler: trial.sampler, note: givenNote(at, trial.sampler) };
  // auto and gp studies: the GP's trials have no TPE model to show
  let sampler: TrialSampler | null = null;
  if (algo !== 'tpe') {
    // one ask answers both who proposes the next trial and, for the GP, what it believed
    const gpAsk = trial?.sampler === 'gp' || (trial === undefined && modelFor(space, history, request.optimizer) === 'gp') ? explainGpProposal(space, history, request.optimizer, at) : null;
    const proposal = trial === undefined ? (gpAsk?.proposal ?? propose(space, history, at, request.optimizer)) : null;
    sampler = trial?.sampler ?? proposal?.sampler ?? null;
    if (sampler === 'gp') {
      const proposed = proposal !== null && label in proposal.params ? (proposal.params[label] ?? null) : null;
      const params = trial?.params ?? proposal?.params ?? {};
      const who = `${trial === undefined ? 'the next trial is' : `trial ${at} was`} proposed by the Gaussian process (--algo ${algo})`;
      const note = label in params ? `${who}: l(x) and g(x) are TPE's model, which does not apply to it` : `${who}; ${label} is not in its proposal (its parent choice took another option)`;
      const tpeTrials = state.trials.filter((t) => t.sampler === 'tpe').map((t) => t.id);
      const trace = gpAsk?.parameters?.find((p) => p.label === label) ?? null;
      const trials = completeBefore(history, label, request.optimizer.goal);
      const gp = trace === null ? null : gpExplain(trace, node.kind === 'choice' ? node.options.map((o) => o.value) : textGrid(node, state, request.width ?? 60), trials);
      return { ...base, ...empty, sampler, note, proposed: proposed ?? (trace === null ? null : (trace.params[label] ?? null)), best: trials.slice(0, BEST_SHOWN), tpeTrials, gp };
    }
    if (sampler === 'startup') return { ...base, ...empty, sampler, note: startupNote(at) };
  }
  const trace = explainProposal(space, history, request.optimizer, at);
  sampler ??= trace.startup ? 'startup' : 'tpe';
  const param = trace.parameters.find((p) => p.label === label) ?? null;
  if (param === null) {
    const note = trace.startup ? startupNote(at) : `${label} was not active in trial ${at}'s proposal (its parent choice took another option)`;
    return { ...base, ...empty, sampler, note };
  }
  const curveValues = node.kind === 'choice' ? node.options.map((o) => o.value) : textGrid(node, state, request.width ?? 60);
  const point = (value: ParamValue): ExplainPoint => pointOf(param, value);
  const candidates = param.candidates.map((c) => ({ ...point(c.value), score: finite(c.score) }));
  return {
    ...base,
    sampler,
    model: param.model,
    logScale: param.logScale,
    note: null,
    good: param.below,
    bad: param.above,
    curve: curveValues.map(point),
    candidates,
    chosen: candidates[param.chosen] ?? null,
  };
}

function givenNote(at: number, sampler: 'enqueued' | 'added'): string {
  return sampler === 'added'
    ? `trial ${at} is a result added with hypertune add: recorded, not proposed by the optimizer, so it has no densities`
    : `trial ${at} ran a configuration given by hand (hypertune enqueue or the space's start:), not one the optimizer proposed: what it left out the optimizer filled in`;
}

function startupNote(at: number): string {
  return `trial ${at} is a start-up trial: the optimizer drew it without a model (a first trial, or in a small space the TPE's regular space-filling look at the whole space), so it has no densities`;
}

/** The label's values in the complete trials of `history`, best first. */
function completeBefore(history: readonly TrialRecord[], label: string, goal: OptimizerOptions['goal']): ExplainResult['best'] {
  const sign = goal === 'maximize' ? -1 : 1;
  return history
    .filter((t) => t.state === 'complete' && t.value !== null && Number.isFinite(t.value) && label in t.params)
    .sort((a, b) => sign * ((a.value ?? 0) - (b.value ?? 0)) || a.id - b.id)
    .map((t) => ({ trial: t.id, value: t.params[label] ?? null, result: t.value ?? 0 }));
}

/** One point per text column; quantized parameters are evaluated at the value the column rounds to. */
function textGrid(node: NumericNode, state: StudyState, width: number): number[] {
  return numericGrid({ ...node, q: null }, state.trials, width).map((x) => finishValue(node, x));
}

function pointOf(param: ParamTrace, value: ParamValue): ExplainPoint {
  const logL = finite(param.logL(value));
  const logG = finite(param.logG(value));
  return { value, logL, logG, score: logL === null || logG === null ? null : logL - logG };
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
