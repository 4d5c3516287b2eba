import { parseMetricNumber } from './metric-number.js';
import { customRegExp, defaultRegExp, describeMetricPattern, namedNonNumber, spacedRegExp } from './metric-patterns.js';
import { createTableReader } from './metric-table.js';
import { readIteration, readStep } from './steps.js';
import { readJsonLine } from './metric-json.js';
import { problemOf, reportsFailure } from './metric-problem.js';
import { createCommaJudge } from './metric-commas.js';
import { createSummaryLines } from './summary-lines.js';
import { createBarStates, type ValueRead } from './bar-states.js';
import { TERMINAL_CODES } from './lines.js';
import type { MetricObjective } from './types.js';
import { averagedCount, meanOfLast } from '../util/objective.js';
import { createEvaluationBars } from './evaluation-bars.js';

export { describeMetricPattern, parseMetricNumber };
export type { ValueRead };

/**
 * A line that starts with its epoch, step or iteration (`Epoch 2/10`, `step 300:`), also after a log
 * prefix that ends in `]` (glog's `I0901 13:35:21.211562 20072 solver.cpp:330] Iteration 500, Testing
 * net (#0)`, which Caffe prints above the test net's values).
 */
const STEP_OPENER = /^\s*(?:\S[^\]]*\]\s+)?(?:epoch|step|iteration|iter)\b/i;

/**
 * LightGBM's early stopping ends with `Did not meet early stopping. Best iteration is:` (or `Early
 * stopping, best iteration is:`), XGBoost's with `Stopping. Best iteration:`, and then that iteration's
 * line again: the model's result, not one more step (found by a user audit).
 */
const BEST_AGAIN = /best iteration(?: is)?:\s*$/i;

/**
 * What a progress bar's state looks like: a count out of a total (`12/469`, Keras and tqdm), a percent
 * before a bar (`45%|`), or the bar itself (`━━━`, `████`, `[=====>....]`). Only such a line is held
 * until the bar moves on (bar-states.ts); a status line rewritten with `\r` (`print(..., end="\r")`)
 * counts as it comes, as any line does: held too, it was judged a line late (a user audit).
 */
const BAR_SHAPE = /\d\s*\/\s*\d|\d%\s*\||[\u2501\u2588-\u258f]{2}|\[[=>.\s]{5,}\]/;

export interface MetricResult {
  /** The value chosen by the objective (NaN and infinities included); null when none was read. */
  value: number | null;
  /** Every value read, in order. */
  intermediate: number[];
  /** Why `value` is not a usable result (nothing read, NaN, infinite); null when it is. */
  problem: string | null;
  /** The line `value` was read from when no value of the curve is it: a line after the training loop (`final val_loss=0.41`), a framework's repeated best. */
  closingLine?: number;
  /** The extra metrics' last finite values (`extra_metrics:`), by name; absent when none was read. */
  extras?: Record<string, number>;
}

export interface MetricParser {
  /**
   * Feeds one line of output; `rewritten`: it ended with a lone `\r` (a progress bar's state). Returns
   * the values that stand now, each with the step its line gave for itself (`epoch 7`, a JSON `step`,
   * a table's `epoch` column; docs/pruning.md, "Steps"), undefined where the value's ordinal counts.
   * A bar's state stands once the bar moves on (bar-states.ts).
   */
  push(line: string, rewritten?: boolean): ValueRead[];
  /** The output ended: a bar's last state stands. */
  finish(): ValueRead[];
  /** Forgets the values read so far, keeping what the lines said of their form (a table's header). */
  clearValues(): void;
  result(): MetricResult;
}

