// What a caller from plain JavaScript can get wrong in createOptimizer's options: a sentence for each,
// as algo and the pruner's settings already have, instead of a search that silently goes another way
// (a goal of 'max' minimized) or a TypeError from deep in a sampler.
import { validateConfig } from '../space/validate.js';
import type { Config, Space } from '../space/types.js';
import { describe, nestedKeyProblem, optionValuesProblem } from './nested-options.js';
import type { OptimizerOptions } from './types.js';

const GOALS: readonly unknown[] = ['minimize', 'maximize'];
const PRESETS: readonly unknown[] = ['default', 'hyperopt'];

const whole = (value: unknown, min: number): boolean => typeof value === 'number' && Number.isInteger(value) && value >= min;

/** The keys of OptimizerOptions: another (`algorithm`, `maximize`) would be ignored, and the search go another way. */
const OPTION_KEYS: readonly string[] = ['algo', 'seed', 'goal', 'tpe', 'gp', 'auto', 'pruner', 'budget', 'gpFit'];

/** Why these options cannot run, or null. */
export function optionsProblem(options: OptimizerOptions): string | null {
  if (typeof options !== 'object' || options === null) return `the options are an object such as { algo: 'auto', seed: 0 } (got ${describe(options)})`;
  const unknown = Object.keys(options).find((key) => !OPTION_KEYS.includes(key));
  if (unknown !== undefined) return `unknown option ${JSON.stringify(unknown)}; the options are ${OPTION_KEYS.slice(0, 8).join(', ')}`;
  const nested = nestedKeyProblem(options as Record<string, unknown>);
  if (nested !== null) return nested;
  if (options.goal !== undefined && !GOALS.includes(options.goal)) return `goal must be 'minimize' or 'maximize' (got ${JSON.stringify(options.goal)})`;
  if (options.seed !== undefined && !(typeof options.seed === 'number' ? Number.isFinite(options.seed) : typeof options.seed === 'string')) {
    return `seed must be a number or a string (got ${describe(options.seed)})`;
  }
  if (options.budget !== undefined && !whole(options.budget, 1)) return `budget is the study's number of trials, a whole number >= 1 (got ${describe(options.budget)})`;
  const gp = options.gp ?? {};
  if (gp.startupTrials !== undefined && !whole(gp.startupTrials, 0)) return `gp.startupTrials must be a whole number >= 0 (got ${describe(gp.startupTrials)})`;
  if (gp.shortBudget !== undefined && !whole(gp.shortBudget, 0)) return `gp.shortBudget must be a whole number of trials >= 0 (got ${describe(gp.shortBudget)})`;
  if (gp.normalSpan !== undefined && !(typeof gp.normalSpan === 'number' && gp.normalSpan > 0 && gp.normalSpan <= 8)) {
    return `gp.normalSpan is how many standard deviations a normal family's input reaches, above 0 and at most 8 (got ${describe(gp.normalSpan)})`;
  }
  const tpe = options.tpe ?? {};
  if (tpe.preset !== undefined && !PRESETS.includes(tpe.preset)) return `tpe.preset must be 'default' or 'hyperopt' (got ${JSON.stringify(tpe.preset)})`;
  if (tpe.startupTrials !== undefined && !whole(tpe.startupTrials, 0)) return `tpe.startupTrials must be a whole number >= 0 (got ${JSON.stringify(tpe.startupTrials)})`;
  if (tpe.candidates !== undefined && !whole(tpe.candidates, 1)) return `tpe.candidates must be a whole number >= 1 (got ${JSON.stringify(tpe.candidates)})`;
  if (tpe.gamma !== undefined && !(typeof tpe.gamma === 'number' && tpe.gamma > 0 && tpe.gamma <= 1)) {
    return `tpe.gamma is the share of trials in the good group, above 0 and at most 1 (got ${JSON.stringify(tpe.gamma)})`;
  }
  if (tpe.priorWeight !== undefined && !(typeof tpe.priorWeight === 'number' && Number.isFinite(tpe.priorWeight) && tpe.priorWeight >= 0)) {
    return `tpe.priorWeight must be a number >= 0 (got ${JSON.stringify(tpe.priorWeight)})`;
  }
  if (tpe.minBandwidth !== undefined && !(typeof tpe.minBandwidth === 'number' && tpe.minBandwidth > 0 && tpe.minBandwidth < 1)) {
    return `tpe.minBandwidth is a share of a parameter's range, above 0 and below 1 (got ${JSON.stringify(tpe.minBandwidth)})`;
  }
  return optionValuesProblem(options);
}

const STATES: readonly unknown[] = ['running', 'complete', 'failed', 'pruned', 'interrupted'];

/**
 * Why a history passed to createOptimizer cannot be read, or null: an array of trial records, each
 * with its own numeric id, a state, a number as a complete trial's value and parameters of the space.
 * A record otherwise (Optuna's 'COMPLETE', a value read from a CSV as text, a renamed label) was
 * ignored or modelled as garbage, and the search went another way (a user audit).
 */
