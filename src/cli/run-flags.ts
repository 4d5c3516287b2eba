import { UsageError } from '../errors.js';
import { ALGOS, checkSettings, gpuSlotsText, PASS_MODES, resolveStop, settingsFromStored, type RunSettings, type SettingsOverrides } from '../loop/index.js';
import { pruneOverrides, type PruneFlags } from './prune-options.js';
import { stopOverrides, type StopFlags } from './stop-options.js';
import { gpuSlots, isVisible } from './gpu-flags.js';
import { formatDuration, objectiveNote } from '../report/format.js';
import { hasTrialTarget } from '../study/types.js';
import { threadsHeadline } from '../runner/index.js';
import type { Space } from '../space/types.js';
import type { Store } from '../store/types.js';
import type { StudyMeta } from '../study/events.js';
import type { StudyState } from '../study/replay.js';
import { studyStopRule } from '../study/stop-rule.js';
import { studyBudget, studyStop } from './study-changes.js';

/** The options of `run` (and, in part, `create` and `resume`) as commander parses them. */
export interface RunFlags extends PruneFlags, StopFlags {
  trials?: number;
  /** Results to add when run makes the study (cli/added-results.ts). */
  add?: string;
  skipMisfits?: boolean;
  timeBudget?: number;
  atBudget?: RunSettings['atBudget'];
  /** `create --lease`: the study's lease for asked trials. */
  lease?: number;
  parallel?: number;
  seed?: number;
  study?: string;
  dir?: string;
  storage?: string;
  algo?: RunSettings['algo'];
  metric?: string;
  maximize?: boolean;
  minimize?: boolean;
  trialTimeout?: number;
  killGrace?: number;
  pass?: RunSettings['pass'];
  metricStream?: RunSettings['metricStream'];
  objective?: RunSettings['objective'];
  metricFile?: string;
  configFile?: string;
  extraMetrics?: string[];
  cwd?: RunSettings['cwdMode'];
  keepOutput?: RunSettings['keepOutput'];
  gpus?: string[];
  gpusPerTrial?: number;
  maxFailures?: number;
  acceptExit?: number[];
  retries?: number;
  heartbeatTimeout?: number;
  verbose?: boolean;
  dryRun?: boolean;
}

/** The run options a study stores, from the flags given (create takes a subset of them). */
export function overridesOf(flags: RunFlags): SettingsOverrides {
  const overrides: SettingsOverrides = {};
  if (flags.algo !== undefined) overrides.algo = flags.algo;
  if (flags.seed !== undefined) overrides.seed = flags.seed;
  if (flags.metric !== undefined) overrides.metric = flags.metric;
  if (flags.maximize === true) overrides.goal = 'maximize';
  if (flags.minimize === true) overrides.goal = 'minimize';
  if (flags.pass !== undefined) overrides.pass = flags.pass;
  // the parameters go into the file's copy alone, unless --pass says otherwise (checkSettings refuses that)
  if (flags.configFile !== undefined) Object.assign(overrides, { configFile: flags.configFile, pass: flags.pass ?? 'config-file' });
  if (flags.metricStream !== undefined) overrides.metricStream = flags.metricStream;
  if (flags.objective !== undefined) overrides.objective = flags.objective;
  if (flags.metricFile !== undefined) overrides.metricFile = flags.metricFile;
  if (flags.extraMetrics !== undefined) overrides.extraMetrics = flags.extraMetrics;
  if (flags.cwd !== undefined) overrides.cwdMode = flags.cwd;
  if (flags.keepOutput !== undefined) overrides.keepOutput = flags.keepOutput;
  if (flags.trialTimeout !== undefined) overrides.trialTimeoutS = flags.trialTimeout;
  if (flags.killGrace !== undefined) overrides.killGraceS = flags.killGrace;
  if (flags.maxFailures !== undefined) overrides.maxFailures = flags.maxFailures;
  if (flags.acceptExit !== undefined) overrides.acceptExit = flags.acceptExit;
  if (flags.retries !== undefined) overrides.retries = flags.retries;
  if (flags.parallel !== undefined) overrides.parallel = flags.parallel;
  if (flags.timeBudget !== undefined) overrides.timeBudgetS = flags.timeBudget;
  if (flags.atBudget !== undefined) overrides.atBudget = flags.atBudget;
  if (flags.lease !== undefined) overrides.leaseS = flags.lease;
  const gpus = gpuSlots(flags);
  if (gpus !== undefined) overrides.gpus = gpus;
  if (isVisible(flags)) overrides.gpusVisible = flags.gpusPerTrial ?? 1;
  if (flags.heartbeatTimeout !== undefined) overrides.heartbeatTimeoutS = flags.heartbeatTimeout;
  const prune = pruneOverrides(flags);
  if (prune !== null) overrides.prune = prune;
  const stop = stopOverrides(flags);
  if (stop !== undefined) overrides.stop = stop;
  return overrides;
}

