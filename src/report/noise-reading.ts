// The best measured trial of a noisy metric is the luckiest draw as much as the best configuration:
// the more trials, the luckier (a user audit, session 49: heavy-tailed noise, a best of -3.9 where its
// configuration's true loss was 1.41). The GP's fit reads the noise and smooths it out; its mean at
// each complete trial ranks the configurations by what they would give on average (the in-sample
// "best by model" of Ax/BoTorch). Measured (docs/importance.md, "Noise"): on noisy problems the model's
// pick is 2-4x closer to the optimum than the best measured trial; on noise-free ones the same trial
// or a near neighbour.
import type { GpPicture } from '../engine/index.js';
import type { Goal } from '../space/types.js';
import type { TrialRecord } from '../study/types.js';
import { formatValue } from './format.js';

export interface RatedTrial {
  id: number;
  value: number;
  /** The model's mean for its configuration (the metric's units). */
  predicted: number;
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
}

/** What the model says of the best trial and which configuration it rates best; null without a model or a complete trial. */
export function readNoise(picture: GpPicture | null, trials: readonly TrialRecord[], goal: Goal): NoiseReading | null {
  if (picture === null) return null;
  const sign = goal === 'maximize' ? -1 : 1;
  const complete = trials.filter((t) => t.state === 'complete' && t.value !== null && Number.isFinite(t.value));
  if (complete.length === 0) return null;
  const predicted = picture.predictLoss(complete.map((t) => t.params)).map((loss) => sign * loss);
  const rated = complete.map((t, i) => ({ id: t.id, value: t.value as number, predicted: predicted[i] as number }));
  const better = (a: number, b: number): boolean => sign * a < sign * b;
  const pickOf = (key: 'value' | 'predicted'): RatedTrial => rated.reduce((best, t) => (better(t[key], best[key]) ? t : best));
  const best = pickOf('value');
  return { noiseSd: picture.noiseSd, best, pick: pickOf('predicted'), bestLuck: picture.noiseSd > 0 ? (sign * (best.predicted - best.value)) / picture.noiseSd : 0 };
}

/**
 * How many noise sds the best trial's result lies past what the model predicts for it before the
 * summary calls it possibly lucky. Without it, a converged noise-free study (branin, 5 of 6 seeds)
 * had the model prefer a neighbour 1e-5 worse; at 1 sd, six seeds of each (auto, 60 trials): noisy_bowl3
 * 4 notes, every one naming a truly better trial; branin, hartmann6, rosenbrock5, ackley5, spiky_bowl4
 * none; levy5 1 and shekel10 3 (wells narrower than the fit, read as noise; the trial named 1.01-1.2x worse).
 */
const LUCKY_SDS = 1;

/** A model's estimate to three significant digits: more would claim a precision the fit does not have. */
const estimate = (value: number): string => String(Number(value.toPrecision(3)));

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
export function noiseLines(reading: NoiseReading | null, metric: string, rerunHint: (ids: number[]) => string): string[] {
  const lucky = luckyBest(reading);
  if (lucky === null) return [];
  const note = noiseNote(lucky, metric);
  return ['', `Noise: ${note.noise}`, `  ${note.lucky}`, `  To tell them apart, run both again: ${rerunHint([lucky.best.id, lucky.pick.id])}`];
}
