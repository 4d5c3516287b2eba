import { resolvePruner, withAlgo, type OptimizerOptions, type PrunerOptions, type PrunerSettings } from '../engine/index.js';
import type { StopRule } from '../study/stop-rule.js';
import { hasTrialTarget } from '../study/types.js';
import { definedOnly, isIn, isNumber, isNumberArray, isNumberOrNull, isString, isStringArray, isStringOrNull, resolveStop, storedPrune, storedStop } from './stored-parts.js';
import { checkSettings } from './check-settings.js';
import { readObjective } from '../util/objective.js';
import { AT_BUDGET_MODES, METRIC_STREAMS, SPACE_ALGOS, type AtBudget, type Goal, type MetricStream, type Objective, type Space, type SpaceAlgo } from '../space/types.js';

/** `auto`: the engine picks the GP or TPE per trial (the default for new studies); see engine/types.ts. */
export type Algo = SpaceAlgo;
export const ALGOS: readonly Algo[] = SPACE_ALGOS;
export const PASS_MODES = ['flags', 'switches', 'switch-pairs', 'args', 'env', 'json-file', 'config-file'] as const;
export type PassMode = (typeof PASS_MODES)[number];
/** The folder a trial runs in: the one the study was started from, or the trial's own. */
export const CWD_MODES = ['start', 'trial'] as const;
export type CwdMode = (typeof CWD_MODES)[number];
/** How much of a trial's output is kept: everything, its first and last few MB per stream, or none. */
export const KEEP_OUTPUT_MODES = ['all', 'tail', 'none'] as const;
export type KeepOutput = (typeof KEEP_OUTPUT_MODES)[number];

/** A study's resolved run options: stored with the study so `resume` runs exactly the same way. */
export interface RunSettings {
  algo: Algo;
  seed: number;
  metric: string;
  goal: Goal;
  pass: PassMode;
  pattern: string | null;
  objective: Objective;
  metricStream: MetricStream;
  /** A file the program writes its metrics to (placeholders allowed, relative to the trial's working folder); null: the streams. */
  metricFile: string | null;
  /** `--config-file`: the user's configuration file each trial gets a copy of, its parameters written in (runner/config-file.ts); null: none. */
  configFile: string | null;
  /** Other metrics recorded beside the result, each one's value with the result (`extra_metrics:`); shown, never optimized. */
  extraMetrics: string[];
  cwdMode: CwdMode;
  keepOutput: KeepOutput;
  /** Seconds before a trial's process group is killed; null = no limit. */
  trialTimeoutS: number | null;
  /** Seconds between SIGTERM and SIGKILL when a trial is stopped for its timeout. */
  killGraceS: number;
  /** Consecutive failed trials that stop the study; 0 = never stop. */
  maxFailures: number;
  /** Exit codes other than 0 that count as success when the program printed its metric (a crash at teardown); 128 + N also accepts signal N. */
  acceptExit: number[];
  /** Times a trial whose program crashed is run again with the same parameters, each a trial of its own (loop/retries.ts); 0 = never. */
  retries: number;
  parallel: number;
  /** GPU ids handed out one per running trial through CUDA_VISIBLE_DEVICES; empty = none. */
  gpus: string[];
  /** `--gpus visible`: the ids come from each process's own CUDA_VISIBLE_DEVICES, this many per trial (a resume reads its own); null: as given. */
  gpusVisible: number | null;
  /** A running trial whose heartbeat is older than this is taken over by another worker. */
  heartbeatTimeoutS: number;
  /** The timeout this worker's beats are paced for, where not heartbeatTimeoutS (run-flags.ts). */
  heartbeatPaceS?: number;
  /** Which pruner stops hopeless trials early, and its settings (docs/pruning.md). */
  prune: PrunerSettings;
  /** No trial starts once the study's trial time (study/trial-time.ts) reaches this many seconds; null = no limit. */
  timeBudgetS: number | null;
  /** When the budget runs out: this worker's running trials finish, or are stopped (SIGTERM, recorded interrupted). */
  atBudget: AtBudget;
  /** `hypertune ask`: the lease an asked trial gets unless the ask gives its own (`create --lease`), seconds; null = none. */
  leaseS: number | null;
  /** When the study stops before its target: a value reached, or trials without progress (study/stop-rule.ts). */
  stop: StopRule;
}

export const DEFAULT_MAX_FAILURES = 5;
export const DEFAULT_HEARTBEAT_TIMEOUT_S = 60;
export const DEFAULT_TRIALS = 20;
export const DEFAULT_KILL_GRACE_S = 5;

/**
 * What the engine needs of a study's settings to propose: the pruner's too, whose `max_steps` tells the
 * GP a full run's length, and the study's target (`target`, as stored), which tells it a short study.
 */
export function proposeOptionsOf(settings: Pick<RunSettings, 'algo' | 'seed' | 'goal' | 'prune'>, target: number): OptimizerOptions {
  const budget = hasTrialTarget(target) && target >= 1 ? { budget: target } : {};
  // `hyperopt`: hyperopt's own TPE, a baseline, and the algorithm a study moved from hyperopt knew
  return withAlgo({ seed: settings.seed, goal: settings.goal, pruner: settings.prune, ...budget }, settings.algo);
}

/** Flags the user gave; anything left undefined falls back to the space file, then to defaults. */
export type SettingsOverrides = Partial<Omit<RunSettings, 'prune' | 'stop'>> & { prune?: PrunerOptions; stop?: Partial<StopRule> };

