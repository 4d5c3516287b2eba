import type { Config, Objective, ParamValue } from '../space/types.js';
import { objectiveText } from '../util/objective.js';

/** A metric value as people read it: six significant digits, no trailing noise. */
export function formatValue(value: number | null): string {
  if (value === null) return '-';
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (Number.isInteger(value)) return String(value);
  // six digits of -8601326275929.17 in exponent form: written out, -8601330000000 looked exact (a user audit)
  const rounded = value.toPrecision(6);
  return rounded.includes('e') ? rounded.replace(/\.?0+e/, 'e') : String(Number(rounded));
}

/**
 * A spread or a model's estimate to three significant digits (`\u00b1 500`, not `\u00b1 499.571`):
 * more would claim a precision that a handful of runs, or the fit, does not have.
 */
export function formatEstimate(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(3))) : formatValue(value);
}

/**
 * Two estimates set side by side, to three significant digits or as many more (up to six) as make them
 * differ: "predicts 0.16 ... predicted 0.16" could not say which the model rates better (a user audit).
 */
export function formatEstimates(a: number, b: number): [string, string] {
  for (let digits = 3; digits <= 6; digits++) {
    const [x, y] = [a, b].map((v) => (Number.isFinite(v) ? String(Number(v.toPrecision(digits))) : formatValue(v)));
    if (x !== y || digits === 6) return [x as string, y as string];
  }
  return [formatEstimate(a), formatEstimate(b)];
}

export function formatParamValue(value: ParamValue): string {
  if (typeof value === 'number') return formatValue(value);
  if (typeof value === 'string') return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
  return String(value);
}

/** `lr=0.001 layers=3`, in the configuration's own key order; a value longer than `longest` shortened (a trial's line). */
export function formatParams(params: Config, longest = Infinity): string {
  return Object.entries(params)
    .map(([label, value]) => `${label}=${shortened(formatParamValue(value), longest)}`)
    .join(' ');
}

/** A value cut to `longest` characters, saying how long it was (a 140,000-character option filled the terminal; a user audit). */
export function shortened(text: string, longest: number): string {
  return text.length <= longest ? text : `${text.slice(0, Math.max(1, longest - 20))}\u2026 (${text.length} chars)`;
}

/**
 * `a, b, c, ... (300 options)`: the items (each cut to `longest`) as long as they fit in `width`, at
 * least one, then how many there are in all (a choice of 300 options made a 2,000-column table row).
 */
export function shortList(items: readonly string[], width: number, longest: number, noun: string, separator = ', '): string {
  const texts = items.map((item) => shortened(item, longest));
  const whole = texts.join(separator);
  if (whole.length <= width) return whole;
  const more = `${separator}... (${items.length} ${noun})`;
  const shown: string[] = [];
  let used = 0;
  for (const text of texts) {
    if (shown.length > 0 && used + separator.length + text.length + more.length > width) break;
    used += (shown.length > 0 ? separator.length : 0) + text.length;
    shown.push(text);
  }
  return `${shown.join(separator)}${more}`;
}

/** `12 of 50 trials`; for a study without a trial target (a time budget alone) `12 trials`, `1 trial`. */
export function trialsOfTarget(finished: number, target: number | null): string {
  const trials = `${finished} trial${finished === 1 ? '' : 's'}`;
  if (target === null) return trials;
  // a target lowered below what is done (an edited trials:, ask --trials) is not "6 of 2"
  return finished > target ? `${trials} (target ${target})` : `${finished} of ${target} trials`;
}

/** What a trial's result is, after the metric's name, unless it is the last value (the default): ` (a trial's result is the mean of its last 5 values)`. */
export function objectiveNote(objective: Objective): string {
  return objective === 'last' ? '' : ` (a trial's result is ${objectiveText(objective)})`;
}

/** `4.2s`, `3m05s`, `2h04m`: in util/, since the loop writes durations into trials too. */
export { formatDuration } from '../util/duration.js';

/**
 * The signal that ended a trial's program, as its recorded error names it (`killed by SIGKILL ...`,
 * the runner's words; exit_code is null then): a script reading the JSON had to parse the error for it
 * (a user audit). No field for any other end.
 */
export function signalField(error: string | null): { signal?: string } {
  const signal = /^killed by (SIG[A-Z0-9]+)\b/.exec(error ?? '')?.[1];
  return signal === undefined ? {} : { signal };
}
