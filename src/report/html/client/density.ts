import uPlot from 'uplot';
import type { DensityFrame, DensityTrack } from '../densities.js';
import { logAxis, numberAxis, paramScale, plotOptions } from './axes.js';
import { COLORS, D } from './data.js';
import { choiceDensity, expOrZero, type DensityView } from './density-choice.js';
import { el, leftOutNote, panel, section, widthOf } from './dom.js';
import { drawPick } from './marks.js';
import { fmt } from './format.js';

/** What TPE believed at each step, one plot per parameter, one slider for all. */
export function renderDensities(): void {
  const T = D.densities;
  // a study whose trials TPE never proposes (random, grid, the Gaussian process) has no such panels
  if (D.usesTpe === false) return;
  const card = section(
    'tpe',
    'What TPE believed',
    'For each parameter at the chosen step: l(x), the density of the good trials (green), g(x), of the bad ones (red), and the score log l − log g (black, right axis) that picked the next value (dashed line). Ticks under the plot are the good and bad trials; dots on the score are the candidates drawn from l(x), the amber one the pick (for a joint model, the score of the whole candidate: the axis stretches to show it).' +
      (D.trials.some((t) => t.sampler === 'gp') ? ' Only the trials TPE proposed have steps here; the Gaussian process proposed the others.' : ''),
  );
  if (!T || T.steps.length === 0 || T.tracks.length === 0) {
    card.appendChild(el('p', { class: 'empty', text: 'The optimizer has not modelled the history yet (start-up trials, or not a TPE study).' }));
    return;
  }
  leftOutNote(card, T.tracks.length, T.omitted);
  const range = el('input', { type: 'range', min: 0, max: T.steps.length - 1, step: 1, value: T.steps.length - 1, 'aria-label': 'step' });
  const out = el('output', {});
  card.appendChild(el('div', { class: 'slider' }, [el('span', { text: 'step' }), range, out]));
  const key = (color: string, text: string): HTMLSpanElement => el('span', {}, [el('i', { style: 'background:' + color }), text]);
  card.appendChild(el('div', { class: 'legend' }, [key(COLORS.good, 'l(x) good'), key(COLORS.bad, 'g(x) bad'), key(COLORS.ink, 'log l − log g'), key(COLORS.best, 'picked')]));
  const grid = el('div', { class: 'grid wide' });
  card.appendChild(grid);
  const views = T.tracks.map((track) => (track.kind === 'choice' ? choiceDensity(grid, track) : numericDensity(grid, track)));
  function show(i: number): void {
    const step = T.steps[i];
    if (step === undefined) return;
    out.textContent = (step.ran ? 'trial ' + step.trial + ', proposed' : 'next proposal (trial ' + step.trial + ', not run yet)') + ' after ' + step.finished + ' finished trials';
    views.forEach((v) => v.show(i));
  }
  range.addEventListener('input', () => show(Number(range.value)));
  show(T.steps.length - 1);
}

/** Rug ticks of the good and bad trials, the candidates' scores and the pick, over the curves. */
function drawRug(u: uPlot, frame: DensityFrame): void {
  const ctx = u.ctx;
  const b = u.bbox;
  const dpr = devicePixelRatio || 1;
  const tick = (x: number, y0: number, h: number, color: string): void => {
    const px = u.valToPos(x, 'x', true);
    if (!isFinite(px)) return;
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5 * dpr;
    ctx.beginPath();
    ctx.moveTo(px, y0);
    ctx.lineTo(px, y0 + h);
    ctx.stroke();
  };
  ctx.save();
  frame.bad.forEach((x) => tick(x, b.top + b.height - 7 * dpr, 7 * dpr, 'rgba(215,48,39,0.6)'));
  frame.good.forEach((x) => tick(x, b.top + b.height - 16 * dpr, 8 * dpr, COLORS.good));
  frame.candidates.forEach((c) => {
    const px = u.valToPos(c.x, 'x', true);
    const py = u.valToPos(c.score, 'score', true);
    if (!isFinite(px) || !isFinite(py) || py < b.top || py > b.top + b.height) return;
    ctx.fillStyle = 'rgba(31,41,55,0.55)';
    ctx.beginPath();
    ctx.arc(px, py, 2.5 * dpr, 0, 2 * Math.PI);
    ctx.fill();
  });
  ctx.restore();
  if (frame.chosen !== null) drawPick(u, frame.chosen);
  if (frame.chosen !== null && frame.chosenScore !== null) drawPickedScore(u, frame.chosen, frame.chosenScore);
}

