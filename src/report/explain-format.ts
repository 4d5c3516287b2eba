import type { ParamValue } from '../space/types.js';
import type { ExplainPoint, ExplainResult } from './explain.js';
import { axis, columnOf, gutter, valueText } from './explain-axis.js';
import { gpExplainLines } from './explain-gp-format.js';
import { formatValue } from './format.js';
import { bar } from './importance-format.js';
import { paint } from './paint.js';
import { idRanges } from './summary-table.js';

const EIGHTHS = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;
const AREA_ROWS = 4;
const SCORE_ROWS = 5;

/**
 * The terminal picture of one parameter at one proposal: l(x) and g(x) as filled curves, the score
 * log l − log g as a line, the good and bad trials and the candidates under it, the pick marked ▲.
 * A choice gets one pair of bars per option.
 */
export function formatExplain(result: ExplainResult, color: boolean): string {
  const lines = [headline(result)];
  if (result.sampler === 'gp') return [...lines, ...(result.gp === null ? gpLines(result) : gpExplainLines(result, result.gp, color)), ''].join('\n');
  if (result.note !== null) return [...lines, result.note, ''].join('\n');
  lines.push(
    `${result.good.length} good, ${result.bad.length} bad, ${result.candidates.length} candidates drawn from l(x); picked ` +
      `${paint(valueText(result.chosen?.value), 'bold', color)} (${result.model === 'joint' ? 'joint score' : 'score'} ${signed(result.chosen?.score ?? null)})` +
      (result.ran && result.actual !== null ? `; trial ${result.trial} ran with ${valueText(result.actual)}` : ''),
    '',
  );
  lines.push(...(result.kind === 'choice' ? choiceBars(result, color) : numericPlot(result, color)));
  return `${lines.join('\n')}\n`;
}

function headline(result: ExplainResult): string {
  const which = result.ran ? `trial ${result.trial}` : `the next proposal (trial ${result.trial})`;
  const model = result.model === null ? '' : result.model === 'joint' ? '; joint TPE model, this parameter\'s marginal shown' : '; TPE, one model per parameter';
  // a TPE model's line says TPE already
  const by = result.sampler === null || result.model !== null ? '' : `; ${result.ran ? 'proposed' : 'to be proposed'} by ${SAMPLER_NAMES[result.sampler]}`;
  return `${result.label} at ${which}, after ${result.finished} finished trials${by}${model}${result.logScale ? '; log scale' : ''}`;
}

const SAMPLER_NAMES: Record<NonNullable<ExplainResult['sampler']>, string> = {
  startup: 'the start-up sampler',
  gp: 'the Gaussian process',
  tpe: 'TPE',
  random: 'random search',
  grid: 'grid search',
  added: 'hypertune add (a result recorded, not run)',
  enqueued: 'hypertune enqueue (a configuration given by hand)',
};

/** A GP proposal: no l(x)/g(x) to draw; say so, and show what the trial got and where the best trials are. */
function gpLines(result: ExplainResult): string[] {
  const lines = [`${result.note ?? ''}.`];
  if (result.ran) lines.push(`Trial ${result.trial} ran with ${result.label} = ${result.actual === null ? 'nothing (inactive)' : valueText(result.actual)}.`);
  else if (result.proposed !== null) lines.push(`The Gaussian process proposes ${result.label} = ${valueText(result.proposed)}.`);
  if (result.best.length > 0) {
    const shown = result.best.map((b) => `${valueText(b.value)} (trial ${b.trial}: ${formatValue(b.result)})`);
    lines.push(`${result.label} in the best complete trials before it: ${shown.join(', ')}`);
  }
  const last = result.tpeTrials.at(-1);
  if (last !== undefined) lines.push(`TPE proposed trials ${idRanges(result.tpeTrials)}; its model shows with: hypertune explain ${result.label} --at ${last}`);
  return lines;
}

