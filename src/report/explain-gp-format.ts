import type { GpExplain, GpExplainPoint } from './explain-gp.js';
import type { ExplainResult } from './explain.js';
import { axis, columnOf, gutter, valueText } from './explain-axis.js';
import { formatValue } from './format.js';
import { bar } from './importance-format.js';
import { logEiFloor } from './log-ei-floor.js';
import { paint } from './paint.js';

const MODEL_ROWS = 6;
const EI_ROWS = 4;
const BEST_MARKED = 5;

/**
 * The terminal picture of a GP proposal for one parameter: the GP's mean of the metric with its 95 %
 * band along the parameter (the others held at the proposal's values), the log expected improvement
 * the ask maximised, the trials and the pick; then each parameter's fitted length scale.
 */
export function gpExplainLines(result: ExplainResult, gp: GpExplain, color: boolean): string[] {
  const lines = [summaryLine(result, gp), unseenLine(gp), ...leftOutLines(gp), ...byChanceLines(gp), heldLine(gp), ''];
  lines.push(...(result.kind === 'choice' ? choiceRows(gp, color) : numericRows(result, gp, color)));
  lines.push('', ...lengthRows(result.label, gp));
  return lines;
}

const WARPS: Record<GpExplain['warp'], string> = { none: 'its results as they are', log: 'its results in log space (heavy-tailed)', rank: 'its results by rank' };
/** Why the pick, with the best result so far where it belongs in the sentence (it trailed the nearby one's brackets). */
const MOVES: Record<GpExplain['move'], (best: string) => string> = {
  improvement: (best) => `the highest expected improvement on the best result so far (${best})`,
  nearby: (best) => `a point near the best trial (${best}), from a model of the complete trials around it (a basin the global model is too coarse to refine: narrow, or blurred by pruned trials)`,
  'unused-draw': () => 'a random point: every candidate the model liked repeats a trial',
  explore: () => 'where the model knows least (the widest posterior): it expects no improvement anywhere, so it looks where it has not',
};

function summaryLine(result: ExplainResult, gp: GpExplain): string {
  const pick = valueText(gp.chosen.value);
  const ran = result.ran && result.actual !== null && result.actual !== gp.chosen.value ? `; trial ${result.trial} ran with ${valueText(result.actual)}` : '';
  return (
    `Gaussian process on ${gp.fittedTrials} trials, ${WARPS[gp.warp]}, noise ${(100 * gp.noiseShare).toPrecision(2)} % of the variance: ` +
    `${result.ran ? 'proposed' : 'proposes'} ${result.label} = ${pick}, ${MOVES[gp.move](formatValue(gp.incumbent))}${ran}.`
  );
}

/** What draws an ask to a region no trial has seen: there the model expects its prior mean. */
function unseenLine(gp: GpExplain): string {
  return `Where no trial has been, the model expects ${formatValue(gp.unseen)} (its prior mean, a constant fitted to the trials).`;
}

/** The runs the fit took out as blown up: said, since the model then ignores results the user sees in the table. */
function leftOutLines(gp: GpExplain): string[] {
  const n = gp.leftOut.length;
  if (n === 0) return [];
  return [`Left out of the fit: ${trialList(gp.leftOut)}, far worse than the trials around ${n === 1 ? 'it' : 'them'} predict (a run that blew up, docs/gp.md "Outliers").`];
}

/** "trial 4" or "trials 4, 9". */
function trialList(ids: readonly number[]): string {
  return `trial${ids.length === 1 ? '' : 's'} ${ids.join(', ')}`;
}

/** Failures the fit believes less: said, since a crash region's failures are believed at the worst result. */
function byChanceLines(gp: GpExplain): string[] {
  const n = gp.byChance.length;
  if (n === 0) return [];
  return [`Failed by chance, as it looks: ${trialList(gp.byChance)} (among runs that ran), in the fit at the worst result but with a noise of ${n === 1 ? 'its' : 'their'} own (docs/gp.md "Failures by chance").`];
}

function heldLine(gp: GpExplain): string {
  const held = Object.entries(gp.heldAt).map(([label, value]) => `${label} ${valueText(value)}`);
  return held.length === 0 ? 'The model along the only parameter:' : `The model along this parameter, the others held at the proposal's values (${held.join(', ')}):`;
}

function numericRows(result: ExplainResult, gp: GpExplain, color: boolean): string[] {
  const width = gp.curve.length;
  const scale = axisScale(gp);
  const rowOf = (v: number): number => Math.round(((scale.top - scale.map(v)) / (scale.top - scale.bottom || 1)) * (MODEL_ROWS - 1));
  const incumbentRow = rowOf(gp.incumbent);
  const out: string[] = [];
  for (let r = 0; r < MODEL_ROWS; r++) {
    const cells = gp.curve.map((p) => {
      if (rowOf(p.mean) === r) return '•';
      if (rowOf(p.upper) <= r && r <= rowOf(p.lower)) return '░';
      return r === incumbentRow ? '┈' : ' ';
    });
    // the best so far tops the chart when the goal is to maximize: the legend then moves a row down
    const label = r === incumbentRow ? 'best so far' : r === (incumbentRow === 0 ? 1 : 0) ? 'mean, 95 %' : '';
    const edges = [r === 0 ? formatValue(scale.unmap(scale.top)) : '', r === MODEL_ROWS - 1 ? formatValue(scale.unmap(scale.bottom)) : '', r === incumbentRow ? `best ${formatValue(gp.incumbent)}` : ''];
    const edge = edges.some((e) => e !== '') ? `  ${edges.filter((e) => e !== '').join(', ')}` : '';
    out.push(gutter(label) + paint(cells.join(''), 'cyan', color) + edge);
  }
  out.push(...eiRows(gp.curve));
  const column = columnOf(gp.curve.map((p) => p.value), result.logScale);
  const rug = new Array<string>(width).fill(' ');
  gp.trials.forEach((t, i) => {
    const c = column(t.value);
    if (c >= 0 && (i < BEST_MARKED || rug[c] === ' ')) rug[c] = i < BEST_MARKED ? '●' : '|';
  });
  out.push(gutter('trials, ● best') + rug.join(''));
  const pick = new Array<string>(width).fill(' ');
  const chosen = column(gp.chosen.value);
  if (chosen >= 0) pick[chosen] = '▲';
  out.push(gutter('proposal') + paint(pick.join(''), 'bold', color));
  out.push(gutter('') + axis(gp.curve.map((p) => p.value)));
  return out;
}

