import type { Config, Goal } from '../space/types.js';
import type { TrialRecord } from '../study/types.js';
import type { PrunerName, PrunerOptions } from './prune/types.js';
import type { AutoOptions, GpOptions } from './gp-options.js';

export type { AutoOptions, GpOptions } from './gp-options.js';

/** `auto` (default): a Gaussian process while the space suits it, TPE otherwise (docs/gp.md). */
export type Algo = 'auto' | 'gp' | 'tpe' | 'random' | 'grid';

/** Which part of the engine proposed a trial: shown in summary, explain, the report and the journal. */
export type Sampler = 'startup' | 'gp' | 'tpe' | 'random' | 'grid';

/** Knobs of the TPE sampler; every one has a default chosen by the benchmark (docs/tpe.md). */
export interface TpeOptions {
  /** `default`: hypertune's TPE. `hyperopt`: a faithful port of hyperopt 0.2.7's `tpe.suggest`. */
  preset?: 'default' | 'hyperopt';
  /** Trials drawn before the model is used (default 8; hyperopt 20). */
  startupTrials?: number;
  /** Candidates drawn from l(x) per proposal (default 24, as hyperopt). */
  candidates?: number;
  /** Fraction of complete trials that form the good group, at most 25 (default 0.25; hyperopt: 0.25 times sqrt(n) trials). */
  gamma?: number;
  /** Weight of the prior component relative to one observation (default 1). */
  priorWeight?: number;
  /** Model always-active parameters jointly (default true; hyperopt false). */
  multivariate?: boolean;
  /** Smallest kernel width as a fraction of a parameter's range (default 0.01). */
  minBandwidth?: number;
  /** Kernel widths are also at least range / (n + 2)^clipExponent for n trials in the group (default 1, as hyperopt and Optuna). */
  clipExponent?: number;
  /**
   * In a space of d < 5 modelled parameters, l(x)'s kernel widths are multiplied by (d / 5)^lowDimPower
   * (1.5: 0.25 for 2 parameters, 0.47 for 3, 0.72 for 4). Default 0, off: it made the search greedy, and
   * trapped it in local minima of 1-2 parameter problems (docs/tpe.md, session 3).
   */
  lowDimPower?: number;
  /**
   * Every this many trials after the start-up, the next point of the start-up's space-filling sequence
   * instead of a model proposal (default 5; 0: never), so a narrow minimum away from the good trials is
   * not left unseen (docs/tpe.md, session 3).
   */
  exploreEvery?: number;
  /** Space-filling points only in spaces of fewer modelled parameters than this (default 5: there they cover the space). */
  exploreBelowDims?: number;
  /**
   * A converged search: once the best result has not improved by more than `tolerance` (default 0.01)
   * of (median - best) for `stale` (10) asks, every `every`-th (2nd) ask is a draw from the prior, in
   * spaces of fewer than `exploreBelowDims` parameters. Off by default: it lost 1.16x-1.81x overall on
   * the robust set for at most one needle (docs/tpe.md, "Known limits", Needles).
   */
  staleExplore?: false | { stale?: number; every?: number; tolerance?: number };
  /** EI weights raised to this power (greedier above 1; default 4). */
  weightPower?: number;
  /** Good-group kernel weights: `ei` weighs a trial by how far it beats the best bad one; `uniform` weighs all alike. */
  weights?: 'ei' | 'uniform';
  /** How running (pending) trials steer later asks; defaults chosen by the benchmark (docs/tpe.md, "Parallel asks"). */
  pending?: Partial<PendingOptions>;
  /**
   * Pruned trials (docs/pruning.md): `above` (default) keeps them all in the bad group, g(x); `rank`
   * puts them after the complete ones, ranked by the step they reached then their last value, as Optuna.
   */
  pruned?: 'rank' | 'above';
}

