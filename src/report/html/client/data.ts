import type { ParamValue } from '../../../space/types.js';
import type { ReportData, ReportParam, ReportTrial } from '../report-data.js';

/** The study as the page was made: the JSON the generator embedded beside this script. */
export const D: ReportData = JSON.parse(document.getElementById('report-data')?.textContent ?? 'null') as ReportData;

export const COLORS = { good: '#1a9850', bad: '#d73027', ink: '#1f2937', muted: '#9ca3af', accent: '#3b6fd8', best: '#f59e0b' } as const;

export const minimize = D.goal === 'minimize';

/** A complete trial with a finite value: what the scatters and parallel coordinates can place. */
export type ValuedTrial = ReportTrial & { value: number };

export function completeTrials(): ValuedTrial[] {
  return D.trials.filter((t): t is ValuedTrial => t.state === 'complete' && t.value !== null);
}

export function isBest(t: ReportTrial): boolean {
  return D.best !== null && t.id === D.best.id;
}

/** The trial the model rates best, where the best trial's note names it (D.noise). */
export function isModelBest(t: ReportTrial): boolean {
  return D.noise !== null && t.id === D.noise.pick.id;
}

export function isBetter(a: number, b: number | null): boolean {
  return b === null || (minimize ? a < b : a > b);
}

/** A parameter's position on its axis: the option index for a choice, the number otherwise. */
export function position(p: Pick<ReportParam, 'kind' | 'options'>, value: ParamValue | undefined): number | null {
  if (value === undefined) return null;
  if (p.kind === 'choice') {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    const i = p.options.indexOf(text);
    return i < 0 ? null : i;
  }
  return typeof value === 'number' && isFinite(value) ? value : null;
}

/** Spread points of one option sideways so they do not hide each other (stable per trial). */
export function jitter(id: number): number {
  const f = (id * 0.6180339887) % 1;
  return (f - 0.5) * 0.5;
}
