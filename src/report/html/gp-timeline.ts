// The report's "What the Gaussian process believed": for the trials the GP proposed (a few, evenly
// spread, and the next proposal when the GP makes it), each parameter's mean, 95 % band and log EI.
import { explainGpProposal, type GpParamTrace, type OptimizerOptions } from '../../engine/index.js';
import type { ChoiceNode, NumericNode, ParamValue, Space } from '../../space/types.js';
import type { Trial } from '../../study/types.js';
import { historyBefore, numericGrid, pickEvenly } from './densities.js';
import { optionText } from './report-data.js';

/** One parameter at one step, on the track's grid (or per option); the metric's own units. */
export interface GpFrame {
  mean: Array<number | null>;
  lower: Array<number | null>;
  upper: Array<number | null>;
  logEi: Array<number | null>;
  /** The complete trials' values of this parameter (option indices for a choice), best first. */
  trials: number[];
  chosen: number | null;
  /** This parameter's fitted length scale on its unit range. */
  length: number;
}

export interface GpTrack {
  label: string;
  kind: 'numeric' | 'choice';
  log: boolean;
  x: number[];
  options: string[];
  frames: Array<GpFrame | null>;
}

export interface GpTimeline {
  steps: Array<{ trial: number; finished: number; ran: boolean; move: GpParamTrace['move']; warp: GpParamTrace['warp']; incumbent: number | null; unseen: number | null; noiseShare: number; leftOut: readonly number[]; byChance: readonly number[] }>;
  tracks: GpTrack[];
  /** Tunable parameters given no panel, to keep the page small (shown-params.ts); absent: none. */
  omitted?: number;
}

/** Each step is a whole GP ask (a fit and the acquisition's search): a dozen keep a report of a 200-trial study within seconds. */
const MAX_STEPS = 12;
const GRID = 80;

export function gpTimeline(space: Space, trials: readonly Trial[], options: OptimizerOptions, includeNext: boolean, maxSteps = MAX_STEPS, shown: ReadonlySet<string> | null = null): GpTimeline {
  const byGp = trials.filter((t) => t.sampler === 'gp' && t.state !== 'interrupted' && t.state !== 'queued').map((t) => t.id);
  const ids: Array<number | null> = pickEvenly(byGp, includeNext ? maxSteps - 1 : maxSteps);
  if (includeNext) ids.push(null);
  const nextId = trials.reduce((max, t) => Math.max(max, t.id + 1), 0);
  const tunable = space.nodes.filter((n): n is NumericNode | ChoiceNode => n.kind !== 'constant');
  const nodes = tunable.filter((n) => shown === null || shown.has(n.label));
  const tracks: GpTrack[] = nodes.map((node) => emptyTrack(node, trials));
  const steps: GpTimeline['steps'] = [];
  for (const id of ids) {
    const history = historyBefore(trials, id);
    const traces = explainGpProposal(space, history, options, id ?? nextId).parameters;
    if (traces === null) continue;
    const first = traces[0];
    if (first === undefined) continue;
    const finished = history.filter((t) => t.state === 'complete' || t.state === 'failed' || t.state === 'pruned').length;
    steps.push({ trial: id ?? nextId, finished, ran: id !== null, move: first.move, warp: first.warp, incumbent: round(first.incumbent), unseen: round(first.unseen), noiseShare: first.noiseShare, leftOut: first.leftOut, byChance: first.byChance });
    const complete = history.filter((t) => t.state === 'complete' && t.value !== null && Number.isFinite(t.value));
    const sign = (options.goal ?? space.goal) === 'maximize' ? -1 : 1;
    complete.sort((a, b) => sign * ((a.value as number) - (b.value as number)) || a.id - b.id);
    nodes.forEach((node, i) => {
      const trace = traces.find((t) => t.label === node.label);
      const track = tracks[i];
      if (track !== undefined) track.frames.push(trace === undefined ? null : frameOf(node, track, trace, complete.map((t) => t.params[node.label] ?? null)));
    });
  }
  if (steps.length === 0) return { steps, tracks: [] };
  return { steps, tracks, ...(nodes.length < tunable.length ? { omitted: tunable.length - nodes.length } : {}) };
}

function emptyTrack(node: NumericNode | ChoiceNode, trials: readonly Trial[]): GpTrack {
  if (node.kind === 'choice') return { label: node.label, kind: 'choice', log: false, x: node.options.map((_, i) => i), options: node.options.map((o) => optionText(o.value)), frames: [] };
  return { label: node.label, kind: 'numeric', log: node.log, x: numericGrid(node, trials, GRID), options: [], frames: [] };
}

function frameOf(node: NumericNode | ChoiceNode, track: GpTrack, trace: GpParamTrace, values: readonly ParamValue[]): GpFrame {
  const asX = (value: ParamValue): number | null => {
    if (node.kind === 'choice') {
      const i = node.options.findIndex((o) => o.value === value);
      return i < 0 ? null : i;
    }
    return typeof value === 'number' ? value : null;
  };
  const valueAt = (x: number): ParamValue => (node.kind === 'choice' ? (node.options[x]?.value ?? null) : x);
  const points = track.x.map((x) => trace.at(valueAt(x)));
  return {
    mean: points.map((p) => round(p.mean)),
    lower: points.map((p) => round(p.lower)),
    upper: points.map((p) => round(p.upper)),
    logEi: points.map((p) => round(p.logEi)),
    trials: values.map(asX).flatMap((x) => (x === null ? [] : [x])),
    chosen: asX(trace.params[node.label] ?? null),
    length: Number(trace.lengths.find((l) => l.label === node.label)?.length.toPrecision(4) ?? Number.NaN),
  };
}

/** Five significant digits keep the embedded JSON small; what is not finite becomes null. */
function round(value: number): number | null {
  return Number.isFinite(value) ? Number(value.toPrecision(5)) : null;
}
