// The trial the model rates best (the note under the best trial) marked in the plots, where the best
// trial is marked: it was tagged in the trials table alone, and a reader of the plots saw only the best
// measured run (a user audit). A violet ring or line, apart from the best trial's orange.
import type uPlot from 'uplot';
import { COLORS, D } from './data.js';
import { el } from './dom.js';
import type { ReportTrial } from '../report-data.js';

/** The model's pick: violet, apart from the best trial's orange and the points' blue. */
export const PICK_COLOR = '#7c3aed';

/** Its wording in legends and titles. */
export function pickLabel(): string {
  return D.noise === null ? '' : "model's best: trial " + D.noise.pick.id;
}

/** Whether `t` is the trial the model rates best (only where the note names one). */
export function isPick(t: Pick<ReportTrial, 'id'>): boolean {
  return D.noise !== null && t.id === D.noise.pick.id;
}

/** A point series of uPlot for it: a ring, so the point under it still shows. */
export function pickSeries(): uPlot.Series {
  return { label: pickLabel(), stroke: PICK_COLOR, paths: () => null, points: { show: true, size: 14, width: 2, stroke: PICK_COLOR, fill: 'rgba(0,0,0,0)' } };
}

/** A legend of the two marks (the best trial's dot, the pick's ring), for a plot whose own legend is hidden; null without a pick. */
export function marksLegend(): HTMLElement | null {
  if (D.noise === null || D.best === null) return null;
  const dot = (style: string, text: string): HTMLSpanElement => el('span', {}, [el('i', { style }), text]);
  return el('div', { class: 'legend marks' }, [
    dot('background:' + COLORS.best + ';width:9px;height:9px;border-radius:50%', 'best: trial ' + D.best.id),
    dot('border:2px solid ' + PICK_COLOR + ';width:9px;height:9px;border-radius:50%;background:none', pickLabel() + ' (the note under the best trial)'),
  ]);
}

/**
 * Where the pick's mark is drawn, in canvas pixels, on `holder` (data-model-best): a page's test reads
 * the canvas there, as it does the pruned trials' crosses.
 */
export function recordPick(holder: HTMLElement, u: uPlot, x: number | null, y: number | null): void {
  if (x === null || y === null) return;
  holder.setAttribute('data-model-best', JSON.stringify({ x: Math.round(u.valToPos(x, 'x', true)), y: Math.round(u.valToPos(y, 'y', true)) }));
}
