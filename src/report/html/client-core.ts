/**
 * Browser code shared by every view (plain JS kept as text: report/ compiles without DOM types).
 * No backticks or template placeholders inside, so the text embeds as is.
 */
export const CLIENT_CORE = String.raw`
const D = JSON.parse(document.getElementById('report-data').textContent);
const COLORS = { good: '#1a9850', bad: '#d73027', ink: '#1f2937', muted: '#9ca3af', accent: '#3b6fd8', best: '#f59e0b' };
const minimize = D.goal === 'minimize';
const paramsByLabel = {};
D.params.forEach(function (p) { paramsByLabel[p.label] = p; });

function fmt(v) {
  if (v === null || v === undefined) return '–';
  if (typeof v !== 'number') return String(v);
  if (!isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return Number(v.toPrecision(4)).toExponential();
  return String(Number(v.toPrecision(5)));
}

function el(tag, attrs, children) {
  const node = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (k) {
    if (k === 'text') node.textContent = attrs[k];
    else if (k === 'class') node.className = attrs[k];
    else node.setAttribute(k, attrs[k]);
  });
  (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
  return node;
}

function svg(tag, attrs, parent) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  Object.keys(attrs || {}).forEach(function (k) {
    if (k === 'text') node.textContent = attrs[k]; else node.setAttribute(k, attrs[k]);
  });
  if (parent) parent.appendChild(node);
  return node;
}

function widthOf(node) { return Math.max(260, Math.floor(node.getBoundingClientRect().width)); }

function isBetter(a, b) { return b === null || (minimize ? a < b : a > b); }

/** A parameter's position on its axis: the option index for a choice, the number otherwise. */
function position(p, value) {
  if (value === undefined) return null;
  if (p.kind === 'choice') {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    const i = p.options.indexOf(text);
    return i < 0 ? null : i;
  }
  return typeof value === 'number' && isFinite(value) ? value : null;
}

/** Spread points of one option sideways so they do not hide each other (stable per trial). */
function jitter(id) { const f = (id * 0.6180339887) % 1; return (f - 0.5) * 0.5; }

function completeTrials() { return D.trials.filter(function (t) { return t.state === 'complete' && t.value !== null; }); }

/** Values spanning several decades read better on a log axis. */
function wantsLog(values) {
  if (values.length < 2) return false;
  let lo = Infinity, hi = -Infinity;
  values.forEach(function (v) { if (v < lo) lo = v; if (v > hi) hi = v; });
  return lo > 0 && hi / lo > 100;
}

/** Mix two hex colours; t = 0 gives a, 1 gives b. */
function mix(a, b, t) {
  const pa = [1, 3, 5].map(function (i) { return parseInt(a.slice(i, i + 2), 16); });
  const pb = [1, 3, 5].map(function (i) { return parseInt(b.slice(i, i + 2), 16); });
  return 'rgb(' + pa.map(function (x, i) { return Math.round(x + (pb[i] - x) * t); }).join(',') + ')';
}

function section(id, title, hint) {
  const card = el('section', { class: 'card', id: id }, [el('h2', { text: title }), hint ? el('p', { class: 'hint', text: hint }) : null]);
  document.querySelector('main').appendChild(card);
  return card;
}

function panel(parent, title, small) {
  const h = el('h3', {}, [title, small ? el('small', { text: '  ' + small }) : null]);
  const plot = el('div', { class: 'plot' });
  const box = el('div', { class: 'panel' }, [h, plot]);
  parent.appendChild(box);
  return { box: box, plot: plot };
}

/** Ticks at whole decades (or 1-2-5 steps within a short range) instead of uPlot's dense log grid. */
function logSplits(u, axisIdx, min, max) {
  const lo = Math.floor(Math.log10(min)), hi = Math.ceil(Math.log10(max));
  const steps = hi - lo > 2 ? [1] : hi - lo > 1 ? [1, 3] : [1, 2, 5];
  const every = Math.max(1, Math.ceil((hi - lo + 1) / 8));
  const out = [];
  for (let e = lo; e <= hi; e += every) steps.forEach(function (m) { const v = m * Math.pow(10, e); if (v >= min * 0.999 && v <= max * 1.001) out.push(v); });
  return out;
}

/** Axis settings for a log scale: decade ticks, readable labels. */
function logAxis(axis) {
  axis.splits = logSplits;
  axis.values = function (u, splits) { return splits.map(fmt); };
  return axis;
}

function numberAxis(axis) {
  axis.values = function (u, splits) { return splits.map(fmt); };
  return axis;
}

const drawn = [];
function plotOptions(width, height, extra) {
  return Object.assign({ width: width, height: height, legend: { show: true }, cursor: { drag: { x: true, y: false } } }, extra);
}
`;
