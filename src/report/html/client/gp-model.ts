import uPlot from 'uplot';
import type { GpFrame, GpTrack } from '../gp-timeline.js';
import { logAxis, numberAxis, paramScale, plotOptions } from './axes.js';
import { COLORS, D } from './data.js';
import { el, leftOutNote, panel, section, widthOf } from './dom.js';
import { drawLevel, drawPick } from './marks.js';
import { fmt, shortName, wantsLog } from './format.js';
import { LOG_EI_DEPTH, logEiFloor } from '../../log-ei-floor.js';

interface GpView {
  show(i: number): void;
}

const MOVES = { improvement: 'the highest expected improvement', nearby: 'a refinement next to the best trial (a narrow basin, or a fit blurred by pruned trials)', 'unused-draw': 'a random point (every candidate repeated a trial)', explore: 'where the model knows least (it expects no improvement anywhere)' } as const;

/** What the Gaussian process believed at the trials it proposed: one plot per parameter, one slider for all. */
export function renderGpModels(): void {
  const T = D.gp;
  if (T.steps.length === 0) return;
  const card = section(
    'gp',
    'What the Gaussian process believed',
    "For each parameter at the chosen step, the others held at that proposal's values: the GP's mean of " + D.metric +
      ' (blue) with the band where the function lies with 95 % probability, the best result so far (amber line), what it expects where no trial has been (dotted: far from every trial the mean returns to it), and the log expected improvement (black, right axis, down to ' + LOG_EI_DEPTH + ' below its peak: lower values are drawn at the foot of the axis). The dashed line is the value picked: at the highest point of that curve, or, where the step above says otherwise, by another move the curve does not show (a refinement next to the best trial; where the model knows least, once it expects no improvement anywhere; a random point). Ticks under the plot are the complete trials, the best five taller.',
  );
  leftOutNote(card, T.tracks.length, T.omitted);
  const range = el('input', { type: 'range', min: 0, max: T.steps.length - 1, step: 1, value: T.steps.length - 1, 'aria-label': 'step' });
  const out = el('output', {});
  card.appendChild(el('div', { class: 'slider' }, [el('span', { text: 'step' }), range, out]));
  const grid = el('div', { class: 'grid wide' });
  card.appendChild(grid);
  const views = T.tracks.map((track) => (track.kind === 'choice' ? choiceModel(grid, track) : numericModel(grid, track)));
  function show(i: number): void {
    const step = T.steps[i];
    if (step === undefined) return;
    out.textContent =
      (step.ran ? 'trial ' + step.trial + ', proposed' : 'next proposal (trial ' + step.trial + ', not run yet)') + ' after ' + step.finished + ' finished trials: ' +
      MOVES[step.move] + (step.warp === 'log' ? ' · results modelled in log space' : '') + ' · noise ' + (100 * step.noiseShare).toPrecision(2) + ' % of the variance' +
      (step.unseen === null ? '' : ' · where no trial has been it expects ' + fmt(step.unseen) + ' (dotted)') +
      (step.leftOut.length === 0 ? '' : ' · left out of the fit as runs that blew up: ' + trialList(step.leftOut)) +
      (step.byChance.length === 0 ? '' : ' · failed by chance, as it looks (a noise of their own in the fit): ' + trialList(step.byChance));
    views.forEach((v) => v.show(i));
  }
  range.addEventListener('input', () => show(Number(range.value)));
  show(T.steps.length - 1);
}

/** "trial 4" or "trials 4, 9". */
function trialList(ids: readonly number[]): string {
  return 'trial' + (ids.length === 1 ? ' ' : 's ') + ids.join(', ');
}

