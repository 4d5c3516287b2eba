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
