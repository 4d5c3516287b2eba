import type { ReportParam } from '../report-data.js';
import { COLORS, completeTrials, D, isBest, minimize, position } from './data.js';
import { el, section, svg, widthOf } from './dom.js';
import { labelStep, mix, shortName, tickText, wantsLog } from './format.js';
import { layoutNames, measurer } from './parallel-layout.js';
import { isPick, marksLegend, PICK_COLOR, pickLabel } from './model-mark.js';

/** Up to this many trials, the lines keep their full strength. */
const PLAIN_LINES = 300;

/** One vertical axis: where a value sits on it (0 bottom, 1 top) and a few labelled ticks. */
interface ParallelAxis {
  label: string;
  scale: (v: number) => number;
  /** `title`: the whole option where its tick is cut. */
  ticks: Array<{ at: number; text: string; title?: string }>;
}

export function renderParallel(): void {
  const card = section('parallel', 'Parallel coordinates', 'One line per complete trial across every parameter to ' + D.metric + '; darker lines are better trials' + (D.best === null ? '' : ', the best in orange') + (D.noise === null ? '' : ', the one the model rates best in violet') + '. A line passes dashed over a parameter the trial did not have (inactive under its choices).');
  const trials = completeTrials();
  if (trials.length === 0) {
    card.appendChild(el('p', { class: 'empty', text: 'No complete trial yet.' }));
    return;
  }
  const legend = marksLegend();
  if (legend !== null) card.appendChild(legend);
  const values = trials.map((t) => t.value);
  const axes = D.params.map((p) => axisFor(p, trials.map((t) => position(p, t.params[p.label]))));
  axes.push(axisFor({ label: D.metric, kind: 'numeric', log: wantsLog(values), options: [] }, values));
  const width = widthOf(card) - 40;
  const bottom = 26;
  const left = 40;
  // the metric's tick labels sit right of the last axis: room for the widest, or the card's edge cut it (a user audit)
  const tickWidth = measurer(card, 10);
  const right = Math.max(24, ...(axes[axes.length - 1]?.ticks ?? []).map((tick) => tickWidth(tick.text) + 12));
  const step = axes.length > 1 ? (width - left - right) / (axes.length - 1) : 0;
  const names = layoutNames(axes.map((a) => a.label), step, measurer(card, 12, 600));
  const top = names.some((n) => n.row > 0) ? 49 : 34;
  const height = 306 + top;
  const yOf = (axis: ParallelAxis, v: number): number => top + (1 - axis.scale(v)) * (height - top - bottom);
  const s = svg('svg', { width, height, role: 'img', class: 'parallel' });
  // the best and the model's pick drawn last, over the others
  const marked = (t: (typeof trials)[number]): number => (isBest(t) ? 2 : isPick(t) ? 1 : 0);
  const byValue = trials.slice().sort((a, b) => (minimize ? b.value - a.value : a.value - b.value));
  const qualities = new Map(byValue.map((t, i) => [t.id, byValue.length > 1 ? i / (byValue.length - 1) : 1]));
  const ranked = byValue.slice().sort((a, b) => marked(a) - marked(b));
  const lines = svg('g', { fill: 'none', 'stroke-linejoin': 'round' }, s);
  // past a few hundred lines the plain ones merge into one solid band (2,000 trials: a scale audit); they
  // fade as the lines grow many, so the better ones and the best still stand out
  const fade = Math.min(1, Math.sqrt(PLAIN_LINES / Math.max(1, trials.length)));
  ranked.forEach((t) => {
    const quality = qualities.get(t.id) ?? 1;
    const row = D.params.map((p) => position(p, t.params[p.label])).concat([t.value]);
    const points = row.flatMap((v, k) => {
      const axis = axes[k];
      return v === null || axis === undefined ? [] : [{ k, at: (left + k * step).toFixed(1) + ' ' + yOf(axis, v).toFixed(1) }];
    });
    // a line goes on over the axes of parameters the trial did not have, dashed there: lifting the pen
    // left a lone point at the choice that made them inactive (model=gbm drew nothing at model: a user audit)
    let solid = '';
    let bridges = '';
    points.forEach((p, j) => {
      const before = points[j - 1];
      if (before === undefined) solid += 'M' + p.at;
      else if (before.k === p.k - 1) solid += (solid.endsWith(before.at) ? '' : 'M' + before.at) + 'L' + p.at;
      else bridges += 'M' + before.at + 'L' + p.at;
    });
    const best = isBest(t);
    const pick = !best && isPick(t);
    const pen = { stroke: best ? COLORS.best : pick ? PICK_COLOR : mix('#dbe4f5', '#1e3f8f', quality), 'stroke-width': best || pick ? 2.5 : 1, 'stroke-opacity': best || pick ? 1 : +((0.35 + 0.5 * quality) * fade).toFixed(3), 'data-trial': t.id };
    const path = svg('path', { d: solid, ...pen }, lines);
    if (best || pick) svg('title', { text: best ? 'best: trial ' + t.id : pickLabel() + ' (the note under the best trial)' }, path);
    if (bridges !== '') svg('path', { d: bridges, ...pen, 'stroke-dasharray': '4 3', class: 'bridge' }, lines);
  });
  axes.forEach((a, k) => {
    const x = left + k * step;
    svg('line', { x1: x, x2: x, y1: top, y2: height - bottom, stroke: COLORS.ink, 'stroke-width': 1 }, s);
    const n = names[k] ?? { text: a.label, row: 0, anchor: 'middle' };
    // the first and last names run inwards from their axes, so the card's edge cuts neither
    const name = svg('text', { x: k === 0 ? x - 6 : x, y: top - 14 - 15 * n.row, 'text-anchor': n.anchor, 'font-size': 12, 'font-weight': 600, fill: COLORS.ink, class: 'axis-name', text: n.text }, s);
    // ticks run right of their axis up to the next one: where they do not fit (50 axes on a page's width),
    // they ran through each other and the lines ("0.980.980.98": a scale audit); the name's hover gives the axis's range then
    const fits = k === axes.length - 1 || a.ticks.every((tick) => tickWidth(tick.text) + 8 <= step);
    const ends = a.ticks.length > 1 ? ': ' + (a.ticks[0]?.text ?? '') + ' at the foot to ' + (a.ticks[a.ticks.length - 1]?.text ?? '') + ' at the top' : '';
    svg('title', { text: a.label + (fits ? '' : ends) }, name);
    if (!fits) return;
    a.ticks.forEach((tick) => {
      // a white halo keeps a label readable where lines cross it (they ran through the mid-axis ones: a user audit)
      const halo = { stroke: '#fff', 'stroke-width': 3, 'stroke-linejoin': 'round', 'paint-order': 'stroke' };
      const label = svg('text', { x: x + 5, y: yOf(a, tick.at) + 4, 'font-size': 10, fill: '#4b5563', class: 'tick', text: tick.text, ...halo }, s);
      if (tick.title !== undefined) svg('title', { text: tick.title }, label);
    });
  });
  card.appendChild(s);
}

