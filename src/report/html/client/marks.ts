import type uPlot from 'uplot';
import { COLORS } from './data.js';

/** The value a proposal picked, as a dashed line across the plot. */
export function drawPick(u: uPlot, x: number): void {
  const ctx = u.ctx;
  const b = u.bbox;
  const dpr = devicePixelRatio || 1;
  const px = u.valToPos(x, 'x', true);
  ctx.save();
  ctx.strokeStyle = COLORS.best;
  ctx.lineWidth = 2 * dpr;
  ctx.setLineDash([5 * dpr, 4 * dpr]);
  ctx.beginPath();
  ctx.moveTo(px, b.top);
  ctx.lineTo(px, b.top + b.height);
  ctx.stroke();
  ctx.restore();
}

/** A value of the metric as a line across the plot (`dash` in CSS pixels; none: solid), when it is inside the plot. */
export function drawLevel(u: uPlot, value: number, color: string, dash: readonly number[]): void {
  const ctx = u.ctx;
  const b = u.bbox;
  const dpr = devicePixelRatio || 1;
  const py = u.valToPos(value, 'y', true);
  if (!isFinite(py) || py < b.top || py > b.top + b.height) return;
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = dpr;
  ctx.setLineDash(dash.map((d) => d * dpr));
  ctx.beginPath();
  ctx.moveTo(b.left, py);
  ctx.lineTo(b.left + b.width, py);
  ctx.stroke();
  ctx.restore();
}
