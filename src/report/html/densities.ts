import type { ParamTrace, TpeTrace } from '../../engine/index.js';
import type { ChoiceNode, NumericNode, ParamValue, Space } from '../../space/types.js';
import type { Trial, TrialRecord } from '../../study/types.js';
import { learnedRecordOf, reRunIds } from '../../study/history.js';
import { optionText } from './report-data.js';

/** The engine's own trace for the proposal of trial `trialId` given `history` (null: no model used). */
export type TraceAt = (history: readonly TrialRecord[], trialId: number) => TpeTrace | null;

/** One parameter at one step: what the engine computed, evaluated on the track's grid (or per option). */
export interface DensityFrame {
  /** log l and log g at each grid point (or option); null where a density is zero. */
  logL: Array<number | null>;
  logG: Array<number | null>;
  /** Observed values of the good and bad groups (option indices for a choice). */
  good: number[];
  bad: number[];
  candidates: Array<{ x: number; score: number }>;
  chosen: number | null;
  /** The picked candidate's score: for a joint model the whole candidate's, often far past the marginal's curve. */
  chosenScore: number | null;
  model: 'univariate' | 'joint';
}

export interface DensityTrack {
  label: string;
  kind: 'numeric' | 'choice';
  log: boolean;
  /** Grid in the value's own units (numeric) or option indices (choice). */
  x: number[];
  /** The grid is every value a quantized parameter can take (drawn as bars, not curves). */
  discrete: boolean;
  options: string[];
  /** One per step; null where the engine did not model this parameter (start-up or inactive). */
  frames: Array<DensityFrame | null>;
}

export interface DensityTimeline {
  /** The trial each step proposed (`ran`: false for the next, not yet asked, proposal), and how many finished trials the engine saw then. */
  steps: Array<{ trial: number; finished: number; ran: boolean }>;
  tracks: DensityTrack[];
  /** Tunable parameters given no panel, to keep the page small (shown-params.ts); absent: none. */
  omitted?: number;
}

const GRID = 120;

/**
 * The history as the engine saw it when it proposed trial `id`: the trials asked before it, each
 * finished only if it had finished by the time `id` was asked (running otherwise).
 */
export function historyBefore(trials: readonly Trial[], id: number | null): TrialRecord[] {
  const askedAt = id === null ? Infinity : (trials.find((t) => t.id === id)?.askedAt ?? Infinity);
  // a failed trial that a trial asked before this one re-ran was left out then (--retries)
  const rerun = reRunIds(trials, id ?? Infinity);
  return trials
    .filter((t) => id === null || t.id < id)
    .map((t) => {
      const finished = t.state !== 'running' && t.finishedAt !== null && t.finishedAt <= askedAt;
      // as the loop's history (how far each finished run got, which the GP and auto read under pruning)
      return finished ? learnedRecordOf(t, rerun) : { id: t.id, params: t.params, state: 'running', value: null };
    });
}

/**
 * Density tracks over the TPE-driven trials (at most `maxSteps`, evenly spread, always the latest)
 * plus the next proposal, when `includeNext` is set.
 */
export function densityTimeline(
  space: Space,
  trials: readonly Trial[],
  traceAt: TraceAt,
  maxSteps = 40,
  includeNext = true,
  /** Which trials TPE proposed (default: every one after the start-up phase). */
  byTpe: (trial: Trial) => boolean = (trial) => !trial.startup,
  /** The parameters that get a track (default: every tunable one). */
  shown: ReadonlySet<string> | null = null,
): DensityTimeline {
  const modelled = trials.filter((t) => byTpe(t) && t.state !== 'interrupted' && t.state !== 'queued').map((t) => t.id);
  const chosenIds: Array<number | null> = pickEvenly(modelled, includeNext ? maxSteps - 1 : maxSteps);
  if (includeNext) chosenIds.push(null);
  const nextId = trials.reduce((max, t) => Math.max(max, t.id + 1), 0);
  const tunable = space.nodes.filter((n): n is NumericNode | ChoiceNode => n.kind !== 'constant');
  const nodes = tunable.filter((n) => shown === null || shown.has(n.label));
  const tracks: DensityTrack[] = nodes.map((node) => emptyTrack(node, trials));
  const steps: DensityTimeline['steps'] = [];
  for (const id of chosenIds) {
    const history = historyBefore(trials, id);
    const trace = traceAt(history, id ?? nextId);
    steps.push({ trial: id ?? nextId, finished: history.filter((t) => t.state === 'complete' || t.state === 'failed').length, ran: id !== null });
    nodes.forEach((node, i) => {
      const param = trace?.parameters.find((p) => p.label === node.label);
      const track = tracks[i];
      if (track !== undefined) track.frames.push(param === undefined ? null : frameOf(node, track, param));
    });
  }
  const keep = tracks.filter((track) => track.frames.some((frame) => frame !== null));
  return { steps, tracks: keep, ...(nodes.length < tunable.length ? { omitted: tunable.length - nodes.length } : {}) };
}

