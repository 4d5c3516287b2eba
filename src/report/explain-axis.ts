// The text columns of `hypertune explain`: one per point across a numeric parameter's range, shared by
// the TPE's picture and the Gaussian process's.
import type { ParamValue } from '../space/types.js';
import { formatParamValue } from './format.js';

const GUTTER = 16;

/** A row's label, cut or padded to the gutter before the columns. */
export function gutter(text: string): string {
  return `  ${text}`.padEnd(GUTTER).slice(0, GUTTER);
}

/** Which text column a value falls in (`columns` are the values at the columns, in order). */
export function columnOf(columns: readonly ParamValue[], logScale: boolean): (value: ParamValue) => number {
  const map = (x: number): number => (logScale ? Math.log(Math.max(x, Number.MIN_VALUE)) : x);
  const lo = map(Number(columns[0] ?? 0));
  const hi = map(Number(columns[columns.length - 1] ?? 1));
  return (value) => {
    if (typeof value !== 'number') return -1;
    const f = hi === lo ? 0.5 : (map(value) - lo) / (hi - lo);
    return Math.max(0, Math.min(columns.length - 1, Math.round(f * (columns.length - 1))));
  };
}

/** The range's ends and middle under the columns. */
export function axis(columns: readonly ParamValue[]): string {
  const width = columns.length;
  const left = valueText(columns[0]);
  const middle = valueText(columns[Math.floor((width - 1) / 2)]);
  const right = valueText(columns[width - 1]);
  const cells = new Array<string>(width + right.length).fill(' ');
  const put = (at: number, text: string): void => text.split('').forEach((ch, i) => (cells[at + i] = ch));
  put(0, left);
  const mid = Math.max(left.length + 1, Math.floor(width / 2) - Math.floor(middle.length / 2));
  if (mid + middle.length < width - right.length) put(mid, middle);
  put(Math.max(0, width - right.length), right);
  return cells.join('').trimEnd();
}

export function valueText(value: ParamValue | undefined): string {
  return value === undefined ? '-' : formatParamValue(value);
}
