import type uPlot from 'uplot';
import type { ReportTrial, ReportTrialState } from '../report-data.js';
import { lastPoint, stepAt, stopPoint, type Curve } from './curve-points.js';

/** How a trial's curve is drawn, by state; `rgb` gets the alpha that fits the number of curves. */
interface CurveStyle {
  rgb: string;
  dash: number[];
  label: string;
}

export const CURVE_STYLES: Record<ReportTrialState, CurveStyle> = {
  complete: { rgb: '59,111,216', dash: [], label: 'complete' },
  failed: { rgb: '215,48,39', dash: [], label: 'failed' },
  // still moving: dashed, and an open circle where it is now
  running: { rgb: '22,163,74', dash: [5, 3], label: 'running' },
  // stopped early by the pruner: a cross where it stopped
  pruned: { rgb: '107,114,128', dash: [], label: 'pruned (× where stopped)' },
  interrupted: { rgb: '156,163,175', dash: [2, 3], label: 'interrupted' },
  // queued by `hypertune enqueue`: nothing reported yet, so never drawn
  queued: { rgb: '156,163,175', dash: [1, 3], label: 'queued' },
};

/** Later states are drawn over earlier ones: the few running and pruned curves stay visible among many complete ones. */
export const DRAW_ORDER: readonly ReportTrialState[] = ['interrupted', 'complete', 'failed', 'pruned', 'running'];

export interface CurvesFrame {
  trials: readonly ReportTrial[];
  alpha: number;
  /** Drawn by uPlot as its own series (the best trial), so skipped here. */
  skip: number | null;
}

/** Canvas pixels of (step, value) on the canvas being drawn. */
type ToPixels = (step: number, value: number) => [number, number];

function trace(ctx: CanvasRenderingContext2D, at: ToPixels, trial: Curve): void {
  let pen = false;
  trial.curve.forEach((value, k) => {
    if (value === null) {
      pen = false; // a diverged step (NaN, inf) leaves a gap
      return;
    }
    const [x, y] = at(stepAt(trial, k), value);
    if (pen) ctx.lineTo(x, y);
    else ctx.moveTo(x, y);
    pen = true;
  });
}

function drawMarker(ctx: CanvasRenderingContext2D, at: ToPixels, trial: ReportTrial, color: string): void {
  const end = trial.state === 'pruned' ? stopPoint(trial) : lastPoint(trial);
  if (end === null) return;
  const dpr = devicePixelRatio || 1;
  const [x, y] = at(end.step, end.value);
  const r = 3.5 * dpr;
  ctx.beginPath();
  if (trial.state === 'pruned') {
    ctx.moveTo(x - r, y - r);
    ctx.lineTo(x + r, y + r);
    ctx.moveTo(x + r, y - r);
    ctx.lineTo(x - r, y + r);
  } else {
    ctx.arc(x, y, r * 0.8, 0, 2 * Math.PI);
  }
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.6 * dpr;
  ctx.setLineDash([]);
  ctx.stroke();
}

/** Every curve but the skipped one, by state, then the markers on top. */
export function drawCurves(u: uPlot, frame: CurvesFrame): void {
  const ctx = u.ctx;
  const dpr = devicePixelRatio || 1;
  const b = u.bbox;
  const at: ToPixels = (step, value) => [u.valToPos(step, 'x', true), u.valToPos(value, 'y', true)];
  ctx.save();
  ctx.beginPath();
  ctx.rect(b.left, b.top, b.width, b.height);
  ctx.clip();
  ctx.lineJoin = 'round';
  const marked: ReportTrial[] = [];
  for (const state of DRAW_ORDER) {
    const style = CURVE_STYLES[state];
    ctx.strokeStyle = 'rgba(' + style.rgb + ',' + frame.alpha + ')';
    ctx.lineWidth = 1.2 * dpr;
    ctx.setLineDash(style.dash.map((d) => d * dpr));
    for (const trial of frame.trials) {
      if (trial.state !== state || trial.id === frame.skip) continue;
      if (state === 'pruned' || state === 'running') marked.push(trial);
      ctx.beginPath();
      trace(ctx, at, trial);
      ctx.stroke();
    }
  }
  marked.forEach((trial) => drawMarker(ctx, at, trial, 'rgba(' + CURVE_STYLES[trial.state].rgb + ',0.95)'));
  ctx.restore();
}

/**
 * The trial under the pointer, dark, on a canvas of its own laid over the plotting area: a pointer
 * move repaints one line, not the 1,000 beneath it. Null clears it.
 */
export function drawHover(u: uPlot, overlay: HTMLCanvasElement, trial: ReportTrial | null): void {
  const dpr = devicePixelRatio || 1;
  const { width, height } = u.bbox;
  if (overlay.width !== width || overlay.height !== height) {
    overlay.width = width;
    overlay.height = height;
    overlay.style.width = width / dpr + 'px';
    overlay.style.height = height / dpr + 'px';
  }
  const ctx = overlay.getContext('2d');
  if (ctx === null) return;
  ctx.clearRect(0, 0, width, height);
  if (trial === null) return;
  // the overlay's origin is the plotting area's corner: CSS pixels from valToPos, scaled
  const at: ToPixels = (step, value) => [u.valToPos(step, 'x') * dpr, u.valToPos(value, 'y') * dpr];
  ctx.strokeStyle = '#111827';
  ctx.lineWidth = 2.2 * dpr;
  ctx.lineJoin = 'round';
  ctx.beginPath();
  trace(ctx, at, trial);
  ctx.stroke();
  if (trial.state === 'pruned' || trial.state === 'running') drawMarker(ctx, at, trial, '#111827');
}
