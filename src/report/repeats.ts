// Configurations run more than once (enqueued again to re-evaluate them, or asked again): with a noisy
// metric one run is one draw, and the best single value is the luckiest. Listed apart they made the
// most re-run configuration's luckiest repeat the study's "best" (a noise audit: three runs of one
// configuration, 0.78 to 0.98, mean 0.87, and the summary named the 0.78).
import type { Goal } from '../space/types.js';
import type { Config } from '../space/types.js';
import { formatValue } from './format.js';
import type { TrialSummary } from './summary.js';

export interface RepeatedConfig {
  params: Config;
  /** The complete trials that ran it, in id order. */
  ids: number[];
  mean: number;
  /** Sample standard deviation of its results. */
  sd: number;
}

/** A stable key of a configuration (the order of its labels aside). */
function keyOf(params: Config): string {
  return JSON.stringify(Object.keys(params).sort().map((label) => [label, params[label]]));
}

/** Complete configurations run at least twice, best mean first (by the goal). */
export function repeatedConfigs(trials: readonly TrialSummary[], goal: Goal): RepeatedConfig[] {
  const groups = new Map<string, TrialSummary[]>();
  for (const trial of trials) {
    if (trial.state !== 'complete' || trial.value === null || !Number.isFinite(trial.value)) continue;
    const key = keyOf(trial.params);
    groups.set(key, [...(groups.get(key) ?? []), trial]);
  }
  const sign = goal === 'maximize' ? -1 : 1;
  return [...groups.values()]
    .filter((group) => group.length > 1)
    .map((group) => {
      const values = group.map((trial) => trial.value as number);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
      return { params: (group[0] as TrialSummary).params, ids: group.map((trial) => trial.id).sort((a, b) => a - b), mean, sd };
    })
    .sort((a, b) => sign * (a.mean - b.mean) || (a.ids[0] as number) - (b.ids[0] as number));
}

/** The summary's lines on them: the best few by mean, and what the best trial's own configuration gave. */
export function repeatsLines(repeats: readonly RepeatedConfig[], bestId: number | null, metric: string, shown = 5): string[] {
  if (repeats.length === 0) return [];
  const lines = ['', `Configurations run more than once (${repeats.length}), by their mean ${metric}: one run is one draw of a noisy metric`];
  for (const r of repeats.slice(0, shown)) {
    lines.push(`  trials ${r.ids.join(', ')}: mean ${formatValue(r.mean)} \u00b1 ${formatValue(r.sd)} (sd of ${r.ids.length} runs)`);
  }
  if (repeats.length > shown) lines.push(`  ... ${repeats.length - shown} more (summary --format json: repeats)`);
  const ofBest = bestId === null ? undefined : repeats.find((r) => r.ids.includes(bestId));
  if (ofBest !== undefined) lines.push(`  The best trial, ${bestId}, is one of ${ofBest.ids.length} runs of its configuration: their mean is ${formatValue(ofBest.mean)}.`);
  return lines;
}
