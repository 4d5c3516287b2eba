import { SPACE_PRUNERS, type Goal, type SpacePruner } from '../../space/types.js';
import type { TrialState } from '../../study/types.js';

/** `none` (default): a program is never stopped early. docs/pruning.md gives the evidence for each default. */
export type PrunerName = SpacePruner;

export const PRUNER_NAMES: readonly PrunerName[] = SPACE_PRUNERS;

/** Every knob of every pruner; each pruner reads its own. */
export interface PrunerSettings {
  name: PrunerName;
  /** median: complete trials before any trial is pruned (Optuna's n_startup_trials). */
  startupTrials: number;
  /** median: a trial is never pruned at a step up to this one (Optuna's n_warmup_steps); null: a third of a full run. */
  warmupSteps: number | null;
  /** asha, hyperband: the first rung's step (min_resource, Ray's grace_period); null: a ninth of a full run, at least 1. */
  minSteps: number | null;
  /** asha, hyperband: rungs are minSteps * eta^k apart and keep the best 1/eta (eta). */
  reductionFactor: number;
  /** The steps a full run takes; null: the most any complete trial reported. No trial is pruned at or after it. */
  maxSteps: number | null;
  /**
   * asha, hyperband (library only, for the benchmark's screens): a trial within this many times the
   * curves' step-to-step noise of a rung's cutoff goes on (default 0.5 for asha, 1 for hyperband); 0 is
   * the plain rule. docs/pruning.md.
   */
  noiseMargin: number;
  /**
   * hyperband (library only, for the benchmark's screens): `scaled` (default) draws bracket b with
   * Li et al.'s trial count times eta^-b (most trials in the hardest bracket), `classic` with the counts.
   */
  bracketShares: BracketShares;
  /**
   * asha, hyperband (library only, for the benchmark's screens): a rung prunes only while the ranking
   * of the trials there agrees with the next rung's by at least this rank correlation; -1: always.
   */
  rankGate: number;
  /**
   * asha, hyperband (library only, for the benchmark's screens; default true): the rank gate does not
   * pass a trial worse at the rung than every complete trial stood there by more than their spread
   * (rank-gate.ts `pastEveryFinished`: a run diverging to 1e44 went on; a user audit).
   */
  gateCeiling: boolean;
  /**
   * median, asha, hyperband (library only, for the benchmark's screens; default true): no trial is
   * stopped before the step where the good complete curves turn up, when most of them do and the
   * sampler reads pruned trials as bad results (turn-guard.ts; PruneContext.curvesModelled).
   */
  turnGuard: boolean;
  /**
   * asha, hyperband (library only, for the benchmark's screens; default true): a trial at least as
   * good at a rung as the best complete run was there goes on (best-run.ts).
   */
  bestRunGuard: boolean;
  /**
   * asha (library only, for the benchmark's screens): complete trials before any rung prunes; null
   * (default): 5 when the sampler models curves (PruneContext.curvesModelled: the GP), else 0.
   */
  rungStartup: number | null;
  /**
   * median (library only, for the benchmark's screens; default 0, off): no trial is stopped at a step where
   * the rule would have stopped one of this many best complete runs, or below 1 this share of them (hindsight.ts).
   */
  hindsight: number;
  /**
   * Every pruner, while the sampler models curves (the GP): a trial that is a near-copy of this many
   * trials already stopped by its step, with no copy run to the end, runs to the end (confirm.ts;
   * default 2; 0: off). Library only, for the benchmark's screens.
   */
  confirmAfter: number;
  /**
   * With confirmAfter: nor is a near-copy of a good complete run stopped while it stands as that run
   * stood: `half` (default), a run that ended in the better half; `best`, the best run only; `off`.
   */
  confirmGood: ConfirmGood;
  /**
   * asha, hyperband (library only, for the benchmark's screens): what a trial's standing at a rung is:
   * `at`, its value on reaching the rung (Optuna's, Ray's); `best`, its best value up to there;
   * `median3`, the median of its last three values up to there (one bad epoch does not decide).
   */
  rungValue: RungValue;
}

export type RungValue = 'at' | 'best' | 'median3';
export type ConfirmGood = 'half' | 'best' | 'off';
export const CONFIRM_GOOD: readonly ConfirmGood[] = ['half', 'best', 'off'];
export const RUNG_VALUES: readonly RungValue[] = ['at', 'best', 'median3'];

export type BracketShares = 'classic' | 'scaled';
export const BRACKET_SHARES: readonly BracketShares[] = ['classic', 'scaled'];

export type PrunerOptions = Partial<PrunerSettings> & { name?: PrunerName };

/** A trial's learning curve as a pruner sees it: values as the program reported them. */
export interface Curve {
  id: number;
  state: TrialState;
  steps: readonly number[];
  values: readonly number[];
}

export interface PruneDecision {
  prune: boolean;
  /** Why, in words for the trial's record (values as reported); null when not pruned. */
  reason: string | null;
  /** Set when the rule would have stopped the trial but a guard let it go on: why, for the run to say once. */
  held?: string;
}

export interface PruneContext {
  settings: PrunerSettings;
  goal: Goal;
  seed: number;
  /** Every trial of the study (running ones too, with the curve so far), the judged one among them. */
  curves: readonly Curve[];
  /** The trial to judge, at its latest reported step. */
  id: number;
  /**
   * The step the program has reported by now, when it is past the stored curve (a fast program prints
   * on while its latest value is stored and judged): a trial that reached the full run is done, not pruned.
   */
  reached?: number;
  /**
   * Whether the sampler reads pruned trials as steps of learning curves (the GP's fidelity input), not
   * as bad results: then stopping a run before the curves turn up misleads nothing, and the turn guard
   * is off. Asked only when the guard would keep a trial (it resolves `auto` over the whole history).
   */
  curvesModelled?: () => boolean;
  /** Whether two trials' configurations are near-copies (confirm.ts nearCopyOf); without it, no copy is confirmed. */
  nearCopy?: (a: number, b: number) => boolean;
}

export const KEEP: PruneDecision = { prune: false, reason: null };
