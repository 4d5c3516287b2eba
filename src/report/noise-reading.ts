// The best measured trial of a noisy metric is the luckiest draw as much as the best configuration:
// the more trials, the luckier (a user audit, session 49: heavy-tailed noise, a best of -3.9 where its
// configuration's true loss was 1.41). The GP's fit reads the noise and smooths it out; its mean at
// each complete trial ranks the configurations by what they would give on average (the in-sample
// "best by model" of Ax/BoTorch). Measured (docs/importance.md, "A lucky best"): on noisy problems the
// model's pick has a 1.6-5.6x lower true regret than the best measured trial; on noise-free ones it is
// the same trial or a near neighbour, and the note (LUCKY_SDS) mostly stays away.
import { configKey, type GpPicture } from '../engine/index.js';
import type { Config, Goal } from '../space/types.js';
import type { TrialRecord } from '../study/types.js';
import { formatEstimate, formatEstimates, formatValue } from './format.js';
import { meanAndError, noiseAdvice } from './noise-advice.js';

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
  /** A configuration run more often than the pick that the model cannot tell from it (closeRival); `separation`: the pick's lead in sds of the difference. */
  rival?: RatedTrial & { separation: number };
  /** How far the best trial's result lies past the model's prediction for it, in noise sds (better: positive). */
  bestLuck: number;
  /** The median complete result's distance from the best one (the metric's units): what choosing well is worth. */
  spread: number;
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
    return { id: t.id, key, params: t.params, value: t.value as number, predicted: predicted[i] as number, runs: group.runs, queued: group.queued };
  });
  const better = (a: number, b: number): boolean => sign * a < sign * b;
  const pickOf = (key: 'value' | 'predicted'): (typeof rated)[number] => rated.reduce((best, t) => (better(t[key], best[key]) ? t : best));
  const best = pickOf('value');
  // another run of the best trial's own configuration is no other configuration (a noise audit: ten
  // runs of one, and the note told to run trial 55 and trial 50 "both again", the same thing twice)
  const modelPick = pickOf('predicted');
  const pick = modelPick.key === best.key ? best : modelPick;
  const close = closeRival(pick, rated, picture.separation);
  // the best trial's own configuration is named by the best trial
  const rival = close !== null && close.key === best.key ? { ...best, separation: close.separation } : close;
  const plain = ({ key: _key, params: _params, ...trial }: (typeof rated)[number]): RatedTrial => trial;
  return {
    noiseSd: picture.noiseSd,
    best: plain(best),
    pick: plain(pick),
    ...(rival === null ? {} : { rival: { ...plain(rival), separation: rival.separation } }),
    bestLuck: picture.noiseSd > 0 ? (sign * (best.predicted - best.value)) / picture.noiseSd : 0,
    spread: Math.abs(medianOf(rated.map((t) => t.value)) - best.value),
    goal,
  };
}

/**
 * How many posterior sds of their difference the model's pick must lead a configuration measured more
 * often by before the note calls it better without a word of that one (a one-sided 95 % test).
 */
const SURE_Z = 1.645;

/**
 * A configuration with more complete runs than the pick (two or more) that the model cannot tell from
 * it: the most runs, then the closest mean; null when there is none. A user audit: a configuration run
 * once (407) was named best over one run ten times (mean 502) with no word of it, the GP's means 1.6
 * apart with sds of about 20. The pick stays the model's best mean, which already weighs the ten runs:
 * naming the configuration measured more often instead made the named one truly worse (re-runs of the
 * best measured ones, seeds 5000..5009: docs/importance.md, "A lucky best"), so the note names both.
 */
export function closeRival<T extends { key: string; params: Config; predicted: number; runs: readonly number[] }>(pick: T, rated: readonly T[], separation: (a: Config, b: Config) => number): (T & { separation: number }) | null {
  const seen = new Set([pick.key]);
  let rival: (T & { separation: number }) | null = null;
  for (const t of rated) {
    if (seen.has(t.key) || t.runs.length <= Math.max(1, pick.runs.length)) continue;
    seen.add(t.key);
    const z = separation(pick.params, t.params);
    if (z >= SURE_Z) continue;
    const closer = rival === null || t.runs.length > rival.runs.length || (t.runs.length === rival.runs.length && Math.abs(t.predicted - pick.predicted) < Math.abs(rival.predicted - pick.predicted));
    if (closer) rival = { ...t, separation: z };
  }
  return rival;
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

/**
 * The noise, as a share of the median result's distance from the best, below which the note stays
 * away: there a lucky run has moved the best by little against what the search found. The README's
 * own study (a deterministic program) got the note with the model's noise 5-6 % of it (a user audit).
 * Held out (60 trials, seeds 7000..7009; docs/importance.md, "A note only where the noise matters"): at 0.1 the notes on noisy
 * problems fall from 87 to 53, those naming a truly better trial from 61 to 38, the dropped ones worth a
 * median 0.27 % of the spread (at most 2.4 %); on noise-free problems from 20 to 16 (rugged ones, where
 * a fit reads noise, keep theirs: the note's "if the metric is noisy" stays).
 */
const MATERIAL_NOISE = 0.1;

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** A model's estimate to three significant digits (format.ts). */
const estimate = formatEstimate;

/**
 * The reading when the note is due: the model rates another trial best, the best trial's result lies
 * LUCKY_SDS or more past its prediction, and the noise is material (MATERIAL_NOISE).
 */
export function luckyBest(reading: NoiseReading | null): NoiseReading | null {
  if (reading === null || reading.pick.id === reading.best.id || reading.bestLuck < LUCKY_SDS || reading.noiseSd < MATERIAL_NOISE * reading.spread) return null;
  // its configuration run again gave the very same value: a program that gives one value per
  // configuration has no lucky runs (a user audit: re-runs came back identical, the note asked again)
  const runs = reading.best.runs;
  const same = runs.length >= 2 && Math.max(...runs) - Math.min(...runs) <= 1e-12 * Math.max(1, Math.abs(runs[0] as number));
  return same ? null : reading;
}

/**
 * The note in two sentences, as summary prints them and the report shows them: the noise the model
 * reads, then what it predicts for the best trial and the trial it rates best.
 */
export function noiseNote(reading: NoiseReading, metric: string): { noise: string; lucky: string } {
  const { best, pick, rival, noiseSd } = reading;
  // a configuration run more than once is measured by the mean of its runs, not the one trial that names it
  const measured = (t: RatedTrial): string => {
    if (t.runs.length < 2) return `measured ${formatValue(t.value)}`;
    const { mean, error } = meanAndError(t.runs);
    return `mean of ${t.runs.length} complete runs ${formatValue(mean)} \u00b1 ${estimate(error)} standard error`;
  };
  const [bestSays, pickSays] = formatEstimates(best.predicted, pick.predicted);
  const close = rival === undefined ? '' : ` It cannot tell it from trial ${rival.id}'s configuration, run more often (${measured(rival)}, predicted ${estimate(rival.predicted)}): the gap between their predictions is ${Math.max(0, rival.separation).toFixed(2)} sd of the model's uncertainty, under the ${SURE_Z} a 95 % test asks.`;
  return {
    noise: `the model of the study reads about \u00b1${estimate(noiseSd)} of ${metric} as noise. If ${metric} is noisy (a training seed, a small validation set),`,
    lucky: `trial ${best.id}'s ${formatValue(best.value)} may be a lucky run: the model predicts ${bestSays} for its configuration and rates trial ${pick.id} best (${measured(pick)}, predicted ${pickSays}).${close}`,
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
