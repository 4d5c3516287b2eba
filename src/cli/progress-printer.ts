import type { FinishedTrial, LoopListener, LoopProgress } from '../loop/index.js';
import { formatProgressLine, formatTrialLine } from '../report/progress.js';
import type { Output } from './output.js';
import { UsageError } from '../errors.js';
import { parseDuration } from '../util/duration.js';
import { verboseLines } from './verbose-lines.js';

export interface ProgressPrinter {
  listener: LoopListener;
  /** Prints a line above the live progress line (or just a line in a pipe). */
  say(text: string): void;
  /** No new trials start from now (Ctrl-C once): the line drops its ETA and says so. */
  stopping(): void;
  stop(): void;
}

/** Carriage return and erase line: what redraws the live progress line in place. */
export const CLEAR_LINE = '\r\u001b[2K';

/** In a pipe: the progress line after a finished trial at most this often (a study of quick trials would double its log). */
const PIPE_AFTER_TRIAL_MS = 60_000;

/**
 * On a terminal: one live progress line, redrawn in place, with a line per finished trial above it.
 * In a pipe or CI (nohup, Slurm, tmux's pipe-pane): the per-trial lines, and the same progress line as
 * a line of its own after a finished trial (once a minute at most), and `quietMs` after the last one
 * while trials run (long trials: the log says the study is alive and how far it is; 0: never).
 * `verbose` streams the program's output, prefixed.
 */
export function createProgressPrinter(output: Output, metric: string, verbose: boolean, quietMs = 600_000, parallel = 1): ProgressPrinter {
  const startedAt = Date.now();
  let progress: LoopProgress | null = null;
  // when the study's count of finished trials last changed (-1: not seen yet): the ETA counts down from there, not up with the clock
  let lastFinish = { count: -1, at: startedAt };
  let shown = false;
  const live = output.isTty;
  // in a pipe: when the progress line was last printed; whether a trial finished since
  let progressAt = -Infinity;
  let finishedSince = false;
  let stopping = false;
  // for the ETA: the study's finished count when this run began, and the first batch's pace (report/progress.ts)
  let finishedAtStart: number | null = null;
  let peakRunning = 0;
  const durations: number[] = [];
  const lineNow = (now: number, width?: number): string | null => {
    if (progress === null) return null;
    // the budget's figure is from the last trial event: while trials run, trial time goes on with the clock
    const budget = progress.budget === null ? null : { ...progress.budget, spentS: progress.budget.spentS + (progress.budget.running ? (now - progress.budget.at) / 1000 : 0) };
    const snapshot = { ...progress, budget, metric, elapsedS: (now - startedAt) / 1000, sinceFinishS: (now - lastFinish.at) / 1000, stopping, ...paceOf(progress) };
    // a live line wider than the terminal wraps, and each redraw then left a copy of its first row (a
    // tmux pane of 70 columns filled with them): cut to the width, without colours (their codes have no width)
    const plain = formatProgressLine(snapshot, false);
    if (width === undefined || plain.length < width) return formatProgressLine(snapshot, output.color);
    // first the compact form (the ETA at the end is what a cut loses), then a cut
    const compact = formatProgressLine(snapshot, false, true);
    if (compact.length < width) return formatProgressLine(snapshot, output.color, true);
    return `${compact.slice(0, Math.max(0, width - 2))}\u2026`;
  };
  const paceOf = (at: LoopProgress): { finishedSinceStart: number; firstBatch?: { meanTrialS: number; slots: number } } => {
    const meanTrialS = durations.reduce((sum, d) => sum + d, 0) / Math.max(1, durations.length);
    // this run's own trials at once (--parallel, as far as the target leaves them) count even before
    // they were seen running: on a loaded machine the first finished before the third was, and the
    // ETA of --parallel 3 was half as long again
    const own = Math.min(parallel, Math.max(1, (at.target ?? Infinity) - (finishedAtStart ?? at.finished)));
    return { finishedSinceStart: at.finished - (finishedAtStart ?? at.finished), ...(durations.length === 0 ? {} : { firstBatch: { meanTrialS, slots: Math.max(peakRunning, own) } }) };
  };
  const draw = (): void => {
    const line = live ? lineNow(Date.now(), output.columns?.()) : null;
    if (line === null) return;
    output.out(`${CLEAR_LINE}${line}`);
    shown = true;
  };
  const logLine = (now: number): void => {
    const line = lineNow(now);
    if (line === null) return;
    output.out(`${line}\n`);
    progressAt = now;
  };
  const above = (write: (text: string) => void, text: string): void => {
    if (shown) output.out(CLEAR_LINE);
    shown = false;
    write(`${text}\n`);
    draw();
  };
  const quiet = (): void => {
    const now = Date.now();
    // the program's own lines (--verbose) or notices are no sign of how far the study is: counted from the last progress line
    if (now - Math.max(progressAt, startedAt) >= quietMs) logLine(now);
  };
  const ticker = live ? setInterval(draw, 1000) : quietMs > 0 ? setInterval(quiet, Math.min(quietMs, 60_000)) : null;
  ticker?.unref();
  const say = (text: string): void => above(output.out, text);
  const sameResult = sameResultWatch();
  // --verbose: the program's lines, its progress bars as a terminal shows them
  const programLines = verboseLines((trialId, stream, line) => above(stream === 'stdout' ? output.out : output.err, `[trial ${trialId}] ${line}`));
  const listener: LoopListener = {
    trialFinished(trial: FinishedTrial) {
      programLines.finish(trial.id);
      say(formatTrialLine(trial, metric, output.color));
      finishedSince = true;
      if (trial.state !== 'interrupted') durations.push(trial.durationS);
      const note = sameResult(trial);
      if (note !== null) say(note);
    },
    progress(next) {
      // the study's count (every worker's): the ETA's pace is the study's, against the study's rest
      finishedAtStart ??= next.finished - next.finishedThisRun;
      peakRunning = Math.max(peakRunning, next.running);
      if (next.finished !== lastFinish.count) lastFinish = { count: next.finished, at: Date.now() };
      progress = next;
      draw();
      if (live || !finishedSince) return;
      finishedSince = false;
      if (Date.now() - progressAt >= PIPE_AFTER_TRIAL_MS) logLine(Date.now());
    },
    notice: say,
    ...(verbose
      ? {
          trialStarted: (trial) => say(`trial ${trial.id} started${trial.retryOf === null ? '' : ` (re-run of trial ${trial.retryOf})`}${trial.gpu === null ? '' : ` on GPU ${trial.gpu}`}`),
          output: programLines.line,
        }
      : {}),
  };
  return {
    listener,
    say,
    stopping() {
      stopping = true;
      draw();
    },
    stop() {
      if (ticker !== null) clearInterval(ticker);
      if (shown) output.out(CLEAR_LINE);
      shown = false;
    },
  };
}