export interface PendingOptions {
  /** Whether running trials count towards the start-up phase (default false: only finished ones, as Optuna). */
  startupCountsRunning: boolean;
  /** Constant liar: running trials join the bad group, so g(x) grows around them (default false). */
  constantLiar: boolean;
  /** Local penalty around running trials, in units of l(x)'s mean kernel width (default 0.1; 0 turns it off). */
  penaltyRadius: number;
  /**
   * Kriging believer: once the model is in use, a running trial counts as complete with the loss a
   * Gaussian process fitted on the finished trials predicts for it; the GP's length scale is this times
   * sqrt(number of parameters), in units of each parameter's range (default 0.09; 0 turns it off, and
   * running trials are then left out of the model and repelled by the penalty).
   */
  believer: number;
}

/** createOptimizer's options: `algo` may also be `hyperopt`, hyperopt's TPE (`algo: 'tpe', tpe: { preset: 'hyperopt' }`), as in the space file. */
export type CreateOptimizerOptions = Omit<OptimizerOptions, 'algo'> & { algo?: Algo | 'hyperopt' };

export interface OptimizerOptions {
  /** Default `auto`. */
  algo?: Algo;
  seed?: number;
  /** Defaults to the space's goal. */
  goal?: Goal;
  tpe?: TpeOptions;
  gp?: GpOptions;
  auto?: AutoOptions;
  /** Stops hopeless trials through `report` (default `none`): a name, or a name with settings (docs/pruning.md). */
  pruner?: PrunerName | PrunerOptions;
  /**
   * How many trials the study is to run, when that is known (`--trials`). A study of at most
   * `gp.shortBudget` trials (10) starts the GP after 5 start-up trials (4 on one parameter) instead
   * of 8, so that a 10-trial study is not mostly random draws (docs/gp.md, "Start-up trials").
   */
  budget?: number;
  /**
   * A GP proposal's `fit`: reused as it is when this ask's GP is fitted on the very same trials and
   * results (only running trials differ), which gives what a new fit would, without the fit's work;
   * ignored otherwise. For an ask made again after others started trials (loop/ask-locked.ts).
   */
  gpFit?: GpFit;
}

/** The GP's fitted hyperparameters (output warp; log length scales, log signal, log noise) and what they were fitted on. */
export interface GpFit {
  warp: 'none' | 'log' | 'rank';
  theta: readonly number[];
  /** The settings and the fitted trials (ids, targets, fidelities) as one string: a later ask reuses the fit only on an equal one. */
  fittedOn: string;
  /** Input warping: log a, log b of each warped input, in order (absent: the inputs as encoded). */
  inputWarp?: readonly number[];
}

export interface Proposal {
  params: Config;
  /** True when the point comes from the start-up (space-filling or random) phase, not the model. */
  startup: boolean;
  /** What proposed it ('startup' exactly when `startup`). */
  sampler: Sampler;
  /** The GP's fitted hyperparameters, when the GP proposed it: a later ask's `gpFit`. */
  fit?: GpFit;
}

export interface AskResult {
  id: number;
  params: Config;
  startup: boolean;
  /** What proposed it; 'enqueued' for a `start:` configuration of the space file. */
  sampler: Sampler | 'enqueued';
}

/** `pruned`: the trial was stopped early (after `report` said so); its last reported value stays with it. */
export type TellResult = number | { state: 'failed'; error?: string } | { state: 'pruned' } | { state: 'interrupted' };

export interface Optimizer {
  /** The next trial to run; throws UsageError when a grid is exhausted (see `exhausted()`). */
  ask(): AskResult;
  /**
   * Record an intermediate value of a running trial (steps from 1, e.g. the epoch); true when the
   * pruner says the trial should stop now (then `tell(id, { state: 'pruned' })`). Always false with no pruner.
   */
  report(id: number, step: number, value: number): boolean;
  /** Record a finished trial: its value, or that it failed, was pruned (or was interrupted). */
  tell(id: number, result: TellResult): void;
  /** Every trial so far, in id order (copies); `createOptimizer(space, options, trials)` continues from them. */
  trials(): TrialRecord[];
  /** The best complete trial by the goal (the first of equals), or null while none is complete. */
  best(): TrialRecord | null;
  /** True when the grid has no unused point left (always false for tpe and random). */
  exhausted(): boolean;
}