export function resolveSettings(space: Space, overrides: SettingsOverrides, randomSeed: () => number): RunSettings {
  const settings: RunSettings = {
    algo: overrides.algo ?? space.algo ?? 'auto',
    seed: overrides.seed ?? randomSeed(),
    metric: overrides.metric ?? space.metric,
    goal: overrides.goal ?? space.goal,
    pass: overrides.pass ?? 'flags',
    pattern: overrides.pattern ?? space.pattern,
    objective: overrides.objective ?? space.objective,
    metricStream: overrides.metricStream ?? space.metricStream,
    metricFile: overrides.metricFile ?? space.metricFile,
    configFile: overrides.configFile ?? null,
    extraMetrics: overrides.extraMetrics ?? space.extraMetrics ?? [],
    cwdMode: overrides.cwdMode ?? 'start',
    keepOutput: overrides.keepOutput ?? 'tail',
    trialTimeoutS: overrides.trialTimeoutS ?? null,
    killGraceS: overrides.killGraceS ?? DEFAULT_KILL_GRACE_S,
    maxFailures: overrides.maxFailures ?? DEFAULT_MAX_FAILURES,
    acceptExit: overrides.acceptExit ?? [],
    retries: overrides.retries ?? 0,
    parallel: overrides.parallel ?? (overrides.gpus !== undefined && overrides.gpus.length > 0 ? overrides.gpus.length : 1),
    gpus: overrides.gpus ?? [],
    gpusVisible: overrides.gpusVisible ?? null,
    heartbeatTimeoutS: overrides.heartbeatTimeoutS ?? DEFAULT_HEARTBEAT_TIMEOUT_S,
    // each setting: the flag, else the space file, else the pruner's default
    prune: resolvePruner({ ...definedOnly(space.prune ?? {}), ...definedOnly(overrides.prune ?? {}) }),
    timeBudgetS: overrides.timeBudgetS ?? space.timeBudgetS ?? null,
    atBudget: overrides.atBudget ?? space.atBudget ?? 'finish',
    leaseS: overrides.leaseS ?? null,
    stop: resolveStop(space.stop ?? {}, overrides.stop),
  };
  checkSettings(settings);
  return settings;
}

/** The settings stored in a study's meta, read back with defaults for anything missing. */
export function settingsFromStored(
  options: Record<string, unknown>,
  space: Pick<Space, 'metric' | 'goal' | 'pattern' | 'objective'> & Partial<Pick<Space, 'metricStream' | 'metricFile'>>,
): RunSettings {
  const pick = <T>(key: keyof RunSettings, valid: (value: unknown) => value is T, fallback: T): T => {
    const value = options[key];
    return valid(value) ? value : fallback;
  };
  return {
    // studies stored before `auto` existed ran TPE, and resume exactly as they were
    algo: pick('algo', isAlgo, 'tpe'),
    seed: pick('seed', isNumber, 0),
    metric: pick('metric', isString, space.metric),
    goal: pick('goal', isGoal, space.goal),
    pass: pick('pass', isPass, 'flags'),
    pattern: pick('pattern', isStringOrNull, space.pattern),
    objective: pick('objective', isObjective, space.objective),
    // studies stored before these existed read stdout and ran where they were started; their output is now bounded too
    metricStream: pick('metricStream', isIn(METRIC_STREAMS), space.metricStream ?? 'stdout'),
    metricFile: pick('metricFile', isStringOrNull, space.metricFile ?? null),
    configFile: pick('configFile', isStringOrNull, null),
    extraMetrics: pick('extraMetrics', isStringArray, []),
    cwdMode: pick('cwdMode', isIn(CWD_MODES), 'start'),
    keepOutput: pick('keepOutput', isIn(KEEP_OUTPUT_MODES), 'tail'),
    trialTimeoutS: pick('trialTimeoutS', isNumberOrNull, null),
    killGraceS: pick('killGraceS', isNumber, DEFAULT_KILL_GRACE_S),
    maxFailures: pick('maxFailures', isNumber, DEFAULT_MAX_FAILURES),
    acceptExit: pick('acceptExit', isNumberArray, []),
    retries: pick('retries', isNumber, 0),
    parallel: pick('parallel', isNumber, 1),
    gpus: pick('gpus', isStringArray, []),
    gpusVisible: pick('gpusVisible', isNumberOrNull, null),
    heartbeatTimeoutS: pick('heartbeatTimeoutS', isNumber, DEFAULT_HEARTBEAT_TIMEOUT_S),
    // studies stored before pruning existed never pruned
    prune: storedPrune(options['prune']),
    // studies stored before time budgets existed had none
    timeBudgetS: pick('timeBudgetS', isNumberOrNull, null),
    atBudget: pick('atBudget', isIn(AT_BUDGET_MODES), 'finish'),
    leaseS: pick('leaseS', isNumberOrNull, null),
    // studies stored before stop rules existed ran to their target
    stop: storedStop(options['stop']),
  };
}

/** What is stored: plain JSON. */
export function settingsToStored(settings: RunSettings): Record<string, unknown> {
  return { ...settings, gpus: [...settings.gpus], acceptExit: [...settings.acceptExit], prune: { ...settings.prune }, stop: { ...settings.stop } };
}

const isAlgo = (value: unknown): value is Algo => (ALGOS as readonly unknown[]).includes(value);
const isPass = (value: unknown): value is PassMode => (PASS_MODES as readonly unknown[]).includes(value);
const isGoal = (value: unknown): value is Goal => value === 'minimize' || value === 'maximize';
const isObjective = (value: unknown): value is Objective => readObjective(value) !== null;