/**
 * An existing study keeps its stored settings; only how this process runs it may change. `slots`: where
 * --parallel and --gpus come from when not given. `stored` (resume: going on where the study ran) or
 * `flags` (run: a worker joining a study, maybe on another machine, whose GPUs are its own; default 1).
 */
export function continuingSettings(
  stored: RunSettings,
  flags: Pick<RunFlags, 'parallel' | 'gpus' | 'gpusPerTrial' | 'trialTimeout' | 'killGrace' | 'maxFailures' | 'acceptExit' | 'retries' | 'heartbeatTimeout' | 'keepOutput' | 'timeBudget' | 'atBudget' | keyof StopFlags>,
  slots: 'stored' | 'flags' = 'stored',
): RunSettings {
  const given = gpuSlots(flags);
  // a resume of a study started with --gpus visible takes the GPUs this process was given, not the first one's
  const visible = slots === 'stored' && stored.gpusVisible !== null ? gpuSlots({ gpus: ['visible'], gpusPerTrial: stored.gpusVisible }) : undefined;
  const gpus = given ?? visible ?? (slots === 'stored' ? stored.gpus : []);
  const settings: RunSettings = {
    ...stored,
    parallel: flags.parallel ?? (given ?? visible)?.length ?? (slots === 'stored' ? stored.parallel : 1),
    gpus,
    gpusVisible: given !== undefined ? (isVisible(flags) ? (flags.gpusPerTrial ?? 1) : null) : slots === 'stored' ? stored.gpusVisible : null,
    trialTimeoutS: flags.trialTimeout ?? stored.trialTimeoutS,
    killGraceS: flags.killGrace ?? stored.killGraceS,
    maxFailures: flags.maxFailures ?? stored.maxFailures,
    acceptExit: flags.acceptExit ?? stored.acceptExit,
    retries: flags.retries ?? stored.retries,
    // A worker's --heartbeat-timeout below the study's took the trials of healthy workers, which beat
    // for the study's timeout, and threw their runs away (a user audit: 2 s against beats every 5 s).
    // So it never takes over sooner than the study says, and beats at least as often as it asks.
    heartbeatTimeoutS: Math.max(flags.heartbeatTimeout ?? stored.heartbeatTimeoutS, stored.heartbeatTimeoutS),
    ...(flags.heartbeatTimeout !== undefined && flags.heartbeatTimeout !== stored.heartbeatTimeoutS ? { heartbeatPaceS: Math.min(flags.heartbeatTimeout, stored.heartbeatTimeoutS) } : {}),
    keepOutput: flags.keepOutput ?? stored.keepOutput,
    timeBudgetS: flags.timeBudget ?? stored.timeBudgetS,
    atBudget: flags.atBudget ?? stored.atBudget,
    // `stored.stop` is the study's rule as last changed; one these flags change is stored with the study (studyStop)
    stop: resolveStop(stored.stop, stopOverrides(flags)),
  };
  checkSettings(settings);
  return settings;
}

/**
 * How `run` or `resume` goes on with an existing study: its stored settings, its time budget and stop
 * rule as last changed, and this run's flags over them. A budget or rule the flags change is stored with
 * the study first (studyBudget, studyStop), after the flags are checked, so every worker runs by it.
 */
export async function continuingStudy(store: Store, study: string, state: StudyState | null, meta: StudyMeta, space: Space, flags: Parameters<typeof continuingSettings>[1], slots: 'stored' | 'flags'): Promise<RunSettings> {
  refuseUnknownStored(meta);
  // the replayed study's options: its extra metrics as last widened (study-changes.ts)
  const asCreated = settingsFromStored((state?.meta ?? meta).options, space);
  const stored = { ...asCreated, stop: studyStopRule(state ?? {}, asCreated.stop) };
  const checked = continuingSettings(stored, flags, slots);
  const timeBudgetS = await studyBudget(store, study, state, stored.timeBudgetS, flags.timeBudget);
  return { ...checked, timeBudgetS, stop: await studyStop(store, study, stored.stop, checked.stop) };
}

