import type { DensityTrack } from '../densities.js';
import { COLORS } from './data.js';
import { el, panel, svg, widthOf } from './dom.js';
import { shortName } from './format.js';

/** One parameter's panel in the densities card; `show(i)` draws step i of the slider. */
export interface DensityView {
  show(i: number): void;
}

/** A log density back to a density; null (a zero density) is 0. */
export function expOrZero(v: number | null): number {
  return v === null ? 0 : Math.exp(v);
}

/** A choice's l and g as paired bars per option, the score beside them, the pick marked. */
export function choiceDensity(grid: HTMLElement, track: DensityTrack): DensityView {
  const box = panel(grid, track.label, 'choice');
  const note = el('div', { class: 'note' });
  box.box.appendChild(note);
  const width = widthOf(box.plot);
  const rowH = 44;
  const labelW = 110;
  const scoreW = 70;
  const s = svg('svg', { width, height: track.options.length * rowH + 8, role: 'img' });
  box.plot.appendChild(s);
  return {
    show(i) {
      const frame = track.frames[i];
      while (s.firstChild) s.removeChild(s.firstChild);
      if (!frame) {
        note.textContent = 'not modelled at this step (inactive or start-up)';
        return;
      }
      const l = frame.logL.map(expOrZero);
      const g = frame.logG.map(expOrZero);
      const max = Math.max(...l, ...g, 1e-12);
      const barW = width - labelW - scoreW - 10;
      track.options.forEach((name, k) => {
        const y = k * rowH + 6;
        const picked = frame.chosen === k;
        const weight = picked ? 700 : 400;
        const label = svg('text', { x: labelW - 8, y: y + 20, 'text-anchor': 'end', 'font-size': 12, 'font-weight': weight, fill: COLORS.ink, text: shortName(name, 14) }, s);
        if (name.length > 14) svg('title', { text: name }, label);
        svg('rect', { x: labelW, y, width: Math.max(1, ((l[k] ?? 0) / max) * barW), height: 14, fill: COLORS.good, rx: 2 }, s);
        svg('rect', { x: labelW, y: y + 17, width: Math.max(1, ((g[k] ?? 0) / max) * barW), height: 14, fill: COLORS.bad, 'fill-opacity': 0.8, rx: 2 }, s);
        const logL = frame.logL[k];
        const logG = frame.logG[k];
        const sc = logL === null || logL === undefined || logG === null || logG === undefined ? null : logL - logG;
        const text = (sc === null ? '–' : (sc >= 0 ? '+' : '') + sc.toFixed(2)) + (picked ? ' ◀' : '');
        svg('text', { x: width - scoreW + 4, y: y + 20, 'font-size': 12, fill: picked ? COLORS.best : COLORS.ink, 'font-weight': weight, text }, s);
      });
      const count = (xs: number[]): string => track.options.map((o, k) => shortName(o, 22) + '×' + xs.filter((x) => x === k).length).join(' ');
      note.textContent = 'good ' + count(frame.good) + ' · bad ' + count(frame.bad);
    },
  };
}
