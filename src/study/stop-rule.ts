// When a study stops before its target: once a result is good enough (hyperopt's `loss_threshold`,
// Katib's objective goal), or once trials have stopped bringing progress (hyperopt's `no_progress_loss`,
// the `patience` and `min_delta` of Keras' EarlyStopping, applied to trials instead of epochs).
import type { Goal } from '../space/types.js';
import type { Trial } from './types.js';

export interface StopRule {
  /** Stop once a complete trial's value reaches this (at or below it when minimizing, at or above when maximizing); null: never. */
  at: number | null;
  /** Stop once this many trials in a row, in the order they finished, brought no progress; null: never. */
  patience: number | null;
  /** Progress: a complete trial better than the best before it by more than this (in the metric's units). */
  minDelta: number;
}

export const NO_STOP_RULE: StopRule = { at: null, patience: null, minDelta: 0 };

/** Which rule stopped the study, and the trial that shows it (for `patience`: the last one that made progress). */
export type StopRuleMet = { rule: 'at'; trial: number; value: number } | { rule: 'patience'; trial: number; value: number; since: number };

/** The study's stop rule as last changed (a `stop_changed` event), else `created`: the rule its stored options give. */
export function studyStopRule(state: { stopRule?: StopRule }, created: StopRule): StopRule {
  return state.stopRule ?? created;
}

/** Whether two rules stop a study alike: a change to store, or none. */
export function sameStopRule(a: StopRule, b: StopRule): boolean {
  return a.at === b.at && a.patience === b.patience && a.minDelta === b.minDelta;
}

export function hasStopRule(rule: StopRule): boolean {
  return rule.at !== null || rule.patience !== null;
}

/** Whether the study's finished trials meet its stop rule; null while they do not. Running trials wait for their results. */
export function stopRuleMet(trials: readonly Trial[], goal: Goal, rule: StopRule): StopRuleMet | null {
  if (!hasStopRule(rule)) return null;
  const better = (a: number, b: number, by: number): boolean => (goal === 'minimize' ? a < b - by : a > b + by);
  const finished = trials
    .filter((t) => t.state === 'complete' || t.state === 'failed' || t.state === 'pruned')
    .sort((a, b) => (a.finishedAt ?? 0) - (b.finishedAt ?? 0) || a.id - b.id);
  let progress: Trial | null = null;
  let since = 0;
  for (const trial of finished) {
    const value = trial.state === 'complete' && trial.value !== null && Number.isFinite(trial.value) ? trial.value : null;
    if (value !== null && rule.at !== null && !better(rule.at, value, 0)) return { rule: 'at', trial: trial.id, value };
    if (value !== null && (progress === null || better(value, progress.value as number, rule.minDelta))) {
      progress = trial;
      since = 0;
    } else if (progress !== null) {
      since += 1;
    }
  }
  // before the first complete trial there is nothing to improve on: failures in a row are --max-failures' to judge
  if (rule.patience !== null && progress !== null && since >= rule.patience) return { rule: 'patience', trial: progress.id, value: progress.value as number, since };
  return null;
}

/** What stopped the study, in one line (stopRuleText); null while its rule is not met. */
export function stoppedEarly(trials: readonly Trial[], goal: Goal, rule: StopRule, metric: string): string | null {
  const met = stopRuleMet(trials, goal, rule);
  return met === null ? null : stopRuleText(met, rule, metric);
}

/** One line for the end of a run, `summary` and `ask`: what stopped the study. */
export function stopRuleText(met: StopRuleMet, rule: StopRule, metric: string): string {
  const value = Number(met.value.toPrecision(6));
  if (met.rule === 'at') return `trial ${met.trial} reached ${metric} ${value} (stop at ${rule.at})`;
  const delta = rule.minDelta > 0 ? ` by more than ${rule.minDelta}` : '';
  return `${met.since} trial${met.since === 1 ? '' : 's'} in a row did not improve on trial ${met.trial}'s ${metric} ${value}${delta} (patience ${rule.patience})`;
}
