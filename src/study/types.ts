import type { Config, Goal } from '../space/types.js';

/**
 * `running`: asked and handed to a worker, no result yet.
 * `complete`: finished with a finite value. `failed`: finished without a usable value.
 * `pruned`: stopped early by a pruner (or at a NaN/infinite value while a pruner is on); it counts toward
 * the target like a finished trial, but not toward --max-failures. Its value is its last reported one.
 * `interrupted`: stopped by the user or a dead worker; it does not count toward the target.
 * `queued`: a configuration given by `hypertune enqueue` (or `start:`), waiting for a worker; not yet counted.
 */
export type TrialState = 'running' | 'complete' | 'failed' | 'pruned' | 'interrupted' | 'queued';

/** Which part of the engine proposed a trial (the engine's `Sampler`): the start-up phase, a model, or a plain search. */
export type TrialSampler = 'startup' | 'gp' | 'tpe' | 'random' | 'grid' | 'added' | 'enqueued';

export interface Trial {
  /** Unique within a study, assigned by the store, counting from 0. */
  id: number;
  params: Config;
  state: TrialState;
  /** The objective as the program reported it (not sign-flipped for maximize). */
  value: number | null;
  /** Every value the program reported, in order. */
  intermediate: number[];
  /**
   * The step of each value in `intermediate` (same length): the value's ordinal from 1, or the step
   * its line gave (`epoch N`, a JSON `step`/`epoch` key). The step a pruned trial reached is the last.
   */
  steps: number[];
  /** True when the optimizer proposed it in its start-up (space-filling) phase. */
  startup: boolean;
  /** What proposed it; null for a trial of an old journal whose sampler cannot be told (shown as '–'). */
  sampler: TrialSampler | null;
  /** Epoch milliseconds. */
  askedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  exitCode: number | null;
  /** Why a trial failed: reason plus the tail of stderr. */
  error: string | null;
  /** Which worker (host:pid) holds or held it. */
  worker: string | null;
  /** Epoch milliseconds of the latest heartbeat from its worker. */
  heartbeatAt: number | null;
  /** Asked from outside (`hypertune ask`): no worker beats for it, so none may take it over; it runs until `tell`. */
  external: boolean;
  /**
   * An asked trial's lease (`ask --lease D`, epoch ms): not told by then, its job is taken to be gone
   * (a cluster job killed at its time limit), and the next ask gives its parameters again.
   */
  leaseUntil?: number;
  /** Other metrics the program printed, recorded beside the result (`extra_metrics:`): each one's value with the result. */
  extras?: Record<string, number>;
  /** The trial this one runs again with the same parameters: an interrupted one, or a failed one (`--retries`). */
  retryOf?: number;
  /** The folder its program ran in under `--cwd start` (its latest start's); absent when not recorded. */
  cwd?: string;
}

/** The values a trial reported while it ran, with the step of each (`report(id, step, value)`, or a program's lines). */
export interface TrialCurve {
  steps: readonly number[];
  values: readonly number[];
}

/** What an optimizer needs to know of a past or running trial. */
export interface TrialRecord {
  id: number;
  params: Config;
  state: TrialState;
  /** For a pruned trial, its last reported value (null when that was not finite). */
  value: number | null;
  /**
   * The last step a pruned or complete trial reported: the samplers rank pruned trials by it, and the
   * GP measures a full run's length by the complete ones.
   */
  step?: number;
  /**
   * The first step a pruned or complete trial reported: where the GP's scale of how far a trial got
   * begins (1 for epochs counted from 1, 100 for a program that reports every 100 iterations).
   */
  firstStep?: number;
  /**
   * The values the trial reported while it ran and their steps (as `Trial`'s intermediate and steps):
   * under pruning the GP reads from them the value that got past each step where runs were stopped.
   */
  curve?: TrialCurve;
  /** A failed trial's reason, where the library's caller gave one (`tell(id, { state: 'failed', error })`). */
  error?: string | null;
  /** `gp` where the GP proposed it (other samplers are not passed on): once it has, its start-up is over for good. */
  sampler?: TrialSampler | null;
}

/**
 * The target of a study that runs until its time budget is spent (`--time-budget` without `--trials`):
 * no count of trials stops it. Below PostgreSQL's integer limit, where targets are stored.
 */
export const NO_TRIAL_TARGET = 2_000_000_000;

/** Whether a study stops at a number of trials (not only at its time budget). */
export function hasTrialTarget(target: number): boolean {
  return target < NO_TRIAL_TARGET;
}

/** A study's target as reports show it: null when only the time budget stops the study. */
export function trialTarget(target: number): number | null {
  return hasTrialTarget(target) ? target : null;
}

/** The last step a trial reported; 0 when it reported none. */
export function stepReached(trial: Pick<Trial, 'steps'>): number {
  return trial.steps[trial.steps.length - 1] ?? 0;
}

/** How a pruner's reason, stored as the trial's error, opens: `pruned at step 12 (median): ...`, `stopped at step 3: the metric was NaN`. */
const DECIDED_AT = /^(?:pruned|stopped) at step (-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\b/;

/**
 * The step a pruned trial was stopped at: the one whose value the pruner judged, as its reason names
 * it. A fast program prints on while the decision reaches it, and a value or two it printed before
 * the signal landed are kept in its curve (its last step, stepReached, is then later: `show` said
 * "stopped at step 30000" of a trial pruned at step 25000; a user audit). Without such a reason (a
 * trial told pruned from outside): its last step.
 */
export function stoppedAtStep(trial: Pick<Trial, 'steps' | 'error'>): number {
  const reached = stepReached(trial);
  const decided = Number(DECIDED_AT.exec(trial.error ?? '')?.[1]);
  return Number.isFinite(decided) && decided <= reached ? decided : reached;
}

/** How far a pruned or complete trial got, as the samplers read it (TrialRecord's step and firstStep); nothing for other states. */
function reachOf(trial: Pick<Trial, 'state' | 'steps'>): Pick<TrialRecord, 'step' | 'firstStep'> {
  return trial.state === 'pruned' || trial.state === 'complete' ? { step: stepReached(trial), firstStep: trial.steps[0] ?? 0 } : {};
}

/** A trial as the engine reads it: its point, state and value, and how far it got. */
export function trialRecordOf(trial: Pick<Trial, 'id' | 'params' | 'state' | 'value' | 'steps' | 'intermediate'> & Partial<Pick<Trial, 'sampler'>>): TrialRecord {
  const curve = trial.steps.length > 0 ? { curve: { steps: trial.steps, values: trial.intermediate } } : {};
  const sampler = trial.sampler === 'gp' ? { sampler: trial.sampler } : {};
  return { id: trial.id, params: trial.params, state: trial.state, value: trial.value, ...reachOf(trial), ...curve, ...sampler };
}

export type { Config, Goal };
