// Why a trial's metric is not a usable result: nothing read, NaN, infinite, or the program said the trial
// failed the way a hyperopt objective does (`{'loss': 999, 'status': 'fail'}`, STATUS_FAIL): such a
// placeholder loss was stored as a real result and taught the samplers a fake value (a user audit).
import { dictLineOf } from './metric-json.js';

/** hyperopt's STATUS_FAIL, as its objectives return it and print it. */
const FAIL_STATUS = 'fail';

/** Whether a line is a dict (JSON or Python's repr) whose top-level `status` is hyperopt's `fail`. */
export function reportsFailure(line: string): boolean {
  if (!line.includes('status')) return false;
  const object = dictLineOf(line);
  return object !== null && object['status'] === FAIL_STATUS;
}

export function problemOf(value: number | null, lastMatch: string, unreadable: string | null, expected: string, failed: string | null): string | null {
  if (failed !== null) return `the program reported status "fail" (${failed})`;
  if (value === null) {
    const detail = unreadable === null ? '' : ` (${unreadable})`;
    return `no line matched ${expected}${detail}`;
  }
  if (Number.isNaN(value)) return `the metric was NaN (${lastMatch})`;
  if (!Number.isFinite(value)) return `the metric was ${value > 0 ? 'inf' : '-inf'} (${lastMatch})`;
  return null;
}
