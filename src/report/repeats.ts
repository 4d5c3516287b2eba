// Configurations run more than once (enqueued again to re-evaluate them, or asked again): with a noisy
// metric one run is one draw, and the best single value is the luckiest. Listed apart they made the
// most re-run configuration's luckiest repeat the study's "best" (a noise audit: three runs of one
// configuration, 0.78 to 0.98, mean 0.87, and the summary named the 0.78).
import { configKey } from '../engine/index.js';
import type { Goal } from '../space/types.js';
import type { Config } from '../space/types.js';
import { formatEstimate, formatValue } from './format.js';
import type { TrialSummary } from './summary.js';
import { reRunIds } from '../study/history.js';

export interface RepeatedConfig {
  params: Config;
  /** The trials that ran it to an end (complete, failed or pruned), in id order. */
  ids: number[];
  /** How many of them completed, failed, were pruned: a configuration that often crashes is no reliable one. */
  complete: number;
  failed: number;
  pruned: number;
  /** Mean and sample standard deviation of the complete runs' results (sd 0 for one). */
  mean: number;
  sd: number;
  /** The median of the complete runs: one far-off run of a heavy-tailed metric moves the mean, not this. */
  median: number;
}

/**
 * Configurations that ran to an end at least twice with at least one complete run, best mean first (by
 * the goal). A crash run again (`--retries`) is no draw of the metric: it is left out.
 */
export function repeatedConfigs(trials: ReadonlyArray<Pick<TrialSummary, 'id' | 'state' | 'value' | 'params'> & { retryOf?: number | null }>, goal: Goal): RepeatedConfig[] {
  const groups = new Map<string, Array<Pick<TrialSummary, 'id' | 'state' | 'value' | 'params'>>>();
  const rerun = reRunIds(trials);
  for (const trial of trials) {
    if (trial.state !== 'complete' && trial.state !== 'pruned' && (trial.state !== 'failed' || rerun.has(trial.id))) continue;
    const key = configKey(trial.params);
    groups.set(key, [...(groups.get(key) ?? []), trial]);
  }
  const sign = goal === 'maximize' ? -1 : 1;
  const out: RepeatedConfig[] = [];
  for (const group of groups.values()) {
    const values = group.flatMap((t) => (t.state === 'complete' && t.value !== null && Number.isFinite(t.value) ? [t.value] : []));
    if (group.length < 2 || values.length === 0) continue;
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = values.length < 2 ? 0 : Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
    const count = (state: TrialSummary['state']): number => group.filter((t) => t.state === state).length;
    const sorted = [...values].sort((a, b) => a - b);
    const median = ((sorted[Math.floor((sorted.length - 1) / 2)] as number) + (sorted[Math.ceil((sorted.length - 1) / 2)] as number)) / 2;
    out.push({ params: (group[0] as Pick<TrialSummary, 'params'>).params, ids: group.map((t) => t.id).sort((a, b) => a - b), complete: values.length, failed: count('failed'), pruned: count('pruned'), mean, sd, median });
  }
  return out.sort((a, b) => sign * (a.mean - b.mean) || (a.ids[0] as number) - (b.ids[0] as number));
}

/** Ids as a line: past eight, the first six, the last and how many (400 ids made a line of 2,000 characters). */
function idsText(ids: readonly number[]): string {
  return ids.length <= 8 ? ids.join(', ') : `${ids.slice(0, 6).join(', ')}, ..., ${ids[ids.length - 1] ?? ''}`;
}

/** The summary's lines on them: the best few by mean, and what the best trial's own configuration gave. */
export function repeatsLines(repeats: readonly RepeatedConfig[], bestId: number | null, metric: string, shown = 5): string[] {
  if (repeats.length === 0) return [];
  const lines = ['', `Configurations run more than once (${repeats.length}), by their mean ${metric}: one run is one draw of a noisy metric`];
  for (const r of repeats.slice(0, shown)) {
    const others = [r.failed > 0 ? `${r.failed} failed` : '', r.pruned > 0 ? `${r.pruned} pruned` : ''].filter((t) => t !== '').join(', ');
    // a median of two is their mean
    const median = r.complete >= 3 ? `, median ${formatValue(r.median)}` : '';
    lines.push(`  trials ${idsText(r.ids)}: mean ${formatValue(r.mean)} \u00b1 ${formatEstimate(r.sd)}${median} (sd of ${r.complete} complete run${r.complete === 1 ? '' : 's'}${others === '' ? '' : `; ${others} of ${r.ids.length}`})`);
  }
  if (repeats.length > shown) lines.push(`  ... ${repeats.length - shown} more (summary --format json: repeats)`);
  // the pruner stops the runs with the worst early values, so the runs left are the luckier ones (a noise
  // audit: ten runs of the best configuration under asha, three pruned, the mean of the other seven 14 % past its true value)
  if (repeats.slice(0, shown).some((r) => r.pruned > 0)) lines.push(`  A mean is of the complete runs alone: the pruned ones were stopped for poor early values, so where some were pruned the mean flatters its configuration.`);
  const ofBest = bestId === null ? undefined : repeats.find((r) => r.ids.includes(bestId));
  if (ofBest !== undefined) lines.push(`  The best trial, ${bestId}, is one of ${ofBest.ids.length} runs of its configuration: the mean of its complete ones is ${formatValue(ofBest.mean)}.`);
  return lines;
}