export function historyProblem(history: unknown, space: Space): string | null {
  if (!Array.isArray(history)) return `the past trials are an array of { id, params, state, value } (got ${describe(history)})`;
  const ids = new Set<number>();
  for (const t of history as unknown[]) {
    const givenId = typeof t === 'object' && t !== null ? (t as { id?: unknown }).id : undefined;
    if (!whole(givenId, 0)) return `each past trial needs an id, a whole number >= 0 (got ${describe(typeof t === 'object' && t !== null ? givenId : t)})`;
    const { id, state, value, params, curve, step, firstStep } = t as { id: number; state?: unknown; value?: unknown; params?: unknown; curve?: unknown; step?: unknown; firstStep?: unknown };
    if (ids.has(id)) return `two past trials have the id ${id}`;
    ids.add(id);
    if (!STATES.includes(state)) return `past trial ${id}: state must be one of ${STATES.join(', ')} (got ${describe(state)})`;
    // NaN and infinities too: tell() records such a result as failed, and a complete NaN was best() for ever (a user audit)
    if (state === 'complete' ? !Number.isFinite(value) : value !== null && value !== undefined && !Number.isFinite(value)) {
      return `past trial ${id}: ${state === 'complete' ? "a complete trial's value is a finite number (a NaN or infinite result is a failed trial)" : 'value is a finite number or null'} (got ${describe(value)})`;
    }
    for (const [name, given] of [['step', step], ['firstStep', firstStep]] as const) {
      if (given !== undefined && !whole(given, 0)) return `past trial ${id}: ${name} is the step a trial reported, a whole number >= 0 (got ${describe(given)})`;
    }
    if (typeof params !== 'object' || params === null || Array.isArray(params)) return `past trial ${id}: params is an object of the space's labels (got ${describe(params)})`;
    const wrong = validateConfig(space, params as Config)[0];
    if (wrong !== undefined) return `past trial ${id}: ${wrong}`;
    // a failed trial's error is text, as tell takes it (a number was kept and saved)
    const { error } = t as { error?: unknown };
    if (error !== undefined && error !== null && typeof error !== 'string') return `past trial ${id}: error is a failed trial's reason, a string (got ${describe(error)})`;
    if (curve !== undefined && !curveShaped(curve)) return `past trial ${id}: a curve is { steps, values }, two arrays of one length, of numbers (a value may be null, as JSON writes NaN), its steps whole numbers never going back`;
  }
  return null;
}

function curveShaped(curve: unknown): boolean {
  if (typeof curve !== 'object' || curve === null) return false;
  const { steps, values } = curve as { steps?: unknown; values?: unknown };
  const numbers = (a: unknown, nulls: boolean): a is unknown[] => Array.isArray(a) && a.every((v) => typeof v === 'number' || (nulls && v === null));
  // steps are whole numbers that never go back (a step 1.5 passed here; a re-audit); 0 too, a program's epoch 0 as run records it
  return numbers(steps, false) && numbers(values, true) && steps.length === values.length && steps.every((step, i) => whole(step, 0) && (i === 0 || (step as number) >= (steps[i - 1] as number)));
}

/** Why `tell` cannot record this result, or null. */
export function tellProblem(result: unknown): string | null {
  if (typeof result === 'number') return null;
  const state = typeof result === 'object' && result !== null ? (result as { state?: unknown }).state : undefined;
  if (state === 'failed' || state === 'pruned' || state === 'interrupted') {
    // from plain JavaScript a key these forms do not have was dropped unsaid (a library user's audit)
    const extra = Object.keys(result as object).find((key) => key !== 'state' && !(state === 'failed' && key === 'error'));
    if (extra === 'value' && state === 'pruned') return "tell: a pruned trial's value is the last one report() gave: report(id, step, value), then tell(id, { state: 'pruned' })";
    if (extra !== undefined) return `tell: { state: '${state}' } has no ${JSON.stringify(extra)}${state === 'failed' ? " (only error, a string)" : ''}`;
    const error = (result as { error?: unknown }).error;
    if (error !== undefined && typeof error !== 'string') return `tell: a failed trial's error is a string (got ${describe(error)})`;
    return null;
  }
  return `tell takes the trial's value (a number) or { state: 'failed' | 'pruned' | 'interrupted' } (got ${describe(result)})`;
}

/** Why `report` cannot record this value, or null: steps count from 1 and go forward; a value is a number (NaN included). */
export function reportProblem(step: unknown, value: unknown, lastStep: number | undefined): string | null {
  if (!whole(step, 1)) return `report: a step is a whole number from 1, such as the epoch (got ${describe(step)})`;
  if (lastStep !== undefined && (step as number) < lastStep) return `report: step ${String(step)} comes after step ${lastStep}; steps never go back`;
  // a second value for one step (a training and a validation loss, say) made a curve the pruner read as two epochs (a library user's audit)
  if (step === lastStep) return `report: step ${lastStep} has its value already; one value a step, the metric the trial is judged by`;
  if (typeof value !== 'number') return `report: the value must be a number (got ${describe(value)})`;
  return null;
}
