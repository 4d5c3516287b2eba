import type { Config, ParamValue } from '../space/types.js';

/** A metric value as people read it: six significant digits, no trailing noise. */
export function formatValue(value: number | null): string {
  if (value === null) return '-';
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(6)));
}

export function formatParamValue(value: ParamValue): string {
  if (typeof value === 'number') return formatValue(value);
  if (typeof value === 'string') return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
  return String(value);
}

/** `lr=0.001 layers=3`, in the configuration's own key order. */
export function formatParams(params: Config): string {
  return Object.entries(params)
    .map(([label, value]) => `${label}=${formatParamValue(value)}`)
    .join(' ');
}

/** `12 of 50 trials`; for a study without a trial target (a time budget alone) `12 trials`, `1 trial`. */
export function trialsOfTarget(finished: number, target: number | null): string {
  return target === null ? `${finished} trial${finished === 1 ? '' : 's'}` : `${finished} of ${target} trials`;
}

/** `4.2s`, `3m05s`, `2h04m`: short enough for a progress line. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '-';
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  // rounded first, so that 119.6 s reads 2m00s (not 1m00s) and 59.7 s reads 1m00s
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m${pad2(whole % 60)}s`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)}h${pad2(minutes % 60)}m`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
