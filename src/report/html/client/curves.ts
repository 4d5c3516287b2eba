import uPlot from 'uplot';
import type { ReportTrial } from '../report-data.js';
import { countAxis, logAxis, numberAxis, plotOptions } from './axes.js';
import { curveAlpha, curveScale, nearestStep, pixelDistance, stepAt, stopPoint, valueAt } from './curve-points.js';
import { CURVE_STYLES, DRAW_ORDER, drawCurves, drawHover } from './curves-draw.js';
import { COLORS, D } from './data.js';
import { el, section, widthOf } from './dom.js';
import { fmt } from './format.js';
import { isPick, PICK_COLOR, pickLabel } from './model-mark.js';

/** How near (CSS pixels) the pointer must be to a curve to pick it out. */
const HOVER_PX = 24;

/** Smallest and largest finite value of all curves (null when there is none). */
function valueRange(trials: readonly ReportTrial[]): { lo: number; hi: number } | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const trial of trials) {
    for (const v of trial.curve) {
      if (v === null) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? { lo, hi } : null;
}

/** The trial's state and its value at the pointer's step (at its end, past it). */
function describe(trial: ReportTrial, pointer: number): string {
  const step = nearestStep(trial, pointer, Infinity) ?? pointer;
  const value = valueAt(trial, step);
  const end = stopPoint(trial);
  const state = trial.state === 'pruned' && end !== null ? 'pruned at step ' + (trial.stoppedAt ?? end.step) + (end.diverged ? ' (its value there was not a number)' : '') : trial.state;
  const best = D.best !== null && trial.id === D.best.id ? ', the best' : isPick(trial) ? ", the model's best" : '';
  return 'trial ' + trial.id + ' (' + state + best + ') · step ' + step + ': ' + fmt(value ?? null);
}

/**
 * Learning curves: every trial's reported values against the step, the best trial over them, pruned
 * trials crossed where they stopped. Shown only when some trial reported its metric more than once.
 */
export function renderCurves(): void {
  const trials = D.trials.filter((t) => t.curve.length > 0);
  const steps = Math.max(0, ...trials.map((t) => stepAt(t, t.curve.length - 1)));
  // a program that counts from 0 (Lightning's Epoch 0) has a step 0: drawn, not dropped (a user audit)
  const first = Math.min(1, ...trials.map((t) => stepAt(t, 0)));
  const range = valueRange(trials);
  if (steps - first < 1 || range === null) return;
  const card = section(
    'curves',
    'Learning curves',
    'One line per trial: each value of ' + D.metric + ' it reported, against its step (the epoch or step its line gave, else 1, 2, 3 in order). The best trial in orange' + (D.noise === null ? '' : ', the one the model rates best in violet') + '; × marks where a pruned trial was stopped; dashed lines are still running. Point at a line to name its trial; drag to zoom on steps, double-click to zoom out.',
  );
  const pick = trials.find((t) => isPick(t) && t.id !== D.best?.id);
  const present = DRAW_ORDER.filter((state) => trials.some((t) => t.state === state));
  const key = (color: string, text: string): HTMLSpanElement => el('span', {}, [el('i', { style: 'background:' + color }), text]);
  card.appendChild(
    el('div', { class: 'legend' }, [
      ...present.map((state) => key('rgb(' + CURVE_STYLES[state].rgb + ')', CURVE_STYLES[state].label)),
      D.best === null ? null : key(COLORS.best, 'best: trial ' + D.best.id),
      pick === undefined ? null : key(PICK_COLOR, pickLabel()),
    ]),
  );
  const box = el('div', { class: 'plot' });
  card.appendChild(box);
  const note = el('div', { class: 'note', text: 'Point at a line to see its trial.' });
  card.appendChild(note);

  const best = D.best === null ? undefined : trials.find((t) => t.id === D.best?.id);
  const xs = Array.from({ length: steps - first + 1 }, (_, k) => k + first);
  const bestCurve: Array<number | null> = xs.map(() => null);
  best?.curve.forEach((value, k) => (bestCurve[stepAt(best, k) - first] = value));
  const pickCurve: Array<number | null> = xs.map(() => null);
  pick?.curve.forEach((value, k) => (pickCurve[stepAt(pick, k) - first] = value));
  const scale = curveScale(range.lo, range.hi);
  const yRange = (): [number, number] => scale.range;
  box.setAttribute('data-scale', scale.log ? 'log' : 'linear');
  box.setAttribute('data-steps', first + '..' + steps);
  const frame = { trials, alpha: curveAlpha(trials.length), skip: best?.id ?? null };
  const overlay = el('canvas', { class: 'hover' });
  let hovered: ReportTrial | null = null;
  const u = new uPlot(
    plotOptions(widthOf(box), 340, {
      scales: { x: { time: false }, y: scale.log ? { distr: 3, range: yRange } : { range: yRange } },
      axes: [countAxis({ label: 'step', stroke: COLORS.ink }), (scale.log ? logAxis : numberAxis)({ label: D.metric, stroke: COLORS.ink, size: 60 })],
      series: [
        { label: 'step' },
        // a thinned curve has values at some steps only: its line spans the steps between
        { label: best === undefined ? 'best trial' : 'trial ' + best.id + ' (best)', stroke: COLORS.best, width: 2.5, points: { show: false }, spanGaps: best?.curveSteps != null },
        { label: pick === undefined ? "model's best" : pickLabel(), show: pick !== undefined, stroke: PICK_COLOR, width: 2.5, points: { show: false }, spanGaps: pick?.curveSteps != null },
      ],
      hooks: {
        // under the best trial's line (uPlot draws series after its axes), over the grid
        drawAxes: [(plot) => drawCurves(plot, frame)],
        setCursor: [(plot) => hover(plot)],
        // after every draw (the first, a zoom), so the positions are those on the canvas
        draw: [(plot) => recordMarkers(card, plot, trials), (plot) => drawHover(plot, overlay, hovered)],
      },
    }),
    [xs, bestCurve, pickCurve],
    box,
  );
  u.over.appendChild(overlay);

  function hover(plot: uPlot): void {
    const { left, top } = plot.cursor;
    let nearest: ReportTrial | null = null;
    let step = 0;
    if (left !== undefined && left >= 0 && top !== undefined && top >= 0) {
      step = plot.posToVal(left, 'x');
      const toX = (s: number): number => plot.valToPos(s, 'x');
      const toY = (v: number): number => plot.valToPos(v, 'y');
      let distance = HOVER_PX;
      for (const trial of trials) {
        const d = pixelDistance(trial, step, left, top, toX, toY);
        if (d < distance) {
          distance = d;
          nearest = trial;
        }
      }
    }
    note.textContent = nearest === null ? 'Point at a line to see its trial.' : describe(nearest, Math.round(step));
    if (nearest === hovered) return;
    hovered = nearest;
    drawHover(plot, overlay, hovered);
  }
}

/**
 * Where the crosses of pruned trials are, in canvas pixels, on the card (`data-pruned`): the page's
 * tests read the canvas there, and a script driving the page can find them.
 */
function recordMarkers(card: HTMLElement, u: uPlot, trials: readonly ReportTrial[]): void {
  const marks = trials.flatMap((t) => {
    const at = t.state === 'pruned' ? stopPoint(t) : null;
    return at === null ? [] : [{ id: t.id, step: at.step, x: Math.round(u.valToPos(at.step, 'x', true)), y: Math.round(u.valToPos(at.value, 'y', true)) }];
  });
  card.setAttribute('data-pruned', JSON.stringify(marks));
}