function numericModel(grid: HTMLElement, track: GpTrack): GpView {
  const box = panel(grid, track.label, track.log ? 'log scale' : '');
  const note = el('div', { class: 'note' });
  box.box.appendChild(note);
  let frame: GpFrame | null = null;
  let cut: ReturnType<typeof logEiFloor> = null;
  let incumbent: number | null = null;
  let unseen: number | null = null;
  const empty = track.x.map(() => null);
  const positive = D.trials.every((t) => t.value === null || t.value > 0);
  const logY = positive && wantsLog(D.trials.flatMap((t) => (t.value === null ? [] : [t.value])));
  const u = new uPlot(
    plotOptions(widthOf(box.plot), 280, {
      legend: { show: false },
      scales: { x: paramScale(track), y: logY ? { distr: 3 } : {}, ei: { range: eiRange(() => cut) } },
      axes: [
        track.log ? logAxis({ stroke: COLORS.ink }) : numberAxis({ stroke: COLORS.ink }),
        (logY ? logAxis : numberAxis)({ label: D.metric, stroke: COLORS.ink, size: 60 }),
        numberAxis({ scale: 'ei', side: 1, label: 'log EI', stroke: COLORS.ink, size: 52, grid: { show: false } }),
      ],
      series: [
        { label: track.label },
        { label: 'upper', stroke: 'rgba(59,111,216,0.25)', width: 1, points: { show: false } },
        { label: 'lower', stroke: 'rgba(59,111,216,0.25)', width: 1, points: { show: false } },
        { label: 'mean', stroke: COLORS.accent, width: 2, points: { show: false } },
        { label: 'log EI', scale: 'ei', stroke: COLORS.ink, width: 1.5, points: { show: false } },
      ],
      bands: [{ series: [1, 2], fill: 'rgba(59,111,216,0.12)' }],
      hooks: { draw: [(plot) => { if (frame) drawMarks(plot, frame, incumbent, unseen); }] },
    }),
    [track.x, empty, empty, empty, empty],
    box.plot,
  );
  return {
    show(i) {
      frame = track.frames[i] ?? null;
      cut = frame === null ? null : logEiFloor(frame.logEi);
      incumbent = D.gp.steps[i]?.incumbent ?? null;
      unseen = D.gp.steps[i]?.unseen ?? null;
      if (!frame) {
        note.textContent = 'not modelled at this step';
        u.setData([track.x, empty, empty, empty, empty]);
        return;
      }
      // a log axis cannot show a band's end at or below zero: it is cut at the axis
      const floor = (v: number | null): number | null => (logY && v !== null && v <= 0 ? null : v);
      const eiFloor = cut?.floor ?? -Infinity;
      u.setData([track.x, frame.upper, frame.lower.map(floor), frame.mean.map(floor), frame.logEi.map((v) => (v === null ? null : Math.max(v, eiFloor)))]);
      note.textContent =
        'length scale ' + fmt(frame.length) + ' of its range' + (frame.chosen === null ? '' : ' · picked ' + fmt(frame.chosen)) + ' · ' + frame.trials.length + ' complete trials' +
        (cut?.clipped === true ? ' · log EI below ' + cut.floor.toFixed(1) + ' drawn at the foot of the axis' : '');
    },
  };
}

/**
 * The log EI axis from its cut (LOG_EI_DEPTH below the peak) to the peak: far from every trial log EI
 * falls without end, and an axis down to -80,000 drew the part that decides the pick as a flat line (a user audit).
 */
function eiRange(current: () => ReturnType<typeof logEiFloor>): uPlot.Range.Function {
  return (_u, min, max) => {
    const cut = current();
    if (cut === null) return min !== null && max !== null && Number.isFinite(min) && Number.isFinite(max) ? uPlot.rangeNum(min, max, 0.1, true) : [-1, 0];
    const room = (cut.peak - cut.floor) * 0.05 || 0.5;
    return [cut.floor - room, cut.peak + room];
  };
}

/** The trials as ticks on the x axis (the best five taller), the best result as a line, the prior mean dotted, the pick dashed. */
function drawMarks(u: uPlot, frame: GpFrame, incumbent: number | null, unseen: number | null): void {
  const ctx = u.ctx;
  const b = u.bbox;
  const dpr = devicePixelRatio || 1;
  ctx.save();
  frame.trials.forEach((x, k) => {
    const px = u.valToPos(x, 'x', true);
    if (!isFinite(px)) return;
    const h = (k < 5 ? 14 : 7) * dpr;
    ctx.strokeStyle = k < 5 ? COLORS.good : 'rgba(31,41,55,0.5)';
    ctx.lineWidth = 1.5 * dpr;
    ctx.beginPath();
    ctx.moveTo(px, b.top + b.height - h);
    ctx.lineTo(px, b.top + b.height);
    ctx.stroke();
  });
  if (incumbent !== null) drawLevel(u, incumbent, COLORS.best, []);
  // what the model expects far from every trial: the mean curve returns to it between trials
  if (unseen !== null) drawLevel(u, unseen, 'rgba(31,41,55,0.6)', [2, 3]);
  ctx.restore();
  if (frame.chosen !== null) drawPick(u, frame.chosen);
}

/** A choice: one row per option with the mean, the band, log EI and the trials that took it; the pick marked. */
function choiceModel(grid: HTMLElement, track: GpTrack): GpView {
  const box = panel(grid, track.label, 'choice');
  const table = el('table', { class: 'gp-choice' });
  box.plot.appendChild(table);
  return {
    show(i) {
      const frame = track.frames[i] ?? null;
      while (table.firstChild) table.removeChild(table.firstChild);
      table.appendChild(el('tr', {}, ['option', 'mean', '95 % band', 'log EI', 'trials'].map((h) => el('th', { text: h }))));
      if (!frame) return;
      track.options.forEach((name, k) => {
        const picked = frame.chosen === k;
        const cells = [shortName(name, 32) + (picked ? ' ◀' : ''), fmt(frame.mean[k]), fmt(frame.lower[k]) + ' – ' + fmt(frame.upper[k]), fmt(frame.logEi[k]), String(frame.trials.filter((x) => x === k).length)];
        // a long option cut, whole on hover
        table.appendChild(el('tr', picked ? { class: 'picked' } : {}, cells.map((c, j) => el('td', j === 0 && name.length > 32 ? { text: c, title: name } : { text: c }))));
      });
    },
  };
}
