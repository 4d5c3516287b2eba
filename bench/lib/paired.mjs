// Paired comparison over seeds: a setting against a baseline run on the same seeds (the same curves
// and the same first trials until their decisions differ), so a difference in medians can be told
// from the seeds' spread.

const FLOOR = 1e-6;
// Student's t at 95 % (one side) for n - 1 degrees of freedom: a two-sided 90 % interval
const T95 = [6.31, 2.92, 2.35, 2.13, 2.02, 1.94, 1.89, 1.86, 1.83, 1.81, 1.8, 1.78, 1.77, 1.76, 1.75, 1.75, 1.74, 1.73, 1.73, 1.72];

/**
 * The geometric mean over seeds of setting / baseline (regrets floored at 1e-6; a seed where either has
 * no result yet is left out), its 90 % interval, and the seeds where the setting is better and worse
 * (by more than 1 %). Returns null when fewer than 2 seeds pair up.
 */
export function pairedRatio(setting, baseline) {
  const logs = [];
  for (let i = 0; i < Math.min(setting.length, baseline.length); i++) {
    const a = setting[i];
    const b = baseline[i];
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    logs.push(Math.log(Math.max(a, FLOOR) / Math.max(b, FLOOR)));
  }
  const n = logs.length;
  if (n < 2) return null;
  const mean = logs.reduce((x, y) => x + y, 0) / n;
  const sd = Math.sqrt(logs.reduce((x, y) => x + (y - mean) ** 2, 0) / (n - 1));
  const half = (T95[Math.min(n - 2, T95.length - 1)] ?? 1.645) * (sd / Math.sqrt(n));
  return {
    ratio: Math.exp(mean),
    low: Math.exp(mean - half),
    high: Math.exp(mean + half),
    better: logs.filter((x) => x < -0.01).length,
    worse: logs.filter((x) => x > 0.01).length,
    n,
  };
}

/**
 * 'worse' when the interval lies above 1, 'better' when below, else null. A cell where no seed differs
 * by more than 1 % has none: studies that end in one basin with regrets a hair apart (narrow_well@50,
 * 0.655 on every seed) give an interval of [1.0, 1.0] that a rounding error puts on either side.
 */
export function pairedVerdict(p) {
  if (p.better + p.worse === 0) return null;
  return p.low > 1 ? 'worse' : p.high < 1 ? 'better' : null;
}

/** "0.62x [0.41, 0.93] 14/5": the ratio, its 90 % interval, seeds better / worse; "worse" when the interval lies above 1. */
export function pairedCell(p) {
  if (p === null) return '–';
  const f = (x) => x.toPrecision(2);
  const v = pairedVerdict(p);
  const verdict = v === 'worse' ? ' **worse**' : v === 'better' ? ' better' : '';
  return `${f(p.ratio)}x [${f(p.low)}, ${f(p.high)}] ${p.better}/${p.worse}${verdict}`;
}
