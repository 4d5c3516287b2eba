// Why a trial's metric is not a usable result: nothing read, NaN, infinite, or the program said the trial
// failed the way a hyperopt objective does (`{'loss': 999, 'status': 'fail'}`, STATUS_FAIL): such a
// placeholder loss was stored as a real result and taught the samplers a fake value (a user audit).
import { dictLineOf } from './metric-json.js';

/** hyperopt's STATUS_FAIL, as its objectives return it and print it. */
const FAIL_STATUS = 'fail';

/**
 * Whether a line is a result dict (JSON or Python's repr) whose top-level `status` is hyperopt's
 * `fail`: one that holds the metric, or hyperopt's own `loss`, beside it. A log line of some other
 * status (`{"event": "wandb_sync", "status": "fail"}`) failed healthy trials (a re-audit).
 */
export function reportsFailure(line: string, metric: string): boolean {
  if (!line.includes('status')) return false;
  const object = dictLineOf(line);
  return object !== null && object['status'] === FAIL_STATUS && (Object.hasOwn(object, metric) || Object.hasOwn(object, 'loss'));
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

/**
 * What a line that names the metric with a decimal comma (`val_loss=0,733551`) says, or null: such a
 * value is not read (it is no number here), and the trial's failure then says why.
 */
export function decimalCommaNote(line: string, metric: string, lineNumber: number): string | null {
  const at = line.toLowerCase().indexOf(metric.toLowerCase());
  if (at < 0) return null;
  const found = /^["']?\s*[:=]?\s*([+-]?\d+,\d+)(?![\d.,])/.exec(line.slice(at + metric.length));
  if (found === null) return null;
  return `line ${lineNumber} has ${metric} ${found[1] ?? ''} with a decimal comma (a locale's, such as LC_NUMERIC=de_DE): hypertune reads a decimal point; run the program with LC_ALL=C, or print the value with a point`;
}
