import { InvalidArgumentError, type Command } from 'commander';
import type { StopRule } from '../study/stop-rule.js';
import { nonNegativeInteger } from './option-parsers.js';

export interface StopFlags {
  /** `none` clears a stored or file value. */
  stopAt?: number | 'none';
  /** 0 clears a stored or file value. */
  patience?: number;
  minDelta?: number;
}

/**
 * The study's stop rule (study/stop-rule.ts, docs/running.md "Stopping a study early"): `run` sets it
 * over the space file's `stop:`, `resume` changes the study's (`asStored`: the help says so).
 */
export function addStopOptions(command: Command, asStored = false): void {
  const otherwise = asStored ? 'default: as stored; a new value is stored with the study' : "default: the space file's stop:, else never";
  command
    .option('--stop-at <value>', `start no trial once a trial's metric reaches this value, hyperopt's loss_threshold (none: no such stop; ${otherwise})`, stopAt)
    .option('--patience <n>', `start no trial once this many trials in a row have not improved on the best, hyperopt's no_progress_loss (0: never; ${otherwise})`, nonNegativeInteger)
    .option('--min-delta <x>', `what counts as progress for --patience: better than the best by more than x, in the metric's units (${asStored ? 'default: as stored' : 'default 0'})`, minDelta);
}

/** The stop-rule settings the flags give; undefined when they give none. */
export function stopOverrides(flags: StopFlags): Partial<StopRule> | undefined {
  const rule: Partial<StopRule> = {};
  if (flags.stopAt !== undefined) rule.at = flags.stopAt === 'none' ? null : flags.stopAt;
  if (flags.patience !== undefined) rule.patience = flags.patience === 0 ? null : flags.patience;
  if (flags.minDelta !== undefined) rule.minDelta = flags.minDelta;
  return Object.keys(rule).length === 0 ? undefined : rule;
}

function stopAt(value: string): number | 'none' {
  if (value === 'none') return 'none';
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) throw new InvalidArgumentError(`expected a number (the metric's value to stop at) or none, got ${JSON.stringify(value)}`);
  return number;
}

function minDelta(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0) throw new InvalidArgumentError(`expected a number of at least 0, got ${JSON.stringify(value)}`);
  return number;
}