/** The rows' scale: linear, or logarithmic where the GP itself saw the results in log space. */
function axisScale(gp: GpExplain): { top: number; bottom: number; map(v: number): number; unmap(v: number): number } {
  const means = gp.curve.map((p) => p.mean);
  const useLog = gp.warp === 'log' && Math.min(...means, gp.incumbent) > 0;
  const map = useLog ? (v: number): number => Math.log(Math.max(v, Number.MIN_VALUE)) : (v: number): number => v;
  const unmap = useLog ? Math.exp : (v: number): number => v;
  // the band may reach far past the data where the model knows nothing: the rows follow the mean
  const values = [...means, gp.incumbent].map(map);
  let top = Math.max(...values);
  let bottom = Math.min(...values, ...gp.curve.map((p) => map(p.lower)).filter(Number.isFinite).map((v) => Math.max(v, Math.min(...values) - (top - Math.min(...values)))));
  if (top === bottom) [top, bottom] = [top + 1, bottom - 1];
  return { top, bottom, map, unmap };
}

function eiRows(curve: readonly GpExplainPoint[]): string[] {
  // log EI far below its peak is drawn on the bottom row, as the report's GP panels cut it
  const cut = logEiFloor(curve.map((p) => p.logEi));
  if (cut === null) return [gutter('log EI') + 'none anywhere (the model expects no improvement along this parameter)'];
  const { peak: hi, floor: lo, clipped } = cut;
  const rowOf = (v: number): number => (hi === lo ? 0 : Math.round(((hi - Math.max(v, lo)) / (hi - lo)) * (EI_ROWS - 1)));
  return Array.from({ length: EI_ROWS }, (_, r) => {
    const row = curve.map((p) => (p.logEi !== null && rowOf(p.logEi) === r ? '•' : ' ')).join('');
    const edge = r === 0 ? `  ${hi.toFixed(1)}` : r === EI_ROWS - 1 ? `  ${lo.toFixed(1)}${clipped ? ' and below' : ''}` : '';
    return gutter(r === 0 ? 'log EI' : '') + row + edge;
  });
}

function choiceRows(gp: GpExplain, color: boolean): string[] {
  const names = gp.curve.map((p) => valueText(p.value));
  const width = Math.max(...names.map((n) => n.length), 6);
  const out = [`  ${'option'.padEnd(width)}  ${'mean'.padStart(10)}  ${'95 % band'.padEnd(23)}  ${'log EI'.padStart(8)}  trials`];
  gp.curve.forEach((p, i) => {
    const picked = p.value === gp.chosen.value;
    const band = `${formatValue(p.lower)} to ${formatValue(p.upper)}`.padEnd(23);
    const ei = (p.logEi === null ? '-' : p.logEi.toFixed(2)).padStart(8);
    const count = String(gp.trials.filter((t) => t.value === p.value).length).padStart(6);
    const name = (names[i] ?? '').padEnd(width);
    out.push(`  ${picked ? paint(name, 'bold', color) : name}  ${formatValue(p.mean).padStart(10)}  ${band}  ${ei}  ${count}${picked ? ' ◀' : ''}`);
  });
  return out;
}

/** Input warping: which end of the range the model sees finer (a < 1: the low end; b < 1: the high end). */
function warpNote(warp: { a: number; b: number } | undefined): string {
  if (warp === undefined) return '';
  const end = (shape: number, name: string): string => (Math.abs(Math.log(shape)) < 0.2 ? '' : `${shape < 1 ? 'finer' : 'coarser'} near the ${name} end`);
  const ends = [end(warp.a, 'low'), end(warp.b, 'high')].filter((e) => e !== '');
  return `warped (a ${warp.a.toPrecision(2)}, b ${warp.b.toPrecision(2)}${ends.length > 0 ? `: ${ends.join(', ')}` : ''})`;
}

/** Short lengths mean the metric changes quickly along a parameter: the bar is 1 / length. */
function lengthRows(label: string, gp: GpExplain): string[] {
  const width = Math.max(...gp.lengths.map((l) => l.label.length), 6);
  const top = Math.max(...gp.lengths.map((l) => 1 / l.length));
  const out = ['Length scales (how far a parameter moves, as a share of its range, before the result changes; the bar is 1 / length):'];
  // a choice's length is between any two options, in no unit a numeric one has: a choice whose options
  // the model set apart by 1.0 had a longer length than a float that moved the result by 0.01 (a user audit)
  for (const l of gp.lengths) {
    const note = [l.categorical ? "between any two options: not comparable with the others' (the options' means say what it changes)" : l.length > 2 ? 'longer than the range: the result barely depends on it here' : '', warpNote(l.warp)].filter((n) => n !== '').join('; ');
    const name = (l.label === label ? `${l.label} *` : l.label).padEnd(width + 2);
    out.push(`  ${name} ${l.length.toPrecision(3).padStart(9)}  ${bar(1 / l.length / top, 20).padEnd(20)} ${note}`.trimEnd());
  }
  return out;
}
