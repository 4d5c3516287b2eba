/** Browser code: what TPE believed at each step, one plot per parameter, one slider for all. */
export const CLIENT_DENSITY = String.raw`
function renderDensities() {
  const T = D.densities;
  // a study whose trials TPE never proposes (random, grid, the Gaussian process) has no such panels
  if (D.usesTpe === false) return;
  const card = section('tpe', 'What TPE believed', 'For each parameter at the chosen step: l(x), the density of the good trials (green), g(x), of the bad ones (red), and the score log l − log g (black, right axis) that picked the next value (dashed line). Ticks under the plot are the good and bad trials; dots on the score are the candidates drawn from l(x).' +
    (D.trials.some(function (t) { return t.sampler === 'gp'; }) ? ' Only the trials TPE proposed have steps here; the Gaussian process proposed the others.' : ''));
  if (!T || T.steps.length === 0 || T.tracks.length === 0) {
    card.appendChild(el('p', { class: 'empty', text: 'The optimizer has not modelled the history yet (start-up trials, or not a TPE study).' }));
    return;
  }
  const range = el('input', { type: 'range', min: 0, max: T.steps.length - 1, step: 1, value: T.steps.length - 1, 'aria-label': 'step' });
  const out = el('output', {});
  card.appendChild(el('div', { class: 'slider' }, [el('span', { text: 'step' }), range, out]));
  card.appendChild(el('div', { class: 'legend' }, [
    el('span', {}, [el('i', { style: 'background:' + COLORS.good }), 'l(x) good']),
    el('span', {}, [el('i', { style: 'background:' + COLORS.bad }), 'g(x) bad']),
    el('span', {}, [el('i', { style: 'background:' + COLORS.ink }), 'log l − log g']),
    el('span', {}, [el('i', { style: 'background:' + COLORS.best }), 'picked']),
  ]));
  const grid = el('div', { class: 'grid wide' });
  card.appendChild(grid);
  const views = T.tracks.map(function (track) { return track.kind === 'choice' ? choiceDensity(grid, track) : numericDensity(grid, track); });
  function show(i) {
    const step = T.steps[i];
    out.textContent = (step.ran ? 'trial ' + step.trial + ', proposed' : 'next proposal (trial ' + step.trial + ', not run yet)') + ' after ' + step.finished + ' finished trials';
    views.forEach(function (v) { v.show(i); });
  }
  range.addEventListener('input', function () { show(Number(range.value)); });
  show(T.steps.length - 1);
}

function expOrZero(v) { return v === null ? 0 : Math.exp(v); }

function numericDensity(grid, track) {
  const box = panel(grid, track.label, track.log ? 'log scale' : '');
  const note = el('div', { class: 'note' });
  box.box.appendChild(note);
  let frame = null;
  const empty = track.x.map(function () { return null; });
  const rug = function (u) {
    if (!frame) return;
    const ctx = u.ctx, b = u.bbox, dpr = devicePixelRatio || 1;
    const tick = function (x, y0, h, color) {
      const px = u.valToPos(x, 'x', true);
      if (!isFinite(px)) return;
      ctx.strokeStyle = color; ctx.lineWidth = 1.5 * dpr;
      ctx.beginPath(); ctx.moveTo(px, y0); ctx.lineTo(px, y0 + h); ctx.stroke();
    };
    ctx.save();
    frame.bad.forEach(function (x) { tick(x, b.top + b.height - 7 * dpr, 7 * dpr, 'rgba(215,48,39,0.6)'); });
    frame.good.forEach(function (x) { tick(x, b.top + b.height - 16 * dpr, 8 * dpr, COLORS.good); });
    frame.candidates.forEach(function (c) {
      const px = u.valToPos(c.x, 'x', true), py = u.valToPos(c.score, 'score', true);
      if (!isFinite(px) || !isFinite(py) || py < b.top || py > b.top + b.height) return;
      ctx.fillStyle = 'rgba(31,41,55,0.55)';
      ctx.beginPath(); ctx.arc(px, py, 2.5 * dpr, 0, 2 * Math.PI); ctx.fill();
    });
    if (frame.chosen !== null) {
      const px = u.valToPos(frame.chosen, 'x', true);
      ctx.strokeStyle = COLORS.best; ctx.lineWidth = 2 * dpr; ctx.setLineDash([5 * dpr, 4 * dpr]);
      ctx.beginPath(); ctx.moveTo(px, b.top); ctx.lineTo(px, b.top + b.height); ctx.stroke();
    }
    ctx.restore();
  };
  const step = track.discrete && track.x.length > 1 ? track.x[1] - track.x[0] : 0;
  const xScale = track.log ? { time: false, distr: 3 } : { time: false };
  if (track.discrete && !track.log) xScale.range = function () { return [track.x[0] - step / 2, track.x[track.x.length - 1] + step / 2]; };
  const curve = function (label, color, fill, align) {
    const series = { label: label, stroke: color, width: 2, fill: fill, points: { show: false } };
    // a quantized parameter's densities are masses on its values: bars, side by side
    if (track.discrete) { series.paths = uPlot.paths.bars({ size: [0.42, 24], align: align }); series.fill = color; series.width = 0; }
    return series;
  };
  const u = new uPlot(plotOptions(widthOf(box.plot), 280, {
    legend: { show: false },
    scales: { x: xScale, y: { range: function (u, lo, hi) { return [0, hi > 0 ? hi * 1.08 : 1]; } } },
    axes: [
      track.log ? logAxis({ stroke: COLORS.ink }) : numberAxis({ stroke: COLORS.ink }),
      numberAxis({ label: track.discrete ? 'probability' : 'density', stroke: COLORS.ink, size: 52 }),
      { scale: 'score', side: 1, label: 'log l − log g', stroke: COLORS.ink, size: 52, grid: { show: false } },
    ],
    series: [
      { label: track.label },
      curve('l(x)', COLORS.good, 'rgba(26,152,80,0.10)', -1),
      curve('g(x)', COLORS.bad, 'rgba(215,48,39,0.07)', 1),
      Object.assign({ label: 'log l − log g', scale: 'score', stroke: COLORS.ink, width: 1.5, points: { show: track.discrete, size: 5, fill: COLORS.ink } }, track.discrete ? { paths: function () { return null; } } : {}),
    ],
    hooks: { draw: [rug] },
  }), [track.x, empty, empty, empty], box.plot);
  drawn.push(u);
  return {
    show: function (i) {
      frame = track.frames[i];
      if (!frame) {
        note.textContent = 'not modelled at this step (inactive or start-up)';
        u.setData([track.x, empty, empty, empty]);
        return;
      }
      const l = frame.logL.map(expOrZero), g = frame.logG.map(expOrZero);
      const score = frame.logL.map(function (v, k) { const w = frame.logG[k]; return v === null || w === null ? null : v - w; });
      u.setData([track.x, l, g, score]);
      note.textContent = frame.good.length + ' good, ' + frame.bad.length + ' bad' + (frame.chosen === null ? '' : ' · picked ' + fmt(frame.chosen)) + (frame.model === 'joint' ? ' · joint model: curves are this parameter\'s marginal, dots the joint scores of whole candidates' : '');
    },
  };
}

function choiceDensity(grid, track) {
  const box = panel(grid, track.label, 'choice');
  const note = el('div', { class: 'note' });
  box.box.appendChild(note);
  const width = widthOf(box.plot), rowH = 44, labelW = 110, scoreW = 70;
  const s = svg('svg', { width: width, height: track.options.length * rowH + 8, role: 'img' });
  box.plot.appendChild(s);
  return {
    show: function (i) {
      const frame = track.frames[i];
      while (s.firstChild) s.removeChild(s.firstChild);
      if (!frame) { note.textContent = 'not modelled at this step (inactive or start-up)'; return; }
      const l = frame.logL.map(expOrZero), g = frame.logG.map(expOrZero);
      const max = Math.max.apply(null, l.concat(g, [1e-12]));
      const barW = width - labelW - scoreW - 10;
      track.options.forEach(function (name, k) {
        const y = k * rowH + 6, picked = frame.chosen === k;
        svg('text', { x: labelW - 8, y: y + 20, 'text-anchor': 'end', 'font-size': 12, 'font-weight': picked ? 700 : 400, fill: COLORS.ink, text: name }, s);
        svg('rect', { x: labelW, y: y, width: Math.max(1, (l[k] / max) * barW), height: 14, fill: COLORS.good, rx: 2 }, s);
        svg('rect', { x: labelW, y: y + 17, width: Math.max(1, (g[k] / max) * barW), height: 14, fill: COLORS.bad, 'fill-opacity': 0.8, rx: 2 }, s);
        const sc = frame.logL[k] === null || frame.logG[k] === null ? null : frame.logL[k] - frame.logG[k];
        svg('text', { x: width - scoreW + 4, y: y + 20, 'font-size': 12, fill: picked ? COLORS.best : COLORS.ink, 'font-weight': picked ? 700 : 400, text: (sc === null ? '–' : (sc >= 0 ? '+' : '') + sc.toFixed(2)) + (picked ? ' ◀' : '') }, s);
      });
      const count = function (xs) { return track.options.map(function (o, k) { return o + '×' + xs.filter(function (x) { return x === k; }).length; }).join(' '); };
      note.textContent = 'good ' + count(frame.good) + ' · bad ' + count(frame.bad);
    },
  };
}
`;
