/** Numbers as a reader wants them: integers whole, five significant digits, exponents only when tiny or huge. */
export function fmt(v: unknown): string {
  if (v === null || v === undefined) return '–';
  if (v === '') return '""';
  if (typeof v !== 'number') return String(v);
  if (!isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return Number(v.toPrecision(4)).toExponential();
  return String(Number(v.toPrecision(5)));
}

/**
 * An axis tick, a few characters wide: `digits` significant digits at most, exponents past a million or under a
 * thousandth (-8.6e12, 1e10, 2.5e-7). fmt prints whole numbers whole, and -8600000000000 ran into the axis title (a user audit).
 */
export function tickText(v: number, digits = 6): string {
  if (!isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return Number(v.toPrecision(digits)).toExponential().replace('e+', 'e');
  return String(Number(v.toPrecision(digits)));
}

/** Values spanning several decades read better on a log axis. */
export function wantsLog(values: readonly number[]): boolean {
  if (values.length < 2) return false;
  let lo = Infinity;
  let hi = -Infinity;
  values.forEach((v) => {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  });
  return lo > 0 && hi / lo > 100;
}

/** Mix two hex colours; t = 0 gives a, 1 gives b. */
export function mix(a: string, b: string, t: number): string {
  const channels = (hex: string): number[] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const pa = channels(a);
  const pb = channels(b);
  return 'rgb(' + pa.map((x, i) => Math.round(x + ((pb[i] ?? x) - x) * t)).join(',') + ')';
}

/**
 * A parameter's value where the page has a line for it: a 10 KB option ran the best trial's line, the
 * table and the plots 80,000 px wide (a user audit, "large spaces"). Its start and end; `title` carries it whole.
 */
export function valueText(v: unknown, max = 60): { text: string; title: string | null } {
  const text = fmt(v);
  return text.length > max ? { text: shortName(text, max), title: text } : { text, title: null };
}

/** Every `step`-th of `count` labels, so that labels of `size` px along `room` px do not overlap (a choice of 300 options). */
export function labelStep(count: number, size: number, room: number): number {
  return Math.max(1, Math.ceil((count * size) / Math.max(1, room)));
}

/** A long name kept to its start and end, where a plot has room for a few dozen characters (the whole name on hover or in the table). */
export function shortName(name: string, max = 22): string {
  // an empty option (choice("--augment", ""), a switch left off) had a blank tick in every plot (a user audit)
  if (name === '') return '""';
  return name.length > max ? name.slice(0, Math.ceil((max - 1) / 2)) + '…' + name.slice(-Math.floor((max - 1) / 2)) : name;
}
