/** Browser code: one scatter per parameter (value against parameter) and parallel coordinates. */
export const CLIENT_EFFECTS = String.raw`
const AGE = ['#b9cdf3', '#7096e3', '#1e3f8f'];

function renderScatters() {
  const card = section('effects', 'Effect of each parameter', 'One point per complete trial, shaded by when it ran (light: early, dark: late); the best trial in orange.');
  const grid = el('div', { class: 'grid' });
  card.appendChild(grid);
  const trials = completeTrials();
  D.params.forEach(function (p) { scatter(grid, p, trials); });
}

function scatter(grid, p, trials) {
  const points = [];
  trials.forEach(function (t, rank) {
    const x = position(p, t.params[p.label]);
    if (x === null) return;
    points.push({ x: p.kind === 'choice' ? x + jitter(t.id) : x, y: t.value, age: Math.min(2, Math.floor((3 * rank) / trials.length)), best: D.best && t.id === D.best.id });
  });
  const box = panel(grid, p.label, p.condition ? 'when ' + p.condition : (p.log ? 'log scale' : ''));
  if (points.length === 0) { box.plot.appendChild(el('p', { class: 'empty', text: 'No complete trial with this parameter yet.' })); return; }
  points.sort(function (a, b) { return a.x - b.x; });
  const xs = points.map(function (q) { return q.x; });
  const series = [0, 1, 2].map(function (age) { return points.map(function (q) { return q.age === age && !q.best ? q.y : null; }); });
  const best = points.map(function (q) { return q.best ? q.y : null; });
  const dot = function (label, color, size) {
    return { label: label, stroke: color, paths: function () { return null; }, points: { show: true, size: size, width: 1, stroke: color, fill: color } };
  };
  const xAxis = p.log ? logAxis({ label: p.label, stroke: COLORS.ink }) : numberAxis({ label: p.label, stroke: COLORS.ink });
  const xScale = { time: false };
  if (p.kind === 'choice') {
    xAxis.splits = function () { return p.options.map(function (_, i) { return i; }); };
    xAxis.values = function (u, splits) { return splits.map(function (i) { return p.options[i] === undefined ? '' : p.options[i]; }); };
    xScale.range = function () { return [-0.5, p.options.length - 0.5]; };
  } else if (p.log) {
    xScale.distr = 3;
  }
  const yLog = wantsLog(points.map(function (q) { return q.y; }));
  const u = new uPlot(plotOptions(widthOf(box.plot), 230, {
    legend: { show: false },
    scales: { x: xScale, y: yLog ? { distr: 3 } : {} },
    axes: [xAxis, (yLog ? logAxis : numberAxis)({ label: D.metric, stroke: COLORS.ink, size: 56 })],
    series: [{ label: p.label }, dot('early', AGE[0], 5), dot('middle', AGE[1], 5), dot('late', AGE[2], 5), dot('best', COLORS.best, 10)],
  }), [xs].concat(series, [best]), box.plot);
  drawn.push(u);
}

function renderParallel() {
  const card = section('parallel', 'Parallel coordinates', 'One line per complete trial across every parameter to ' + D.metric + '; darker lines are better trials. A line skips a parameter that was not active.');
  const trials = completeTrials();
  if (trials.length === 0) { card.appendChild(el('p', { class: 'empty', text: 'No complete trial yet.' })); return; }
  const axes = D.params.map(function (p) { return axisFor(p, trials.map(function (t) { return position(p, t.params[p.label]); })); });
  axes.push(axisFor({ label: D.metric, kind: 'numeric', log: wantsLog(trials.map(function (t) { return t.value; })) }, trials.map(function (t) { return t.value; })));
  const width = widthOf(card) - 40, height = 340, top = 34, bottom = 26, left = 40, right = 60;
  const step = axes.length > 1 ? (width - left - right) / (axes.length - 1) : 0;
  const s = svg('svg', { width: width, height: height, role: 'img', class: 'parallel' });
  const ranked = trials.slice().sort(function (a, b) { return minimize ? b.value - a.value : a.value - b.value; });
  const lines = svg('g', { fill: 'none', 'stroke-linejoin': 'round' }, s);
  ranked.forEach(function (t, i) {
    const quality = ranked.length > 1 ? i / (ranked.length - 1) : 1;
    const values = D.params.map(function (p) { return position(p, t.params[p.label]); }).concat([t.value]);
    let d = '', pen = false;
    values.forEach(function (v, k) {
      if (v === null) { pen = false; return; }
      const y = top + (1 - axes[k].scale(v)) * (height - top - bottom);
      d += (pen ? 'L' : 'M') + (left + k * step).toFixed(1) + ' ' + y.toFixed(1);
      pen = true;
    });
    const isBest = D.best && t.id === D.best.id;
    svg('path', { d: d, stroke: isBest ? COLORS.best : mix('#dbe4f5', '#1e3f8f', quality), 'stroke-width': isBest ? 2.5 : 1, 'stroke-opacity': isBest ? 1 : 0.35 + 0.5 * quality }, lines);
  });
  axes.forEach(function (a, k) {
    const x = left + k * step;
    svg('line', { x1: x, x2: x, y1: top, y2: height - bottom, stroke: COLORS.ink, 'stroke-width': 1 }, s);
    svg('text', { x: x, y: top - 14, 'text-anchor': 'middle', 'font-size': 12, 'font-weight': 600, fill: COLORS.ink, text: a.label }, s);
    a.ticks.forEach(function (tick) {
      const y = top + (1 - a.scale(tick.at)) * (height - top - bottom);
      svg('text', { x: x + 5, y: y + 4, 'font-size': 10, fill: '#4b5563', text: tick.text }, s);
    });
  });
  card.appendChild(s);
}

/** Map a parameter's values to [0, 1] (log or by option) and label a few ticks. */
function axisFor(p, values) {
  if (p.kind === 'choice') {
    const n = Math.max(1, p.options.length - 1);
    return { label: p.label, scale: function (v) { return p.options.length === 1 ? 0.5 : v / n; }, ticks: p.options.map(function (o, i) { return { at: i, text: o }; }) };
  }
  const finite = values.filter(function (v) { return v !== null && isFinite(v) && (!p.log || v > 0); });
  const f = p.log ? Math.log : function (v) { return v; };
  let lo = Math.min.apply(null, finite.map(f)), hi = Math.max.apply(null, finite.map(f));
  if (!isFinite(lo)) { lo = 0; hi = 1; }
  if (hi === lo) { lo -= 0.5; hi += 0.5; }
  const inv = p.log ? Math.exp : function (v) { return v; };
  return {
    label: p.label,
    scale: function (v) { return (f(v) - lo) / (hi - lo); },
    ticks: [0, 0.5, 1].map(function (q) { const v = inv(lo + q * (hi - lo)); return { at: v, text: fmt(v) }; }),
  };
}
`;
