import type { FinishedTrial, LoopListener, LoopProgress } from '../loop/index.js';
import { formatProgressLine, formatTrialLine } from '../report/progress.js';
import type { Output } from './output.js';

export interface ProgressPrinter {
  listener: LoopListener;
  /** Prints a line above the live progress line (or just a line in a pipe). */
  say(text: string): void;
  stop(): void;
}

/** Carriage return and erase line: what redraws the live progress line in place. */
export const CLEAR_LINE = '\r\u001b[2K';

/**
 * On a terminal: one live progress line, redrawn in place, with a line per finished trial above it.
 * In a pipe or CI: the per-trial lines only. `verbose` streams the program's output, prefixed.
 */
export function createProgressPrinter(output: Output, metric: string, verbose: boolean): ProgressPrinter {
  const startedAt = Date.now();
  let progress: LoopProgress | null = null;
  // when this run's count of finished trials last changed: the ETA counts down from there, not up with the clock
  let lastFinish = { count: 0, at: startedAt };
  let shown = false;
  const live = output.isTty;
  const draw = (): void => {
    if (!live || progress === null) return;
    const now = Date.now();
    // the budget's figure is from the last trial event: while trials run, trial time goes on with the clock
    const budget = progress.budget === null ? null : { ...progress.budget, spentS: progress.budget.spentS + (progress.budget.running ? (now - progress.budget.at) / 1000 : 0) };
    const line = formatProgressLine({ ...progress, budget, metric, elapsedS: (now - startedAt) / 1000, sinceFinishS: (now - lastFinish.at) / 1000 }, output.color);
    output.out(`${CLEAR_LINE}${line}`);
    shown = true;
  };
  const above = (write: (text: string) => void, text: string): void => {
    if (shown) output.out(CLEAR_LINE);
    shown = false;
    write(`${text}\n`);
    draw();
  };
  const ticker = live ? setInterval(draw, 1000) : null;
  ticker?.unref();
  const say = (text: string): void => above(output.out, text);
  const sameResult = sameResultWatch();
  const listener: LoopListener = {
    trialFinished(trial: FinishedTrial) {
      say(formatTrialLine(trial, metric, output.color));
      const note = sameResult(trial);
      if (note !== null) say(note);
    },
    progress(next) {
      if (next.finishedThisRun !== lastFinish.count) lastFinish = { count: next.finishedThisRun, at: Date.now() };
      progress = next;
      draw();
    },
    notice: say,
    ...(verbose
      ? {
          trialStarted: (trial) => say(`trial ${trial.id} started${trial.retryOf === null ? '' : ` (re-run of trial ${trial.retryOf})`}${trial.gpu === null ? '' : ` on GPU ${trial.gpu}`}`),
          output: (trialId, stream, line) => above(stream === 'stdout' ? output.out : output.err, `[trial ${trialId}] ${line}`),
        }
      : {}),
  };
  return {
    listener,
    say,
    stop() {
      if (ticker !== null) clearInterval(ticker);
      if (shown) output.out(CLEAR_LINE);
      shown = false;
    },
  };
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