function numericPlot(result: ExplainResult, color: boolean): string[] {
  const l = result.curve.map((p) => (p.logL === null ? 0 : Math.exp(p.logL)));
  const g = result.curve.map((p) => (p.logG === null ? 0 : Math.exp(p.logG)));
  const top = Math.max(...l, ...g, Number.MIN_VALUE);
  const out: string[] = [];
  out.push(...area(l, top, AREA_ROWS).map((row, i) => gutter(i === 0 ? 'l(x) good' : '') + paint(row, 'green', color) + (i === 0 ? `  max ${formatValue(Math.max(...l))}` : '')));
  out.push(...area(g, top, AREA_ROWS).map((row, i) => gutter(i === 0 ? 'g(x) bad' : '') + paint(row, 'red', color) + (i === 0 ? `  max ${formatValue(Math.max(...g))}` : '')));
  out.push(...scoreLine(result.curve));
  const column = columnOf(result.curve.map((p) => p.value), result.logScale);
  out.push(gutter('good') + paint(rug(result.good.map(column), result.curve.length, '|'), 'green', color));
  out.push(gutter('bad') + paint(rug(result.bad.map(column), result.curve.length, '|'), 'red', color));
  const picks = rug(result.candidates.map((c) => column(c.value)), result.curve.length, '·').split('');
  const chosen = result.chosen === null ? -1 : column(result.chosen.value);
  if (chosen >= 0) picks[chosen] = '▲';
  out.push(gutter('candidates') + picks.join('').replace('▲', paint('▲', 'bold', color)));
  out.push(gutter('') + axis(result.curve.map((p) => p.value)));
  return out;
}

/** Filled area, `rows` lines tall, in eighths of a line. */
function area(values: readonly number[], top: number, rows: number): string[] {
  return Array.from({ length: rows }, (_, r) =>
    values.map((v) => EIGHTHS[Math.max(0, Math.min(8, Math.round((v / top) * rows * 8) - (rows - 1 - r) * 8))] ?? ' ').join(''),
  );
}

/** The score as dots on a small grid, with the zero line drawn where it falls. */
function scoreLine(curve: readonly ExplainPoint[]): string[] {
  const scores = curve.map((p) => p.score);
  const known = scores.filter((s): s is number => s !== null);
  if (known.length === 0) return [gutter('log l − log g') + 'undefined (a density is zero everywhere)'];
  const hi = Math.max(...known, 0);
  const lo = Math.min(...known, 0);
  const rowOf = (s: number): number => (hi === lo ? 0 : Math.round(((hi - s) / (hi - lo)) * (SCORE_ROWS - 1)));
  const zero = rowOf(0);
  return Array.from({ length: SCORE_ROWS }, (_, r) => {
    const row = scores.map((s) => (s !== null && rowOf(s) === r ? '•' : r === zero ? '┈' : ' ')).join('');
    const label = r === 0 ? 'log l − log g' : '';
    const scale = r === 0 ? `  ${signed(hi)}` : r === SCORE_ROWS - 1 ? `  ${signed(lo)}` : r === zero ? '  0' : '';
    return gutter(label) + row + scale;
  });
}

function rug(columns: readonly number[], width: number, mark: string): string {
  const cells = new Array<string>(width).fill(' ');
  for (const c of columns) if (c >= 0) cells[c] = mark;
  return cells.join('');
}

function choiceBars(result: ExplainResult, color: boolean): string[] {
  const names = result.curve.map((p) => valueText(p.value));
  const width = Math.max(...names.map((n) => n.length), 6);
  const l = result.curve.map((p) => (p.logL === null ? 0 : Math.exp(p.logL)));
  const g = result.curve.map((p) => (p.logG === null ? 0 : Math.exp(p.logG)));
  const top = Math.max(...l, ...g, Number.MIN_VALUE);
  const count = (values: readonly ParamValue[], value: ParamValue): number => values.filter((v) => v === value).length;
  const out = [`  ${''.padEnd(width)}  ${'l(x) good'.padEnd(30)}${'g(x) bad'.padEnd(30)}log l − log g   good  bad`];
  result.curve.forEach((p, i) => {
    const picked = result.chosen !== null && result.chosen.value === p.value;
    const lText = `${bar((l[i] ?? 0) / top, 20).padEnd(20)} ${(l[i] ?? 0).toFixed(3)}`.padEnd(30);
    const gText = `${bar((g[i] ?? 0) / top, 20).padEnd(20)} ${(g[i] ?? 0).toFixed(3)}`.padEnd(30);
    const score = signed(p.score).padStart(8) + (picked ? ' ◀' : '  ');
    const counts = `${String(count(result.good, p.value)).padStart(9)}${String(count(result.bad, p.value)).padStart(5)}`;
    const name = (names[i] ?? '').padEnd(width);
    out.push(`  ${picked ? paint(name, 'bold', color) : name}  ${paint(lText, 'green', color)}${paint(gText, 'red', color)}${score}${counts}`);
  });
  return out;
}

function signed(value: number | null): string {
  if (value === null) return '-';
  return `${value >= 0 ? '+' : ''}${value.toFixed(2)}`;
}
