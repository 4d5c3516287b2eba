import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { PRUNER_NAMES, type PrunerName, type PrunerOptions, type PrunerSettings } from '../engine/index.js';
import { nonNegativeInteger, oneOf, positiveInteger, reductionFactor } from './option-parsers.js';

export interface PruneFlags {
  prune?: PrunerName;
  minSteps?: number;
  maxSteps?: number;
  reductionFactor?: number;
  warmupSteps?: number;
  startupTrials?: number;
}

/** `run`'s pruning flags (docs/pruning.md); each overrides the space file's `prune:` setting of the same name. */
export function addPruneOptions(command: Command): void {
  command
    .option('--prune <name>', "stop hopeless trials early: median, asha, hyperband or none (default: the space file's prune:, else none)", oneOf(PRUNER_NAMES))
    .option('--min-steps <n>', 'asha, hyperband: the first rung, in steps (default: a ninth of a full run)', positiveInteger)
    .option('--max-steps <n>', "the steps of a full run (default: the space file's max_steps:, else the most a complete trial reported)", positiveInteger)
    .option('--reduction-factor <eta>', 'asha, hyperband: keep the best 1/eta at each rung (default 3)', reductionFactor)
    .option('--warmup-steps <n>', 'median: never prune at a step up to this one (default: a third of a full run)', nonNegativeInteger)
    .option('--startup-trials <n>', 'median: complete trials before any is pruned (default 5)', nonNegativeInteger);
}

/** Which pruners use each setting (docs/pruning.md's table); max steps is every pruner's. */
const USED_BY = { minSteps: ['asha', 'hyperband'], reductionFactor: ['asha', 'hyperband'], warmupSteps: ['median'], startupTrials: ['median'] } as const;

/**
 * A pruner setting given while no pruner is on, or while another pruner is, does nothing: say so
 * rather than ignore it (a user audit: asha pruned inside the --warmup-steps it was given).
 */
export function unusedPruneFlag(flags: PruneFlags, pruner: PrunerName): string | null {
  const flagOf = (key: string): string => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  if (pruner === 'none') {
    const given = (['minSteps', 'maxSteps', 'reductionFactor', 'warmupSteps', 'startupTrials'] as const).find((key) => flags[key] !== undefined);
    return given === undefined ? null : `${flagOf(given)} sets a pruner, but none is on: add --prune asha, median or hyperband (or prune: in the space file)`;
  }
  const foreign = (Object.keys(USED_BY) as Array<keyof typeof USED_BY>).find((key) => flags[key] !== undefined && !(USED_BY[key] as readonly string[]).includes(pruner));
  if (foreign === undefined) return null;
  const own = pruner === 'median' ? '--warmup-steps and --startup-trials' : '--min-steps (its first rung: nothing is pruned before it) and --reduction-factor';
  return `${flagOf(foreign)} is a setting of ${USED_BY[foreign].join(' and ')}, not of ${pruner}, which takes ${own}`;
}

/** The pruner settings the flags give; null when they give none. */
export function pruneOverrides(flags: PruneFlags): PrunerOptions | null {
  const prune: PrunerOptions = {};
  if (flags.prune !== undefined) prune.name = flags.prune;
  if (flags.minSteps !== undefined) prune.minSteps = flags.minSteps;
  if (flags.maxSteps !== undefined) prune.maxSteps = flags.maxSteps;
  if (flags.reductionFactor !== undefined) prune.reductionFactor = flags.reductionFactor;
  if (flags.warmupSteps !== undefined) prune.warmupSteps = flags.warmupSteps;
  if (flags.startupTrials !== undefined) prune.startupTrials = flags.startupTrials;
  return Object.keys(prune).length > 0 ? prune : null;
}

/**
 * A study prunes as it was made, for every worker: a flag that would change that is refused, not
 * ignored, before anything of the study changes (run, and its dry run: a re-audit found the dry run
 * showing trials the run then refused to start).
 */
export function checkPrunerKept(study: string, flags: PruneFlags, given: PrunerSettings, made: PrunerSettings): void {
  if (pruneOverrides(flags) !== null && JSON.stringify(given) !== JSON.stringify(made)) {
    throw new UsageError(`study "${study}" prunes with ${made.name} as it was made, for every worker; --prune and its settings apply to a new study (--study NAME)`);
  }
}
