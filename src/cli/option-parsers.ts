import { InvalidArgumentError } from 'commander';
import { parseDuration } from '../util/duration.js';
import { objectiveProblem, readObjective, type Objective } from '../util/objective.js';
import { NO_TRIAL_TARGET } from '../study/types.js';

/** Commander value parsers: each names what it expected and what it got. */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError(`expected a whole number of at least 1, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** A number of trials: a whole number from 1 to a billion (a larger one would read as "no limit"). */
/** A trial count, or `none` for no count (a study bounded by its time budget or stop rule alone, past a space file's trials:). */
export function trialCount(value: string): number {
  if (value.trim() === 'none') return NO_TRIAL_TARGET;
  const n = positiveInteger(value);
  if (n > MAX_TRIALS) throw new InvalidArgumentError(`expected at most ${MAX_TRIALS} trials, got ${JSON.stringify(value)}`);
  return n;
}

const MAX_TRIALS = 1_000_000_000;

export function nonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError(`expected a whole number (0 or more), got ${JSON.stringify(value)}`);
  }
  return n;
}

export function integer(value: string): number {
  const n = Number(value);
  if (!/^[+-]?\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected a whole number, got ${JSON.stringify(value)}`);
  // a whole number past 2^53 is one, but not one a double holds exactly (a user audit: --seed 99999999999999999999999)
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError(`expected a whole number between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}, got ${JSON.stringify(value)}`);
  return n;
}

export function positiveSeconds(value: string): number {
  // a duration as --time-budget takes one (`2h`, `90m`; a user audit), or seconds
  const n = parseDuration(value) ?? Number.NaN;
  if (!Number.isFinite(n) || n <= 0) {
    throw new InvalidArgumentError(`expected a duration above 0 (seconds, or like 90s, 30m, 2h), got ${JSON.stringify(value)}`);
  }
  // Node's timers hold at most 2^31 - 1 ms; a longer one fires at once (a timeout would kill every trial)
  if (n > MAX_TIMER_S) throw new InvalidArgumentError(`expected at most ${MAX_TIMER_S} seconds (24.8 days), got ${value}`);
  return n;
}

const MAX_TIMER_S = Math.floor((2 ** 31 - 1) / 1000);

/** A time budget: `8h`, `90m`, `1h30m`, `2d`, or seconds. */
export function duration(value: string): number {
  const seconds = parseDuration(value);
  if (seconds === null) throw new InvalidArgumentError(`expected a duration like 8h, 90m, 1h30m or a number of seconds, got ${JSON.stringify(value)}`);
  return seconds;
}

export function oneOf<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value) => {
    const found = choices.find((choice) => choice === value);
    if (found === undefined) throw new InvalidArgumentError(`expected one of ${choices.join(', ')}, got ${JSON.stringify(value)}`);
    return found;
  };
}

/** `--objective`: the forms the space file's `objective:` takes. */
export function objectiveFlag(value: string): Objective {
  const objective = readObjective(value);
  if (objective === null) throw new InvalidArgumentError(objectiveProblem(value).replace(/^objective must be /, 'expected '));
  return objective;
}

/**
 * One GPU id as CUDA_VISIBLE_DEVICES takes it: an index, a UUID (`GPU-...`) or a MIG id (`MIG-...`,
 * `MIG-GPU-.../1/0`); `visible` takes this process's own. Any other word gave every trial a
 * CUDA_VISIBLE_DEVICES no device has, and the runs went to the CPU without a word (a user audit).
 */
export const GPU_ID = /^(?:\d+|(?:GPU|MIG)-[\w:/-]+|visible)$/;

/** `0,1,3` -> ['0', '1', '3']. */
export function gpuList(value: string): string[] {
  const ids = value.split(',').map((id) => id.trim());
  if (ids.length === 0 || ids.some((id) => !GPU_ID.test(id))) {
    throw new InvalidArgumentError(`expected GPU ids separated by commas: indexes like 0,1,2, UUIDs (GPU-...) or MIG ids (MIG-...), or visible, got ${JSON.stringify(value)}`);
  }
  return ids;
}

/** A reduction factor: a number of at least 2 (3 keeps a third at each rung). */
export function reductionFactor(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 2) {
    throw new InvalidArgumentError(`expected a number of at least 2, got ${JSON.stringify(value)}`);
  }
  return n;
}

/**
 * `accuracy,train_loss` -> ['accuracy', 'train_loss']: metric names, as the program prints them. A name
 * may hold spaces, as --metric's may (LightGBM's `valid_0's auc`, nanoGPT's `val loss`).
 */
export function metricNames(value: string): string[] {
  const names = value.split(',').map((name) => name.trim());
  if (names.some((name) => name === '' || /[\r\n]/.test(name))) {
    throw new InvalidArgumentError(`expected metric names separated by commas, like accuracy,train_loss, got ${JSON.stringify(value)}`);
  }
  return names;
}

/** `--accept-exit 1,139`: exit codes from 1 to 255, comma-separated (0 is success already); `none`: no code (a resume's way to drop the stored ones). */
export function exitCodes(value: string): number[] {
  if (value.trim() === 'none') return [];
  const words = value.split(',').map((word) => word.trim());
  const codes = words.map(Number);
  const bad = words.find((word, i) => !/^\d+$/.test(word) || codes[i]! < 1 || codes[i]! > 255);
  if (bad !== undefined) throw new InvalidArgumentError(`expected exit codes from 1 to 255, comma-separated (e.g. 1,139), got ${JSON.stringify(bad === '' ? value : bad)}`);
  return [...new Set(codes)].sort((a, b) => a - b);
}
