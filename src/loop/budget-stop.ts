import type { StudyState } from '../study/replay.js';
import { trialTimeMs } from '../study/trial-time.js';
import { formatDuration } from '../util/duration.js';

export interface BudgetStop {
  /** Aborted, with the reason as a string, when the running trials must stop (`--at-budget stop`). */
  signal: AbortSignal;
  /** A trial of this worker started: make sure the watch is on. */
  watch(): void;
  /** The run is over: no more timers. */
  close(): void;
}

export interface BudgetStopSource {
  /** The study's time budget in seconds as last changed (null: none). */
  budgetOf(state: StudyState): number | null;
  /** The study as this worker last saw it, without I/O. */
  snapshot(): StudyState;
  /** The study as it is now (StudyView.refresh: re-read when shared, so another worker's trials and budget count). */
  current(): Promise<StudyState>;
  now(): number;
  /** Whether this worker still runs trials. */
  running(): boolean;
  /** Called once, when the budget ran out and the trials are being stopped. */
  spent(): void;
}

/**
 * `--at-budget stop`: the running trials are stopped when the study's trial time reaches its budget,
 * not let finish (Ray Tune's `time_budget_s`, where Optuna's `timeout` lets them finish). While a
 * trial of this worker runs, trial time grows with the clock, so the budget runs out no sooner than
 * what is left of it now: the timer is set for that, and when it fires the study is read again (a
 * resume may have raised the budget) and either the trials are stopped or the timer is set again.
 */
export function createBudgetStop(source: BudgetStopSource): BudgetStop {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  let checking = false;
  let closed = false;
  const leftMs = (state: StudyState): number | null => {
    const budgetS = source.budgetOf(state);
    return budgetS === null ? null : budgetS * 1000 - trialTimeMs(state.trials, source.now());
  };
  const arm = (ms: number): void => {
    // a timer holds at most 2^31 - 1 ms (a longer one fires at once): a budget further off is looked at again then
    timer = setTimeout(() => void check(), Math.min(Math.max(ms, 20), 2 ** 31 - 1));
    timer.unref();
  };
  const check = async (): Promise<void> => {
    timer = null;
    if (closed || controller.signal.aborted || !source.running()) return;
    checking = true;
    const state = await source.current().catch(() => null);
    checking = false;
    if (closed) return;
    // the store away for a moment: look again soon (the trials' own writes retry meanwhile)
    if (state === null) return arm(1000);
    const left = leftMs(state);
    if (left === null) return;
    if (left > 0) return arm(left);
    const budgetS = source.budgetOf(state) ?? 0;
    const reason = `stopped when the study's time budget ran out (${formatDuration(budgetS)} of trial time; --at-budget stop)`;
    source.spent();
    controller.abort(reason);
  };
  return {
    signal: controller.signal,
    watch() {
      if (timer !== null || checking || closed || controller.signal.aborted) return;
      const left = leftMs(source.snapshot());
      if (left !== null) arm(left);
    },
    close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
    },
  };
}
