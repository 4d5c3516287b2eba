import uPlot from 'uplot';
import { countAxis, logAxis, numberAxis, plotOptions, roomyRange } from './axes.js';
import { COLORS, D, isBest, isBetter, minimize } from './data.js';
import { el, section, svg, widthOf } from './dom.js';
import { shortName, wantsLog } from './format.js';
import { isPick, pickSeries, recordPick } from './model-mark.js';

/** Every finished trial by id, with the best-so-far line; failed trials sit on the worse edge. */
export function renderHistory(): void {
  const card = section('history', 'Best so far', 'Every complete and failed trial by id; the line is the best ' + D.metric + ' up to that trial; failed trials are the red circles on the edge (pruned trials are in the learning curves). The best trial in orange' + (D.noise === null ? '.' : "; the trial the model rates best (the note under the best trial) ringed in violet."));
  const finished = D.trials.filter((t) => t.state === 'complete' || t.state === 'failed');
  const values = finished.flatMap((t) => (t.value === null ? [] : [t.value]));
  if (finished.length === 0 || values.length === 0) {
    // no value to draw an axis for: say so rather than invent one (every trial failed)
    const text = finished.length === 0 ? 'No finished trial yet.' : `No complete trial yet: ${finished.length} failed (see "Failed trials").`;
    card.appendChild(el('p', { class: 'empty', text }));
    return;
  }
  const lo = values.length ? Math.min(...values) : 0;
  const hi = values.length ? Math.max(...values) : 1;
  const edge = minimize ? hi : lo;
  const xs: number[] = [];
  const ys: Array<number | null> = [];
  const best: Array<number | null> = [];
  const failed: Array<number | null> = [];
  // the best trial and, where the note names one, the model's pick: marked as in the other plots
  const marks: Array<Array<number | null>> = [[], []];
  let incumbent: number | null = null;
  finished.forEach((t) => {
    const ok = t.state === 'complete' && t.value !== null;
    if (ok && t.value !== null && isBetter(t.value, incumbent)) incumbent = t.value;
    xs.push(t.id);
    ys.push(ok ? t.value : null);
    best.push(incumbent);
    failed.push(ok ? null : edge);
    marks[0]?.push(ok && isBest(t) ? t.value : null);
    marks[1]?.push(ok && isPick(t) ? t.value : null);
  });
  const pick = finished.find(isPick);
  const box = el('div', { class: 'plot' });
  card.appendChild(box);
  const log = wantsLog(values);
  const noLine = (): null => null;
  new uPlot(
    plotOptions(widthOf(box), 300, {
      // a single trial: a fixed range around it (uPlot widens a lone x to 0..100 whatever range function it is given)
      scales: { x: xs.length === 1 ? { time: false, range: [(xs[0] ?? 0) - 1, (xs[0] ?? 0) + 1] } : { time: false }, y: log ? { distr: 3 } : { range: roomyRange() } },
      axes: [countAxis({ label: 'trial', stroke: COLORS.ink }), (log ? logAxis : numberAxis)({ label: D.metric, stroke: COLORS.ink, size: 60 })],
      series: [
        { label: 'trial' },
        { label: D.metric, stroke: COLORS.accent, paths: noLine, points: { show: true, size: 6, width: 1, stroke: COLORS.accent, fill: 'rgba(59,111,216,0.35)' } },
        { label: 'best so far', stroke: COLORS.ink, width: 2, spanGaps: true, paths: uPlot.paths.stepped?.({ align: 1 }), points: { show: false } },
        { label: 'failed', stroke: COLORS.bad, paths: noLine, points: { show: true, size: 8, width: 2, stroke: COLORS.bad, fill: '#fff' } },
        { label: D.best === null ? 'best' : 'best: trial ' + D.best.id, show: D.best !== null, stroke: COLORS.best, paths: noLine, points: { show: true, size: 9, width: 1, stroke: COLORS.best, fill: COLORS.best } },
        { ...pickSeries(), show: pick !== undefined },
      ],
      hooks: { draw: [(u) => recordPick(card, u, pick?.id ?? null, pick?.value ?? null)] },
    }),
    [xs, ys, best, failed, ...marks],
    box,
  );
}

/** PED-ANOVA shares as horizontal bars, with the reason where a parameter has none. */
export function renderImportance(): void {
  const rows = D.importance;
  const onModel = rows.some((r) => r.basis === 'model' && r.importance !== null);
  const how = onModel
    ? "PED-ANOVA on the Gaussian process's model of the study: how differently the best 10% of the space (by the model's prediction, over 2,048 draws from the space) are spread over a parameter than all draws are, whichever trials the sampler chose to run."
    : 'PED-ANOVA: how differently the best 10% of complete trials are spread over a parameter than all trials are.';
  const card = section('importance', 'Parameter importance', how + ' Shares sum to 1; a conditional parameter is judged only where it was active.');
  if (rows.length === 0) {
    card.appendChild(el('p', { class: 'empty', text: 'No tunable parameter.' }));
    return;
  }
  const width = widthOf(card) - 40;
  const rowH = 26;
  const labelW = 170;
  const valueW = 300;
  const s = svg('svg', { width, height: rows.length * rowH + 6, class: 'bars', role: 'img' });
  const barMax = Math.max(40, width - labelW - valueW);
  rows.forEach((r, i) => {
    const y = i * rowH + 4;
    // a long name keeps its start and end, the whole of it on hover (it ran off the card's left edge)
    const name = svg('text', { x: labelW - 10, y: y + 15, 'text-anchor': 'end', 'font-family': 'ui-monospace, Menlo, monospace', 'font-size': 12, fill: COLORS.ink, text: shortName(r.label) }, s);
    svg('title', { text: r.label }, name);
    svg('rect', { x: labelW, y: y + 3, width: barMax, height: rowH - 10, fill: '#f3f4f6', rx: 3 }, s);
    const share = r.importance === null ? 0 : r.importance;
    svg('rect', { x: labelW, y: y + 3, width: Math.max(1, share * barMax), height: rowH - 10, fill: r.importance === null ? COLORS.muted : COLORS.accent, rx: 3 }, s);
    const text = r.importance === null ? r.note || 'not enough trials' : share.toFixed(3) + (r.active < r.total ? '   active in ' + r.active + '/' + r.total : '');
    svg('text', { x: labelW + barMax + 10, y: y + 15, 'font-size': 12, fill: r.importance === null ? COLORS.muted : COLORS.ink, text }, s);
  });
  card.appendChild(s);
}
