/** Browser code: the header, best-so-far curve and importance bars. */
export const CLIENT_HISTORY = String.raw`
function renderHeader() {
  const c = D.counts;
  const finished = c.complete + c.failed;
  const main = document.querySelector('main');
  const chips = el('div', { class: 'chips' }, [
    chip('finished', finished + ' / ' + D.target, ''),
    chip('complete', c.complete, ''),
    chip('failed', c.failed, c.failed > 0 ? 'failed' : ''),
    chip('running', c.running, c.running > 0 ? 'running' : ''),
    chip('interrupted', c.interrupted, ''),
  ]);
  const live = c.running > 0 ? el('span', { class: 'live', text: ' · still running: a snapshot' }) : null;
  main.appendChild(el('header', {}, [
    el('h1', {}, [el('span', { class: 'tool', text: 'hypertune · ' }), D.study]),
    el('p', { class: 'sub' }, [D.goal + ' ' + D.metric + ' · report made ' + D.generatedAt.replace('T', ' ').slice(0, 19) + ' UTC', live]),
    chips,
  ]));
  const card = section('best', 'Best trial', null);
  if (D.best === null) { card.appendChild(el('p', { class: 'empty', text: 'No complete trial yet.' })); return; }
  const trial = D.trials.find(function (t) { return t.id === D.best.id; });
  const kv = el('div', { class: 'kv' }, Object.keys(trial.params).map(function (k) {
    return el('span', {}, [el('i', { text: k + '=' }), fmt(trial.params[k])]);
  }));
  card.appendChild(el('div', { class: 'best' }, [
    el('div', { class: 'value', text: fmt(D.best.value) }),
    el('div', {}, [el('div', { text: D.metric + ' of trial ' + D.best.id }), kv]),
  ]));
}

function chip(name, value, cls) {
  return el('span', { class: 'chip ' + cls }, [name + ' ', el('b', { text: String(value) })]);
}

function renderHistory() {
  const card = section('history', 'Best so far', 'Every finished trial by id; the line is the best ' + D.metric + ' up to that trial; failed trials are the red circles on the edge.');
  const finished = D.trials.filter(function (t) { return t.state === 'complete' || t.state === 'failed'; });
  const values = finished.filter(function (t) { return t.value !== null; }).map(function (t) { return t.value; });
  if (finished.length === 0) { card.appendChild(el('p', { class: 'empty', text: 'No finished trial yet.' })); return; }
  const lo = values.length ? Math.min.apply(null, values) : 0;
  const hi = values.length ? Math.max.apply(null, values) : 1;
  const edge = minimize ? hi : lo;
  const xs = [], ys = [], best = [], failed = [];
  let incumbent = null;
  finished.forEach(function (t) {
    const ok = t.state === 'complete' && t.value !== null;
    if (ok && isBetter(t.value, incumbent)) incumbent = t.value;
    xs.push(t.id); ys.push(ok ? t.value : null); best.push(incumbent); failed.push(ok ? null : edge);
  });
  const box = el('div', { class: 'plot' });
  card.appendChild(box);
  const log = wantsLog(values);
  const u = new uPlot(plotOptions(widthOf(box), 300, {
    scales: { x: { time: false }, y: log ? { distr: 3 } : {} },
    axes: [{ label: 'trial', stroke: COLORS.ink }, (log ? logAxis : numberAxis)({ label: D.metric, stroke: COLORS.ink, size: 60 })],
    series: [
      { label: 'trial' },
      { label: D.metric, stroke: COLORS.accent, paths: function () { return null; }, points: { show: true, size: 6, width: 1, stroke: COLORS.accent, fill: 'rgba(59,111,216,0.35)' } },
      { label: 'best so far', stroke: COLORS.ink, width: 2, spanGaps: true, paths: uPlot.paths.stepped({ align: 1 }), points: { show: false } },
      { label: 'failed', stroke: COLORS.bad, paths: function () { return null; }, points: { show: true, size: 8, width: 2, stroke: COLORS.bad, fill: '#fff' } },
    ],
  }), [xs, ys, best, failed], box);
  drawn.push(u);
}

function renderImportance() {
  const card = section('importance', 'Parameter importance', 'PED-ANOVA: how differently the best 10% of complete trials are spread over a parameter than all trials are. Shares sum to 1; a conditional parameter is judged only on trials where it was active.');
  const rows = D.importance;
  if (rows.length === 0) { card.appendChild(el('p', { class: 'empty', text: 'No tunable parameter.' })); return; }
  const width = widthOf(card) - 40, rowH = 26, labelW = 170, valueW = 300;
  const s = svg('svg', { width: width, height: rows.length * rowH + 6, class: 'bars', role: 'img' });
  const barMax = Math.max(40, width - labelW - valueW);
  rows.forEach(function (r, i) {
    const y = i * rowH + 4;
    svg('text', { x: labelW - 10, y: y + 15, 'text-anchor': 'end', 'font-family': 'ui-monospace, Menlo, monospace', 'font-size': 12, fill: COLORS.ink, text: r.label }, s);
    svg('rect', { x: labelW, y: y + 3, width: barMax, height: rowH - 10, fill: '#f3f4f6', rx: 3 }, s);
    const share = r.importance === null ? 0 : r.importance;
    svg('rect', { x: labelW, y: y + 3, width: Math.max(1, share * barMax), height: rowH - 10, fill: r.importance === null ? COLORS.muted : COLORS.accent, rx: 3 }, s);
    const text = r.importance === null ? (r.note || 'not enough trials') : share.toFixed(3) + (r.active < r.total ? '   active in ' + r.active + '/' + r.total : '');
    svg('text', { x: labelW + barMax + 10, y: y + 15, 'font-size': 12, fill: r.importance === null ? COLORS.muted : COLORS.ink, text: text }, s);
  });
  card.appendChild(s);
}
`;
