// `show best --by model`: the configuration the model of the study rates best, to deploy, where `show
// best` gives the best single run (the luckiest draw of a noisy metric as much as the best configuration:
// reports.md, "A lucky best"). Its predicted mean, and the runs of its configuration.
import { formatEstimate, formatValue } from './format.js';
import { meanAndError, meanOf } from './noise-advice.js';
import type { NoiseReading, RatedTrial } from './noise-reading.js';

export interface ModelBest {
  reading: NoiseReading;
  /** The model's sd of the pick's mean (not of one run), in the metric's units. */
  predictedSd: number;
  /** The complete trials of the pick's configuration, in id order. */
  runIds: number[];
  metric: string;
}

/** Ids as a line: past eight, the first six and the last (the count is said before them). */
function idsText(ids: readonly number[]): string {
  return ids.length <= 8 ? ids.join(', ') : `${ids.slice(0, 6).join(', ')}, ..., ${ids[ids.length - 1] ?? ''}`;
}

/** What its runs give: the one value, or their mean and its standard error. */
function runsText(t: RatedTrial): string {
  if (t.runs.length < 2) return `1 complete run, ${formatValue(t.value)}`;
  const { mean, error } = meanAndError(t.runs);
  return `${t.runs.length} complete runs, mean ${formatValue(mean)}, standard error ${formatEstimate(error)}`;
}

/** The lines `show best --by model` prints above the trial's page. */
export function modelBestText({ reading, predictedSd, runIds, metric }: ModelBest): string {
  const { pick, rival } = reading;
  const lines = [
    `The model's best configuration (the GP's mean over the study, its neighbours' runs included): trial ${pick.id}'s, predicted ${metric} ${formatEstimate(pick.predicted)} \u00b1 ${formatEstimate(predictedSd)} (the model's sd of its mean)`,
    `  its runs: ${runsText(pick)}${runIds.length > 1 ? ` (trials ${idsText(runIds)})` : ''}`,
  ];
  if (pick.id !== reading.best.id) lines.push(`  the best single run is trial ${reading.best.id}'s ${formatValue(reading.best.value)}, predicted ${formatEstimate(reading.best.predicted)} for its configuration (hypertune show best)`);
  if (rival !== undefined) lines.push(`  the model cannot tell it from trial ${rival.id}'s configuration (${runsText(rival)}, predicted ${formatEstimate(rival.predicted)}): run trial ${pick.id} again to compare their means`);
  return `${lines.join('\n')}\n\n`;
}

/** Its figures for `show best --by model --json`, under `model`. */
export function modelBestJson({ reading, predictedSd, runIds }: ModelBest): Record<string, unknown> {
  const { pick, rival } = reading;
  return {
    predicted: pick.predicted,
    predicted_sd: predictedSd,
    runs: runIds,
    mean: meanOf(pick.runs),
    best_single_run: { id: reading.best.id, value: reading.best.value, predicted: reading.best.predicted },
    rival: rival === undefined ? null : { id: rival.id, predicted: rival.predicted, runs: rival.runs.length, mean: meanOf(rival.runs), separation: rival.separation },
  };
}
