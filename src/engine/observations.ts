import type { ChoiceNode, Config, Goal, ParamNode } from '../space/types.js';
import type { TrialRecord } from '../study/types.js';

/** A trial as the samplers see it: a loss to minimise (sign-flipped for maximize). */
export interface Observation {
  id: number;
  params: Config;
  /** Minimised objective; +Infinity for failed and running trials; a pruned trial's last value. */
  loss: number;
  state: 'complete' | 'failed' | 'pruned' | 'running';
  /** The last step a pruned or complete trial reported (how far it got); 0 when unknown or for other states. */
  step: number;
  /** The first step it reported; 0 when unknown or for other states. */
  firstStep: number;
}

/**
 * Interrupted trials are dropped (they say nothing about the objective); a complete or pruned trial
 * without a finite value counts as failed. Sorted by id so that "older" means "asked earlier".
 */
export function observe(history: readonly TrialRecord[], goal: Goal): Observation[] {
  const sign = goal === 'maximize' ? -1 : 1;
  const out: Observation[] = [];
  for (const trial of history) {
    // a queued configuration has not run yet, and may be partial: nothing to learn from it
    if (trial.state === 'interrupted' || trial.state === 'queued') continue;
    const finite = trial.value !== null && Number.isFinite(trial.value);
    if (trial.state === 'running') out.push({ id: trial.id, params: trial.params, loss: Infinity, state: 'running', step: 0, firstStep: 0 });
    else if (trial.state === 'complete' && finite) out.push({ id: trial.id, params: trial.params, loss: sign * (trial.value as number), state: 'complete', step: trial.step ?? 0, firstStep: trial.firstStep ?? 0 });
    // a pruned trial that diverged (no finite last value) says what a failed one says: avoid this region
    else if (trial.state === 'pruned' && finite) {
      out.push({ id: trial.id, params: trial.params, loss: sign * (trial.value as number), state: 'pruned', step: trial.step ?? 0, firstStep: trial.firstStep ?? 0 });
    } else out.push({ id: trial.id, params: trial.params, loss: Infinity, state: 'failed', step: 0, firstStep: 0 });
  }
  return out.sort((a, b) => a.id - b.id);
}

/** Which option of a choice a configuration took, or -1 when the choice was not active. */
export function optionIndexOf(node: ChoiceNode, params: Config): number {
  if (!(node.label in params)) return -1;
  const value = params[node.label];
  const matches = node.options.flatMap((option, i) => (option.value === value ? [i] : []));
  if (matches.length <= 1) return matches[0] ?? -1;
  // Options sharing a value are told apart by which of their sub-parameters are present.
  const byChildren = matches.find((i) => (node.options[i]?.params ?? []).every((child) => child.label in params));
  return byChildren ?? matches[0] ?? -1;
}

/** Whether a node is active given the option already chosen for each parent (nodes come parents-first). */
export function isActive(node: ParamNode, chosen: ReadonlyMap<string, number>): boolean {
  if (node.condition === null) return true;
  return chosen.get(node.condition.parent) === node.condition.option;
}

/** Whether two configurations hold the same labels with the same values. */
export function sameConfig(a: Config, b: Config): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => k in b && a[k] === b[k]);
}

/** A stable text key of a configuration, to recognise repeats. */
export function configKey(params: Config): string {
  return JSON.stringify(Object.keys(params).sort().map((k) => [k, params[k]]));
}