export function createMetricParser(metric: string, pattern: string | null, objective: MetricObjective): MetricParser {
  const regexp = pattern === null ? defaultRegExp(metric) : customRegExp(pattern);
  const notANumber = namedNonNumber(metric);
  const spaced = pattern === null ? spacedRegExp(metric) : null;
  const intermediate: number[] = [];
  // the best value so far for min/max (a NaN at some epoch does not poison the others; NaN while every value
  // was NaN), and where it and the last value were read, to name the one picked: two lines, however long the run
  let [lastSource, bestSource] = ['', ''];
  // the latest NaN or infinite value (last-K-avg: one of the last K fails the trial, as under `last`), and
  // the first of the last run of them, which the failure names too (a user audit: NaN from epoch 2, it named 7)
  let [lastBad, firstBad]: [{ index: number; source: string } | null, string | null] = [null, null];
  const averaged = averagedCount(objective);
  let best = Number.NaN;
  let lineNumber = 0;
  let unreadable: string | null = null;
  // the first line that said the trial failed (hyperopt's status 'fail'): the trial fails, whatever its value
  let failed: string | null = null;
  const table = pattern === null ? createTableReader(metric) : null;
  const commas = createCommaJudge(metric);
  /** The line's value, the step a table's row gives it (other lines say theirs in words: readStep), and where a text rule's match starts. */
  function read(line: string): { value: number | undefined; rowStep?: number | undefined; at?: number } {
    if (pattern === null) {
      const json = readJsonLine(line, metric);
      // a string value (`{"val_loss": "2,512"}`) is judged as the same number printed bare (a user audit)
      if (json !== 'not json' && json.text !== undefined) {
        if (json.value === undefined) commas.unmatched(`${metric}=${json.text}`, lineNumber);
        return { value: json.value !== undefined && commas.reads(json.text, json.value, lineNumber) ? json.value : undefined };
      }
      if (json !== 'not json') return { value: json.value };
    }
    const match = regexp.exec(line) ?? spaced?.exec(line) ?? null;
    if (match === null && pattern === null) {
      commas.unmatched(line, lineNumber);
      unreadable ??= notANumber(line, lineNumber);
    }
    if (match === null) {
      const row = table?.read(line, intermediate.length > 0);
      return { value: row !== undefined && commas.reads(row.text, row.value, lineNumber) ? row.value : undefined, rowStep: row?.step };
    }
    const captured = pattern === null ? match[2] : match[1];
    if (captured === undefined) return { value: undefined };
    const value = parseMetricNumber(captured);
    if (value === undefined) unreadable ??= `line ${lineNumber} matched but ${JSON.stringify(captured)} is not a number`;
    if (value !== undefined && !commas.reads(captured, value, lineNumber)) return { value: undefined };
    // a count out of a total is its share: PyTorch's MNIST example prints `Accuracy: 9845/10000 (98%)`
    const total = pattern === null ? /^\/(\d+)(?![\w.])/.exec(line.slice(match.index + match[0].length))?.[1] : undefined;
    if (value !== undefined && total !== undefined && Number(total) > 0) return { value: value / Number(total), at: match.index };
    return { value, at: match.index };
  }

  // the step given last: by a value's own line, or by a line that opens an epoch (Keras' `Epoch 2/10`
  // above its metrics line); a value whose line gives none is at that step (a test loss printed after
  // `Train Epoch: 1` belongs to epoch 1), and at its ordinal before any was given
  let current: number | undefined;
  // an epoch or a step was given (readStep): from then on an iteration is one within an epoch, no step
  let epochsGiven = false;
  const stepOf = (line: string): number | undefined => {
    const step = readStep(line);
    epochsGiven ||= step !== undefined;
    return step ?? (epochsGiven ? undefined : readIteration(line));
  };
  type Seen = ValueRead & { source: string };
  // the result a framework repeats after its last step (BEST_AGAIN): 'next' while its line is awaited
  let bestAgain: 'next' | Seen | null = null;
  let bar = createBarStates<Seen>();
  const summary = createSummaryLines<Seen>();
  const evaluations = createEvaluationBars();
  const stand = (seen: Seen): ValueRead => {
    intermediate.push(seen.value);
    lastSource = seen.source;
    [lastBad, firstBad] = Number.isFinite(seen.value) ? [lastBad, null] : [{ index: intermediate.length - 1, source: seen.source }, firstBad ?? seen.source];
    if (!Number.isNaN(seen.value) && (Number.isNaN(best) || (objective === 'min' ? seen.value < best : seen.value > best))) [best, bestSource] = [seen.value, seen.source];
    return { value: seen.value, step: seen.step, line: seen.line };
  };
  return {
    push(raw, rewritten = false) {
      lineNumber += 1;
      // read as it looks on a terminal: colours around a name or a value hid it (tracing's and other
      // loggers' ANSI codes, written into pipes too; a user audit)
      const line = raw.includes('\u001b') ? raw.replace(TERMINAL_CODES, '') : raw;
      if (BEST_AGAIN.test(line)) bestAgain = 'next';
      commas.scan(line, lineNumber);
      summary.note(line);
      if (failed === null && reportsFailure(line, metric)) failed = `line ${lineNumber}: ${line.trim().slice(0, 200)}`;
      const { value, rowStep, at } = read(line);
      const source = `line ${lineNumber}: ${line.trim().slice(0, 200)}`;
      if (bestAgain === 'next' && value !== undefined) {
        bestAgain = { value, step: current, line: lineNumber, source };
        return [];
      }
      // model.evaluate's bar after fit's epochs: its last state is a result line, the states before it nothing
      const evaluation = evaluations.see(line, rewritten);
      if (value !== undefined && evaluation === 'state') return [];
      if (value !== undefined && (evaluation === 'last' || summary.holds(line, at, rewritten))) {
        // at its own step if its line gives one (`Best epoch 12: ...`), which is no step the run moved on to
        summary.hold({ value, step: readStep(line) ?? current, line: lineNumber, source });
        return bar.finish().map(stand);
      }
      const given = rowStep ?? (value !== undefined || STEP_OPENER.test(line) ? stepOf(line) : undefined);
      if (given !== undefined) current = given;
      // a plain line (not a bar's) after a bar: the bar's last state stands (Keras' next `Epoch 2/10`)
      if (value === undefined) return (rewritten ? bar.movedTo(given) : bar.finish()).map(stand);
      const seen = { value, step: current, line: lineNumber, source };
      return [...summary.release(line, at), ...bar.see(seen, rewritten && BAR_SHAPE.test(line))].map(stand);
    },
    finish: () => bar.finish().map(stand),
    clearValues() {
      intermediate.length = 0;
      [lastSource, bestSource, best, unreadable, current, bestAgain, failed, lastBad, firstBad] = ['', '', Number.NaN, null, undefined, null, null, null, null];
      bar = createBarStates<Seen>();
      summary.clear();
      commas.clearNotes();
    },
    result() {
      if (averaged !== null) {
        // the curve's last K values, as min and max pick from the curve (a `final` line is no evaluation)
        const bad = lastBad !== null && lastBad.index >= intermediate.length - averaged ? lastBad : null;
        const value = intermediate.length === 0 ? null : bad !== null ? (intermediate[bad.index] ?? null) : meanOfLast(intermediate, averaged);
        const problem = problemOf(value, bad === null ? lastSource : `${bad.source}; one of the last ${averaged} values`, unreadable, describeMetricPattern(metric, pattern), failed, commas.problem());
        return { value, intermediate: [...intermediate], problem };
      }
      // under `last`, the line that closed the run: a framework's repeated best iteration, or the last
      // summary line; `min` and `max` pick from the curve
      const closing = objective === 'last' ? [bestAgain, ...summary.summaries()].reduce<Seen | null>((late, seen) => (typeof seen === 'object' && seen !== null && (late === null || seen.line > late.line) ? seen : late), null) : null;
      const value = closing !== null ? closing.value : intermediate.length === 0 ? null : objective === 'last' ? (intermediate[intermediate.length - 1] ?? null) : best;
      const named = closing !== null ? closing.source : objective === 'last' || Number.isNaN(best) ? lastSource : bestSource;
      const source = value !== null && !Number.isFinite(value) && firstBad !== null && firstBad !== named ? `${named}; the first at ${firstBad}` : named;
      const problem = problemOf(value, source, unreadable, describeMetricPattern(metric, pattern), failed, commas.problem());
      return { value, intermediate: [...intermediate], problem, ...(closing === null ? {} : { closingLine: closing.line }) };
    },
  };
}