/** Map a parameter's values to [0, 1] (log or by option) and label a few ticks. */
function axisFor(p: Pick<ReportParam, 'label' | 'kind' | 'log' | 'options' | 'bounds'>, values: ReadonlyArray<number | null>): ParallelAxis {
  if (p.kind === 'choice') {
    const n = Math.max(1, p.options.length - 1);
    // a label per 14 px of the axis at most (a choice of 300 options), each cut to 24 characters (10 KB options ran across the plot)
    const every = labelStep(p.options.length, 14, 280);
    const ticks = p.options.flatMap((o, i) => (i % every === 0 ? [{ at: i, text: shortName(o, 24), ...(o.length > 24 ? { title: o } : {}) }] : []));
    return { label: p.label, scale: (v) => (p.options.length === 1 ? 0.5 : v / n), ticks };
  }
  const finite = values.filter((v): v is number => v !== null && isFinite(v) && (!p.log || v > 0));
  const f = p.log ? Math.log : (v: number): number => v;
  let lo = Math.min(...finite.map(f));
  let hi = Math.max(...finite.map(f));
  if (!isFinite(lo)) {
    lo = 0;
    hi = 1;
  }
  if (hi === lo) {
    // one value (a single trial): the declared range, else room around it in its own scale, not ±0.5
    const [low, high] = p.bounds ?? [Number.NaN, Number.NaN];
    const room = Math.abs(lo) * 0.1 || 0.5;
    [lo, hi] = low < high && (!p.log || low > 0) ? [f(low), f(high)] : [lo - room, hi + room];
  }
  const inv = p.log ? Math.exp : (v: number): number => v;
  return {
    label: p.label,
    scale: (v) => (f(v) - lo) / (hi - lo),
    ticks: [0, 0.5, 1].map((q) => {
      const v = inv(lo + q * (hi - lo));
      return { at: v, text: tickText(v, 5) };
    }),
  };
}
