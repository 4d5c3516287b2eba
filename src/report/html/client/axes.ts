import uPlot from 'uplot';
import { tickText } from './format.js';

/** Ticks at whole decades (or 1-2-5 steps within a short range) instead of uPlot's dense log grid. */
export function logSplits(_u: uPlot, _axisIdx: number, min: number, max: number): number[] {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  const steps = hi - lo > 2 ? [1] : hi - lo > 1 ? [1, 3] : [1, 2, 5];
  const every = Math.max(1, Math.ceil((hi - lo + 1) / 8));
  const out: number[] = [];
  for (let e = lo; e <= hi; e += every) {
    steps.forEach((m) => {
      const v = m * Math.pow(10, e);
      if (v >= min * 0.999 && v <= max * 1.001) out.push(v);
    });
  }
  return out;
}

// uPlot hands null for a split it leaves unlabelled (no room): no label, not a dash
const readable = (_u: uPlot, splits: number[]): string[] => splits.map((v) => (v === null ? '' : tickText(v)));

/** uPlot's axis after its set-up, with the width it last settled on (its font is then [css, size], not the string typed). */
type LiveAxis = uPlot.Axis & { _size?: number };

/**
 * A vertical axis as wide as its widest tick label, never narrower than `floor`: a fixed width cut
 * labels such as -8.6e12 on the left and the log EI's on the right (a user audit). Horizontal axes keep `floor`.
 */
function fitted(floor: number): uPlot.Axis.Size {
  return (u, values, axisIdx) => {
    const axis: LiveAxis | undefined = u.axes[axisIdx];
    // the first call, before any tick exists, hands null
    const labels: readonly string[] = (values as string[] | null) ?? [];
    if (axis === undefined || (axis.side ?? 3) % 2 === 0 || labels.length === 0) return axis?._size ?? floor;
    const font: unknown = axis.font;
    u.ctx.font = Array.isArray(font) ? String(font[0]) : typeof font === 'string' ? font : '12px sans-serif';
    // the canvas font is scaled by the pixel ratio, as uPlot draws it
    const widest = Math.max(...labels.map((text) => u.ctx.measureText(text).width)) / (window.devicePixelRatio || 1);
    return Math.max(floor, Math.ceil(widest + (axis.ticks?.size ?? 10) + (axis.gap ?? 5) + 4));
  };
}

/** Compact labels, and a width that fits them (50 px, uPlot's own, unless the caller asked more). */
function readableAxis(axis: uPlot.Axis): uPlot.Axis {
  axis.values = readable;
  axis.size = fitted(typeof axis.size === 'number' ? axis.size : 50);
  return axis;
}

/** Axis settings for a log scale: decade ticks, readable labels. */
export function logAxis(axis: uPlot.Axis): uPlot.Axis {
  axis.splits = logSplits;
  return readableAxis(axis);
}

export function numberAxis(axis: uPlot.Axis): uPlot.Axis {
  return readableAxis(axis);
}

/** An axis of whole numbers (trials, steps): ticks 1, 2, 5, 10 ... apart, never 2.5 (found by a user audit). */
export function countAxis(axis: uPlot.Axis): uPlot.Axis {
  axis.incrs = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6];
  return readableAxis(axis);
}

/** A value scale that shows a single value with a tenth of it for room (it was ±0.5 whatever the value); else uPlot's own. */
export function roomyRange(): uPlot.Range.Function {
  return (_u, min, max) => {
    if (min !== max) return uPlot.rangeNum(min, max, 0.1, true);
    const room = Math.abs(min) * 0.1 || 0.5;
    return [min - room, max + room];
  };
}

/**
 * A model panel's parameter axis over its grid (`x`, in order): the space's range. uPlot rounds a log
 * scale out to whole decades, so loguniform(1e-6, 1e-1) was drawn to 1 and qloguniform(8, 300, 8) to
 * 1000 (a user audit). A quantized parameter's bars (`discrete`) get half a step past each end.
 */
export function paramScale(track: { log: boolean; x: readonly number[]; discrete?: boolean }): uPlot.Scale {
  const scale: uPlot.Scale = track.log ? { time: false, distr: 3 } : { time: false };
  const first = track.x[0];
  const last = track.x[track.x.length - 1];
  if (first === undefined || last === undefined || !(last > first)) return scale;
  // on a log scale too: the grid starts at a multiple of q >= q, so half a step below it stays above 0
  const half = track.discrete === true ? ((track.x[1] ?? first) - first) / 2 : 0;
  scale.range = () => [first - half, last + half];
  return scale;
}

/** Shared settings of every uPlot chart: a legend, and drag to zoom along x only. */
export function plotOptions(width: number, height: number, extra: Partial<uPlot.Options>): uPlot.Options {
  const base: uPlot.Options = { width, height, series: [], legend: { show: true }, cursor: { drag: { x: true, y: false } } };
  return Object.assign(base, extra);
}
