// Why a trial's metric is not a usable result: nothing read, NaN, infinite, or the program said the trial
// failed the way a hyperopt objective does (`{'loss': 999, 'status': 'fail'}`, STATUS_FAIL): such a
// placeholder loss was stored as a real result and taught the samplers a fake value (a user audit).
import { dictLineOf } from './metric-json.js';

/** How a trial's error begins when no line held its metric (the loop tells a metric named wrong by it: loop/retries.ts). */
export const NO_MATCH = 'no line matched';

/** hyperopt's STATUS_FAIL, as its objectives return it and print it. */
const FAIL_STATUS = 'fail';

/**
 * Whether a line is a result dict (JSON or Python's repr) whose top-level `status` is hyperopt's
 * `fail`: one that holds the metric, or hyperopt's own `loss`, beside it, or nothing else. A log line of some other
 * status (`{"event": "wandb_sync", "status": "fail"}`) failed healthy trials (a re-audit).
 */
export function reportsFailure(line: string, metric: string): boolean {
  if (!line.includes('status')) return false;
  const object = dictLineOf(line);
  // hyperopt's `{'status': STATUS_FAIL}` alone, no loss at all, failed as "no line matched" (a user audit)
  return object !== null && object['status'] === FAIL_STATUS && (Object.hasOwn(object, metric) || Object.hasOwn(object, 'loss') || Object.keys(object).length === 1);
}

/**
 * `unread`: why a value of the metric was not read (a decimal comma: CommaJudge): the trial fails,
 * whatever the other values, as its result may be the wrong line's.
 */
export function problemOf(value: number | null, lastMatch: string, unreadable: string | null, expected: string, failed: string | null, unread: string | null): string | null {
  if (failed !== null) return `the program reported status "fail" (${failed})`;
  if (value === null) {
    const detail = (unread ?? unreadable) === null ? '' : ` (${unread ?? unreadable})`;
    return `${NO_MATCH} ${expected}${detail}`;
  }
  if (unread !== null) return `not every value of the metric was read (${unread})`;
  if (Number.isNaN(value)) return `the metric was NaN (${lastMatch})`;
  if (!Number.isFinite(value)) return `the metric was ${value > 0 ? 'inf' : '-inf'} (${lastMatch})`;
  return null;
}
