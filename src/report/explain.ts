import { explainProposal, nextTrialId, type OptimizerOptions, type ParamTrace } from '../engine/index.js';
import { UsageError } from '../errors.js';
import { finishValue } from '../space/quantize.js';
import type { NumericNode, ParamValue, Space } from '../space/types.js';
import type { StudyState } from '../study/replay.js';
import { historyBefore, numericGrid } from './html/densities.js';

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
  /** Null when no model was used (start-up trial, or the label was inactive in this proposal). */
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
}

/** Recompute the engine's proposal for one trial and read off one parameter's densities. */
export function explainParameterAt(request: ExplainRequest): ExplainResult {
  const { space, state, label } = request;
  const node = space.nodes.find((candidate) => candidate.label === label);
  const tunable = space.nodes.filter((n) => n.kind !== 'constant').map((n) => n.label);
  if (node === undefined || node.kind === 'constant') {
    throw new UsageError(`no tunable parameter "${label}" in study ${state.meta.name} (parameters: ${tunable.join(', ')})`);
  }
  const algo = request.optimizer.algo ?? 'tpe';
  if (algo !== 'tpe') throw new UsageError(`study ${state.meta.name} uses --algo ${algo}; explain shows the TPE optimizer's model, which this study does not use`);
  const next = nextTrialId(state.trials);
  const at = request.at ?? next;
  const trial = state.trials.find((t) => t.id === at);
  if (at !== next && trial === undefined) throw new UsageError(`no trial ${at} in study ${state.meta.name} (trials 0 to ${next - 1}, or ${next} for the next proposal)`);
  const history = historyBefore(state.trials, at === next ? null : at);
  const trace = explainProposal(space, history, request.optimizer, at);
  const param = trace.parameters.find((p) => p.label === label) ?? null;
  const base = {
    study: state.meta.name,
    label,
    kind: node.kind,
    trial: at,
    ran: trial !== undefined,
    finished: history.filter((t) => t.state === 'complete' || t.state === 'failed').length,
    actual: trial !== undefined && label in trial.params ? (trial.params[label] ?? null) : null,
  };
  if (param === null) {
    const note = trace.startup
      ? `trial ${at} is a start-up trial: the optimizer drew it without a model, so there are no densities yet`
      : `${label} was not active in trial ${at}'s proposal (its parent choice took another option)`;
    return { ...base, model: null, logScale: node.kind === 'numeric' && node.log, note, good: [], bad: [], curve: [], candidates: [], chosen: null };
  }
  const curveValues = node.kind === 'choice' ? node.options.map((o) => o.value) : textGrid(node, state, request.width ?? 60);
  const point = (value: ParamValue): ExplainPoint => pointOf(param, value);
  const candidates = param.candidates.map((c) => ({ ...point(c.value), score: finite(c.score) }));
  return {
    ...base,
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