/** The picked candidate on the score axis: the dot the pick line runs through. */
function drawPickedScore(u: uPlot, x: number, score: number): void {
  const ctx = u.ctx;
  const dpr = devicePixelRatio || 1;
  const px = u.valToPos(x, 'x', true);
  const py = u.valToPos(score, 'score', true);
  if (!isFinite(px) || !isFinite(py)) return;
  ctx.save();
  ctx.fillStyle = COLORS.best;
  ctx.strokeStyle = COLORS.ink;
  ctx.lineWidth = 1.5 * dpr;
  ctx.beginPath();
  ctx.arc(px, py, 4.5 * dpr, 0, 2 * Math.PI);
  ctx.fill();
  ctx.stroke();
  ctx.restore();
}

/**
 * The score axis over the curve and the pick's score: a joint model's pick is scored as a whole
 * candidate, often far above this parameter's marginal curve, and was drawn past the axis (a user audit).
 */
function scoreRange(pick: () => number | null): uPlot.Range.Function {
  return (_u, min, max) => {
    const score = pick();
    const known = [min, max, score].filter((v): v is number => v !== null && Number.isFinite(v));
    if (known.length === 0) return [-1, 1];
    return uPlot.rangeNum(Math.min(...known), Math.max(...known), 0.1, true);
  };
}

function numericDensity(grid: HTMLElement, track: DensityTrack): DensityView {
  const box = panel(grid, track.label, track.log ? 'log scale' : '');
  const note = el('div', { class: 'note' });
  box.box.appendChild(note);
  let frame: DensityFrame | null = null;
  const empty = track.x.map(() => null);
  const curve = (label: string, color: string, fill: string, align: -1 | 1): uPlot.Series => {
    const series: uPlot.Series = { label, stroke: color, width: 2, fill, points: { show: false } };
    // a quantized parameter's densities are masses on its values: bars, side by side
    if (track.discrete) Object.assign(series, { paths: uPlot.paths.bars?.({ size: [0.42, 24], align }), fill: color, width: 0 });
    return series;
  };
  const score: uPlot.Series = { label: 'log l − log g', scale: 'score', stroke: COLORS.ink, width: 1.5, points: { show: track.discrete, size: 5, fill: COLORS.ink } };
  if (track.discrete) score.paths = () => null;
  const u = new uPlot(
    plotOptions(widthOf(box.plot), 280, {
      legend: { show: false },
      scales: { x: paramScale(track), y: { range: (_u, _lo, hi) => [0, hi > 0 ? hi * 1.08 : 1] }, score: { range: scoreRange(() => frame?.chosenScore ?? null) } },
      axes: [
        track.log ? logAxis({ stroke: COLORS.ink }) : numberAxis({ stroke: COLORS.ink }),
        numberAxis({ label: track.discrete ? 'probability' : 'density', stroke: COLORS.ink, size: 52 }),
        numberAxis({ scale: 'score', side: 1, label: 'log l \u2212 log g', stroke: COLORS.ink, size: 52, grid: { show: false } }),
      ],
      series: [{ label: track.label }, curve('l(x)', COLORS.good, 'rgba(26,152,80,0.10)', -1), curve('g(x)', COLORS.bad, 'rgba(215,48,39,0.07)', 1), score],
      hooks: { draw: [(plot) => { if (frame) drawRug(plot, frame); }] },
    }),
    [track.x, empty, empty, empty],
    box.plot,
  );
  return {
    show(i) {
      frame = track.frames[i] ?? null;
      if (!frame) {
        note.textContent = 'not modelled at this step (inactive or start-up)';
        u.setData([track.x, empty, empty, empty]);
        return;
      }
      const { logL, logG } = frame;
      const scores = logL.map((v, k) => {
        const w = logG[k];
        return v === null || w === null || w === undefined ? null : v - w;
      });
      u.setData([track.x, logL.map(expOrZero), logG.map(expOrZero), scores]);
      note.textContent =
        frame.good.length + ' good, ' + frame.bad.length + ' bad' + (frame.chosen === null ? '' : ' · picked ' + fmt(frame.chosen)) +
        (frame.model === 'joint' ? " · joint model: curves are this parameter's marginal, dots the joint scores of whole candidates" : '');
    },
  };
}
