// How to tell a lucky best from the configuration the model rates best, from what ran already: run
// them again, wait for the queued runs, or compare the means of their runs (a t-test).
import { formatEstimate as estimate, formatValue } from './format.js';
import type { NoiseReading, RatedTrial } from './noise-reading.js';

/** How to tell the two apart: its sentences, the last ending where `command` (to copy whole) follows, when there is one. */
export interface NoiseAdvice {
  text: string[];
  command: string | null;
}

/**
 * How to tell the two apart, from what ran already: once both configurations ran more than once the
 * note compares their means (it advised "run both again" after they had, as often as one asked: a noise
 * audit); a configuration already queued again is not to be queued once more.
 */
export function noiseAdvice({ best, pick, goal }: NoiseReading, rerunHint: (ids: number[]) => string, resumeHint = 'hypertune resume'): NoiseAdvice {
  const both = [best, pick];
  if (both.every((t) => t.runs.length >= 2)) {
    const [a, b] = both.map((t) => meanAndError(t.runs)) as [MeanAndError, MeanAndError];
    const compared = `Run more than once: trial ${best.id}'s configuration averages ${formatValue(a.mean)} \u00b1 ${estimate(a.error)} over ${best.runs.length} complete runs, trial ${pick.id}'s ${formatValue(b.mean)} \u00b1 ${estimate(b.error)} over ${pick.runs.length} (mean \u00b1 standard error).`;
    const gapError = Math.hypot(a.error, b.error);
    const t = tQuantile975(Math.min(best.runs.length, pick.runs.length) - 1);
    const gap = Math.abs(a.mean - b.mean);
    if (gap > t * gapError) {
      const ahead = (goal === 'maximize') === a.mean > b.mean ? best : pick;
      return { text: [compared, `Trial ${ahead.id}'s configuration is ahead by more than the gap's noise (a 95 % t-test on the two means): deploy that one.`], command: null };
    }
    // runs of each that would pass the same test, were the means and spreads to hold (at least as many as ran)
    const needed = Math.ceil((t ** 2 * (a.error ** 2 * best.runs.length + b.error ** 2 * pick.runs.length)) / Math.max(gap ** 2, Number.MIN_VALUE));
    return { text: [compared, `Their runs cannot tell them apart yet: the gap is within the noise (${needed > 1e4 ? 'over 10,000' : `about ${needed}`} runs of each would settle it, were the means to hold); one more of each: `], command: rerunHint([best.id, pick.id]) };
  }
  const queued = both.filter((t) => t.queued > 0 && t.runs.length < 2);
  const toRun = both.filter((t) => t.queued === 0 && t.runs.length < 2);
  const named = (trials: readonly RatedTrial[]): string => (trials.length === 2 ? 'both' : `trial ${(trials[0] as RatedTrial).id}'s configuration`);
  if (toRun.length === 0) return { text: [`To tell them apart, ${named(queued)} ${queued.length === 2 ? 'are' : 'is'} queued to run again: run ${queued.length === 2 ? 'them' : 'it'} with ${resumeHint}, then "Configurations run more than once" compares the means.`], command: null };
  const waiting = queued.length === 0 ? '' : ` (${named(queued)} is queued already: run it with ${resumeHint})`;
  return { text: [`To tell them apart, run ${toRun.length === 2 ? 'both' : `trial ${(toRun[0] as RatedTrial).id}`} again${waiting}: `], command: rerunHint(toRun.map((t) => t.id)) };
}

export interface MeanAndError {
  mean: number;
  /** The standard error of the mean: the sample sd over the square root of the count. */
  error: number;
}

/** The mean of a configuration's runs (one or more). */
export function meanOf(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** The mean of a configuration's runs and its standard error (two runs or more). */
export function meanAndError(values: readonly number[]): MeanAndError {
  const mean = meanOf(values);
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, error: Math.sqrt(variance / values.length) };
}

/** Student's t at 97.5 %, for a two-sided 95 % test; df the smaller count less one (Welch's conservative bound). */
function tQuantile975(df: number): number {
  const table = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131];
  return table[df - 1] ?? (df <= 30 ? 2.09 : 1.98);
}
