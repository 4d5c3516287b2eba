// The best measured trial of a noisy metric is the luckiest draw as much as the best configuration:
// the more trials, the luckier (a user audit, session 49: heavy-tailed noise, a best of -3.9 where its
// configuration's true loss was 1.41). The GP's fit reads the noise and smooths it out; its mean at
// each complete trial ranks the configurations by what they would give on average (the in-sample
// "best by model" of Ax/BoTorch). Measured (docs/importance.md, "A lucky best"): on noisy problems the
// model's pick has a 1.6-5.6x lower true regret than the best measured trial; on noise-free ones it is
// the same trial or a near neighbour, and the note (LUCKY_SDS) mostly stays away.
import { configKey, type GpPicture } from '../engine/index.js';
import type { Goal } from '../space/types.js';
import type { TrialRecord } from '../study/types.js';
import { formatEstimate, formatValue } from './format.js';

export interface RatedTrial {
  id: number;
  value: number;
  /** The model's mean for its configuration (the metric's units). */
  predicted: number;
  /** The complete results of its configuration, this trial's included, in id order. */
  runs: number[];
  /** Runs of its configuration waiting in the queue (enqueued again, not run yet). */
  queued: number;
}

export interface NoiseReading {
  /** The fit's noise as one standard deviation of the metric. */
  noiseSd: number;
  /** The best measured complete trial. */
  best: RatedTrial;
  /** The complete trial whose configuration the model rates best (the best itself when they agree). */
  pick: RatedTrial;
  /** How far the best trial's result lies past the model's prediction for it, in noise sds (better: positive). */
  bestLuck: number;
  goal: Goal;
}

/** What the model says of the best trial and which configuration it rates best; null without a model or a complete trial. */
export function readNoise(picture: GpPicture | null, trials: readonly TrialRecord[], goal: Goal): NoiseReading | null {
  if (picture === null) return null;
  const sign = goal === 'maximize' ? -1 : 1;
  const complete = trials.filter((t) => t.state === 'complete' && t.value !== null && Number.isFinite(t.value));
  if (complete.length === 0) return null;
  const predicted = picture.predictLoss(complete.map((t) => t.params)).map((loss) => sign * loss);
  const groups = new Map<string, { runs: number[]; queued: number }>();
  for (const t of trials) {
    const group = groups.get(configKey(t.params)) ?? { runs: [], queued: 0 };
    if (t.state === 'queued') group.queued += 1;
    else if (t.state === 'complete' && t.value !== null && Number.isFinite(t.value)) group.runs.push(t.value);
    groups.set(configKey(t.params), group);
  }
  const rated = complete.map((t, i) => {
    const key = configKey(t.params);
    const group = groups.get(key) ?? { runs: [], queued: 0 };
    return { id: t.id, key, value: t.value as number, predicted: predicted[i] as number, runs: group.runs, queued: group.queued };
  });
  const better = (a: number, b: number): boolean => sign * a < sign * b;
  const pickOf = (key: 'value' | 'predicted'): (typeof rated)[number] => rated.reduce((best, t) => (better(t[key], best[key]) ? t : best));
  const best = pickOf('value');
  // another run of the best trial's own configuration is no other configuration (a noise audit: ten
  // runs of one, and the note told to run trial 55 and trial 50 "both again", the same thing twice)
  const modelPick = pickOf('predicted');
  const pick = modelPick.key === best.key ? best : modelPick;
  const plain = ({ key: _key, ...trial }: (typeof rated)[number]): RatedTrial => trial;
  return { noiseSd: picture.noiseSd, best: plain(best), pick: plain(pick), bestLuck: picture.noiseSd > 0 ? (sign * (best.predicted - best.value)) / picture.noiseSd : 0, goal };
}

/**
 * How many noise sds the best trial's result lies past what the model predicts for it before the
 * summary calls it possibly lucky. Without it, a converged noise-free study (branin, 5 of 6 seeds)
 * had the model prefer a neighbour 1e-5 worse. At 1 sd, seeds 5000..5009, auto, 60 trials: 24 notes
 * on three noisy problems, 23 naming a truly better trial; none on branin, hartmann6, hpo_mixed,
 * six_hump_camel; 1-4 in 10 on multimodal or crashing noise-free ones (levy5, shekel10, oom5: minima
 * narrower than the fit read as noise), each naming a slightly worse trial (docs/importance.md).
 */
const LUCKY_SDS = 1;

/** A model's estimate to three significant digits (format.ts). */
const estimate = formatEstimate;

/** The reading when the note is due: the model rates another trial best, and the best trial's result lies LUCKY_SDS or more past its prediction. */
export function luckyBest(reading: NoiseReading | null): NoiseReading | null {
  return reading === null || reading.pick.id === reading.best.id || reading.bestLuck < LUCKY_SDS ? null : reading;
}

/**
 * The note in two sentences, as summary prints them and the report shows them: the noise the model
 * reads, then what it predicts for the best trial and the trial it rates best.
 */
export function noiseNote(reading: NoiseReading, metric: string): { noise: string; lucky: string } {
  const { best, pick, noiseSd } = reading;
  return {
    noise: `the model of the study reads about \u00b1${estimate(noiseSd)} of ${metric} as noise. If ${metric} is noisy (a training seed, a small validation set),`,
    lucky: `trial ${best.id}'s ${formatValue(best.value)} may be a lucky run: the model predicts ${estimate(best.predicted)} for its configuration and rates trial ${pick.id} best (measured ${formatValue(pick.value)}, predicted ${estimate(pick.predicted)}).`,
  };
}

/** The summary's lines: nothing unless the best looks lucky (luckyBest); else the note and how to tell the two trials apart. */
export function noiseLines(reading: NoiseReading | null, metric: string, rerunHint: (ids: number[]) => string, resumeHint = 'hypertune resume'): string[] {
  const lucky = luckyBest(reading);
  if (lucky === null) return [];
  const note = noiseNote(lucky, metric);
  const advice = noiseAdvice(lucky, rerunHint, resumeHint);
  const lines = advice.command === null ? advice.text : [...advice.text.slice(0, -1), `${advice.text.at(-1) ?? ''}${advice.command}`];
  return ['', `Noise: ${note.noise}`, `  ${note.lucky}`, ...lines.map((line) => `  ${line}`)];
}

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

interface MeanAndError {
  mean: number;
  /** The standard error of the mean: the sample sd over the square root of the count. */
  error: number;
}

function meanAndError(values: readonly number[]): MeanAndError {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, error: Math.sqrt(variance / values.length) };
}

/** Student's t at 97.5 %, for a two-sided 95 % test; df the smaller count less one (Welch's conservative bound). */
function tQuantile975(df: number): number {
  const table = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131];
  return table[df - 1] ?? (df <= 30 ? 2.09 : 1.98);
}