/**
 * How long after its last progress line a run in a pipe prints the next, finished trials or not:
 * HYPERTUNE_PROGRESS_EVERY (a duration, as --time-budget takes; 0: never), else 10 minutes.
 */
export function quietProgressMs(): number {
  const text = process.env['HYPERTUNE_PROGRESS_EVERY']?.trim();
  if (text === undefined || text === '') return 600_000;
  if (/^0+(\.0*)?[smhd]?$/.test(text)) return 0;
  const seconds = parseDuration(text);
  if (seconds === null) throw new UsageError(`HYPERTUNE_PROGRESS_EVERY: expected a duration like 10m, 90s or a number of seconds (0: never), got ${JSON.stringify(text)}`);
  return seconds * 1000;
}

/** Complete trials in a row with one result, whatever their parameters, before the note below. */
const SAME_RESULT_TRIALS = 4;

/**
 * A note, once, when the first SAME_RESULT_TRIALS complete trials of this run all gave one value from
 * different parameters: most often the program does not read them (it reads its own variable names,
 * or a config file), and the study would go on learning nothing.
 */
function sameResultWatch(): (trial: FinishedTrial) => string | null {
  const seen: FinishedTrial[] = [];
  let done = false;
  return (trial) => {
    if (done || trial.state !== 'complete' || trial.value === null) return null;
    seen.push(trial);
    if (seen.length < SAME_RESULT_TRIALS) return null;
    done = true;
    const value = seen[0]?.value;
    const configs = new Set(seen.map((t) => JSON.stringify(t.params)));
    if (!seen.every((t) => t.value === value) || configs.size < seen.length) return null;
    return `note: the first ${seen.length} complete trials all gave ${value}, each with other parameters: does the program read them? \`hypertune run --dry-run\` shows what it is passed`;
  };
}