/** `count` of `items`, evenly spread, always the last. */
export function pickEvenly<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  if (count <= 0) return [];
  const picked = new Set<number>();
  for (let i = 0; i < count; i++) picked.add(Math.round(((i + 1) * items.length) / count) - 1);
  return [...picked].sort((a, b) => a - b).map((i) => items[i] as T);
}

function emptyTrack(node: NumericNode | ChoiceNode, trials: readonly Trial[]): DensityTrack {
  if (node.kind === 'choice') {
    return { label: node.label, kind: 'choice', log: false, x: node.options.map((_, i) => i), discrete: true, options: node.options.map((o) => optionText(o.value)), frames: [] };
  }
  const x = numericGrid(node, trials);
  const steps = node.q !== null && node.low !== null && node.high !== null ? Math.floor(node.high / node.q + 1e-9) - Math.ceil(node.low / node.q - 1e-9) + 1 : Infinity;
  return { label: node.label, kind: 'numeric', log: node.log, x, discrete: steps === x.length, options: [], frames: [] };
}

/** Evenly spaced in the space the engine models (log for log families); the q grid itself when small. */
export function numericGrid(node: NumericNode, trials: readonly Trial[], size = GRID): number[] {
  const toModel = (v: number): number => (node.log ? Math.log(v) : v);
  const fromModel = (v: number): number => (node.log ? Math.exp(v) : v);
  let low: number;
  let high: number;
  if (node.low !== null && node.high !== null) {
    low = toModel(node.low);
    high = toModel(node.high);
  } else {
    const mu = node.mu ?? 0;
    const sigma = node.sigma ?? 1;
    const seen = trials.map((t) => t.params[node.label]).filter((v): v is number => typeof v === 'number' && (!node.log || v > 0));
    low = Math.min(mu - 3 * sigma, ...seen.map(toModel));
    high = Math.max(mu + 3 * sigma, ...seen.map(toModel));
  }
  if (node.q !== null && node.low !== null && node.high !== null) {
    const first = Math.ceil(node.low / node.q - 1e-9);
    const last = Math.floor(node.high / node.q + 1e-9);
    if (last - first + 1 <= size) return Array.from({ length: last - first + 1 }, (_, i) => Number(((first + i) * node.q!).toPrecision(12)));
  }
  return Array.from({ length: size }, (_, i) => fromModel(low + ((high - low) * i) / (size - 1)));
}

function frameOf(node: NumericNode | ChoiceNode, track: DensityTrack, trace: ParamTrace): DensityFrame {
  const asX = (value: ParamValue): number | null =>
    node.kind === 'choice'
      ? (() => {
          const i = node.options.findIndex((o) => o.value === value);
          return i < 0 ? null : i;
        })()
      : typeof value === 'number'
        ? value
        : null;
  const valueAt = (x: number): ParamValue => (node.kind === 'choice' ? (node.options[x]?.value ?? null) : x);
  const xs = (values: readonly ParamValue[]): number[] =>
    values.map(asX).flatMap((x) => (x === null ? [] : [node.kind === 'choice' ? x : (round(x) ?? x)]));
  const candidates = trace.candidates.flatMap((c) => {
    const x = asX(c.value);
    return x === null ? [] : [{ x, score: round(c.score) ?? -1e9 }];
  });
  const picked = trace.candidates[trace.chosen];
  const chosenValue = picked?.value;
  return {
    logL: track.x.map((x) => round(trace.logL(valueAt(x)))),
    logG: track.x.map((x) => round(trace.logG(valueAt(x)))),
    good: xs(trace.below),
    bad: xs(trace.above),
    candidates,
    chosen: chosenValue === undefined ? null : asX(chosenValue),
    chosenScore: picked === undefined ? null : round(picked.score),
    model: trace.model,
  };
}

/** Five significant digits keep the embedded JSON small; -inf (zero density) becomes null. */
function round(value: number): number | null {
  return Number.isFinite(value) ? Number(value.toPrecision(5)) : null;
}