/** `--at-budget stop` with no time budget to stop at is a mistake, not a no-op. */
export function checkAtBudget(settings: Pick<RunSettings, 'atBudget' | 'timeBudgetS'>): void {
  if (settings.atBudget === 'stop' && settings.timeBudgetS === null) {
    throw new UsageError('--at-budget stop (or at_budget: stop) stops the running trials when the time budget runs out, and this study has none: give --time-budget (8h, 90m) as well, or time_budget: in the space file');
  }
}

/** What ends a study: `50 trials`, `8h00m of trial time`, or both (`50 trials or 8h00m of trial time`). */
export function limitsText(target: number, timeBudgetS: number | null): string {
  const trials = hasTrialTarget(target) ? `${target} trial${target === 1 ? '' : 's'}` : null;
  const budget = timeBudgetS === null ? null : `${formatDuration(timeBudgetS)} of trial time`;
  return [trials, budget].filter((part) => part !== null).join(' or ') || 'any number of trials';
}

/** ` (running trials stopped then)` after the budget, with --at-budget stop; the run's first line and the dry run's say it. */
export function atBudgetText(settings: Pick<RunSettings, 'atBudget' | 'timeBudgetS'>): string {
  return settings.atBudget === 'stop' && settings.timeBudgetS !== null ? ' (running trials stopped then)' : '';
}

/** The stop rule as the headline says it: `, or until loss <= 0.05 or 30 trials without progress`. */
export function stopRuleLimits({ stop: rule, goal, metric }: Pick<RunSettings, 'stop' | 'goal' | 'metric'>): string {
  const at = rule.at === null ? null : `${metric} ${goal === 'minimize' ? '<=' : '>='} ${rule.at}`;
  const patience = rule.patience === null ? null : `${rule.patience} trial${rule.patience === 1 ? '' : 's'} without progress${rule.minDelta > 0 ? ` (by more than ${rule.minDelta})` : ''}`;
  return at === null && patience === null ? '' : `, or until ${[at, patience].filter((part) => part !== null).join(' or ')}`;
}

export function headline(study: string, settings: RunSettings, target: number, created: boolean, location: string): string {
  const parallel = settings.parallel > 1 ? `, ${settings.parallel} at a time` : '';
  const gpus = settings.gpus.length > 0 ? ` on GPUs ${gpuSlotsText(settings.gpus)}` : '';
  const verb = created ? 'Study' : 'Continuing study';
  const prune = settings.prune.name === 'none' ? '' : `, pruning: ${settings.prune.name}`;
  return `${verb} ${study}: ${settings.goal} ${settings.metric}${objectiveNote(settings.objective)} over ${limitsText(target, settings.timeBudgetS)}${atBudgetText(settings)}${stopRuleLimits(settings)}, ${settings.algo} (seed ${settings.seed})${prune}${parallel}${gpus}${threadsHeadline(settings.parallel)}; stored in ${location}`;
}

/** `--trials none` with nothing else to end the study: refused, not run for ever. */
export function checkBounded(target: number, settings: Pick<RunSettings, 'timeBudgetS' | 'stop'>): void {
  if (hasTrialTarget(target) || settings.timeBudgetS !== null || settings.stop.at !== null || settings.stop.patience !== null) return;
  throw new UsageError('--trials none leaves the study no end: give it a --time-budget (or a stop rule: --stop-at, --patience)');
}

/**
 * A study whose stored sampler or way of passing parameters this hypertune does not know (made by a
 * newer one): read back, it fell to the defaults, and a resume went on with another optimizer, or
 * passed the parameters another way, without a word (a fault audit). Reading it (summary) still works.
 */
function refuseUnknownStored(meta: StudyMeta): void {
  const known: Array<[string, readonly unknown[]]> = [['algo', ALGOS], ['pass', PASS_MODES]];
  for (const [key, values] of known) {
    const value = meta.options[key];
    if (value !== undefined && !values.includes(value)) {
      throw new UsageError(`study ${meta.name} stores ${key} ${JSON.stringify(value)}, which this hypertune does not know (the study was made by a newer one?): upgrade hypertune to go on with it`);
    }
  }
}
