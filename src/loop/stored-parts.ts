// The parts of a study's settings that are objects of their own: read back from a stored study with
// defaults for anything missing, and merged from a space file and flags.
import { PRUNER_NAMES, resolvePruner, type PrunerName, type PrunerSettings } from '../engine/index.js';
import { UsageError } from '../errors.js';
import type { SpaceStop } from '../space/types.js';
import { NO_STOP_RULE, type StopRule } from '../study/stop-rule.js';

export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function storedPrune(value: unknown): PrunerSettings {
  if (typeof value !== 'object' || value === null) return resolvePruner();
  const stored = value as Record<string, unknown>;
  const number = (key: string): number | undefined => (isNumber(stored[key]) ? stored[key] : undefined);
  const name = (PRUNER_NAMES as readonly unknown[]).includes(stored['name']) ? (stored['name'] as PrunerName) : 'none';
  return resolvePruner({
    name,
    ...definedOnly({
      startupTrials: number('startupTrials'),
      warmupSteps: number('warmupSteps'),
      minSteps: number('minSteps'),
      reductionFactor: number('reductionFactor'),
    }),
    maxSteps: number('maxSteps') ?? null,
  });
}

export function storedStop(value: unknown): StopRule {
  if (typeof value !== 'object' || value === null) return NO_STOP_RULE;
  const stored = value as Record<string, unknown>;
  const at = stored['at'];
  const patience = stored['patience'];
  const minDelta = stored['minDelta'];
  return { at: isNumber(at) ? at : null, patience: isNumber(patience) ? patience : null, minDelta: isNumber(minDelta) ? minDelta : 0 };
}

/** Each of the stop rule's settings: the flag (null: cleared), else the space file's (or the stored rule's), else none. */
export function resolveStop(file: SpaceStop | StopRule, flags: Partial<StopRule> = {}): StopRule {
  const rule: StopRule = {
    at: flags.at !== undefined ? flags.at : (file.at ?? null),
    patience: flags.patience !== undefined ? flags.patience : (file.patience ?? null),
    minDelta: flags.minDelta ?? file.minDelta ?? 0,
  };
  // a --patience 0 that turns patience off leaves a stored min_delta behind, harmlessly
  if (flags.minDelta !== undefined && rule.patience === null) throw new UsageError('--min-delta sets what counts as progress for --patience: give --patience too (or stop: { patience: N } in the space file)');
  return rule;
}

export const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
export const isNumberOrNull = (value: unknown): value is number | null => value === null || isNumber(value);
export const isString = (value: unknown): value is string => typeof value === 'string';
export const isStringOrNull = (value: unknown): value is string | null => value === null || isString(value);
export const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);
export const isNumberArray = (value: unknown): value is number[] => Array.isArray(value) && value.every(isNumber);
export const isIn =
  <T extends string>(choices: readonly T[]) =>
  (value: unknown): value is T =>
    (choices as readonly unknown[]).includes(value);
