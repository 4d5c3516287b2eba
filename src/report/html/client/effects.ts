import uPlot from 'uplot';
import type { ReportParam } from '../report-data.js';
import { logAxis, numberAxis, plotOptions } from './axes.js';
import { COLORS, completeTrials, D, isBest, jitter, position, type ValuedTrial } from './data.js';
import { el, panel, section, widthOf } from './dom.js';
import { labelStep, shortName, wantsLog } from './format.js';
import { isPick, marksLegend, pickSeries, recordPick } from './model-mark.js';

/** Light to dark: early, middle and late thirds of the complete trials. */
const AGE = ['#b9cdf3', '#7096e3', '#1e3f8f'] as const;

interface Point {
  x: number;
  y: number;
  age: number;
  best: boolean;
  pick: boolean;
}

export function renderScatters(): void {
  const card = section('effects', 'Effect of each parameter', 'One point per complete trial, shaded by when it ran (light: early, dark: late); the best trial in orange' + (D.noise === null ? '.' : '; the trial the model rates best ringed in violet.'));
  const legend = marksLegend();
  if (legend !== null) card.appendChild(legend);
  const grid = el('div', { class: 'grid' });
  card.appendChild(grid);
  const trials = completeTrials();
  D.params.forEach((p) => scatter(grid, p, trials));
}

function scatter(grid: HTMLElement, p: ReportParam, trials: readonly ValuedTrial[]): void {
  const points: Point[] = [];
  trials.forEach((t, rank) => {
    const x = position(p, t.params[p.label]);
    if (x === null) return;
    points.push({ x: p.kind === 'choice' ? x + jitter(t.id) : x, y: t.value, age: Math.min(2, Math.floor((3 * rank) / trials.length)), best: isBest(t), pick: isPick(t) });
  });
  const box = panel(grid, p.label, p.condition ? 'when ' + p.condition : p.log ? 'log scale' : '');
  if (points.length === 0) {
    box.plot.appendChild(el('p', { class: 'empty', text: 'No complete trial with this parameter yet.' }));
    return;
  }
  points.sort((a, b) => a.x - b.x);
  const xs = points.map((q) => q.x);
  const byAge = [0, 1, 2].map((age) => points.map((q) => (q.age === age && !q.best ? q.y : null)));
  const best = points.map((q) => (q.best ? q.y : null));
  const pick = points.find((q) => q.pick);
  const picked = points.map((q) => (q.pick ? q.y : null));
  const dot = (label: string, color: string, size: number): uPlot.Series => ({
    label,
    stroke: color,
    paths: () => null,
    points: { show: true, size, width: 1, stroke: color, fill: color },
  });
  const xAxis = p.log ? logAxis({ label: shortName(p.label, 36), stroke: COLORS.ink }) : numberAxis({ label: shortName(p.label, 36), stroke: COLORS.ink });
  const xScale: uPlot.Scale = { time: false };
  if (p.kind === 'choice') {
    // names cut to the room each option has (8 px a character, 8 to 14 of them), and every k-th of
    // many options, so they do not run into each other (10 KB options, a choice of 300)
    const room = widthOf(box.plot) - 90;
    const chars = Math.min(14, Math.max(8, Math.floor((room / p.options.length - 12) / 8)));
    const every = labelStep(p.options.length, chars * 8 + 12, room);
    xAxis.splits = () => p.options.flatMap((_, i) => (i % every === 0 ? [i] : []));
    xAxis.values = (_u, splits) => splits.map((i) => shortName(p.options[i] ?? '', chars));
    xScale.range = () => [-0.5, p.options.length - 0.5];
  } else if (p.log) {
    xScale.distr = 3;
  }
  const yLog = wantsLog(points.map((q) => q.y));
  new uPlot(
    plotOptions(widthOf(box.plot), 230, {
      legend: { show: false },
      scales: { x: xScale, y: yLog ? { distr: 3 } : {} },
      axes: [xAxis, (yLog ? logAxis : numberAxis)({ label: D.metric, stroke: COLORS.ink, size: 56 })],
      series: [{ label: p.label }, dot('early', AGE[0], 5), dot('middle', AGE[1], 5), dot('late', AGE[2], 5), dot('best', COLORS.best, 10), { ...pickSeries(), show: pick !== undefined }],
      hooks: { draw: [(u) => recordPick(box.box, u, pick?.x ?? null, pick?.y ?? null)] },
    }),
    [xs, ...byAge, best, picked],
    box.plot,
  );
}
