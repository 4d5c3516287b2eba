// The compiled search space: one node per distribution; choice nodes own their options' sub-spaces.
import type { Objective } from '../util/objective.js';

export type ParamValue = number | string | boolean | null;

/** A flat configuration: every *active* label (and constant) mapped to its value. */
export type Config = Record<string, ParamValue>;

export type NumericFamily =
  | 'uniform'
  | 'quniform'
  | 'loguniform'
  | 'qloguniform'
  | 'normal'
  | 'qnormal'
  | 'lognormal'
  | 'qlognormal'
  | 'randint'
  | 'uniformint';

export type ChoiceFamily = 'choice' | 'pchoice';

export type Family = NumericFamily | ChoiceFamily;

export interface SourcePosition {
  line: number;
  column: number;
}

/** A node is active when its parent choice is active and picked `option` (an index). */
export interface Condition {
  parent: string;
  option: number;
}

interface NodeBase {
  label: string;
  /** null for top-level parameters. */
  condition: Condition | null;
  position: SourcePosition;
}

/**
 * A numeric distribution. Arguments are kept as written (`args`), and also normalised:
 * - bounded families (uniform, quniform, loguniform, qloguniform): `low`, `high` in the value's own units;
 * - randint and uniformint: `low`, `high` are the inclusive integer bounds (randint(6) -> 0..5, randint(1, 6) -> 1..5);
 * - normal families: `mu`, `sigma` (for lognormal/qlognormal they are the mean and sd of log(value), as in hyperopt).
 */
export interface NumericNode extends NodeBase {
  kind: 'numeric';
  family: NumericFamily;
  args: readonly number[];
  low: number | null;
  high: number | null;
  mu: number | null;
  sigma: number | null;
  /** Quantization step; 1 for randint/uniformint; null when continuous. */
  q: number | null;
  /** Sampled and modelled in log space (loguniform, qloguniform, lognormal, qlognormal). */
  log: boolean;
  /** Yields JS integers (randint, uniformint, and q-families whose arguments are all integers). */
  integer: boolean;
  /** Grid points for a continuous parameter under grid search (per-parameter `grid: N`). */
  grid: number | null;
}

export interface ChoiceOption {
  /** What the program receives for this option (the option itself, never its index). */
  value: ParamValue;
  /** Parameters that exist only when this option is chosen. */
  params: ParamNode[];
  /** A number written as a float (`2.0`): the choice's whole values reach the program as floats. */
  float?: true;
}

export interface ChoiceNode extends NodeBase {
  kind: 'choice';
  family: ChoiceFamily;
  options: ChoiceOption[];
  /** One probability per option; uniform for `choice`. Sums to 1. */
  probabilities: number[];
}

/** A fixed value passed through unchanged. */
export interface ConstantNode extends NodeBase {
  kind: 'constant';
  value: ParamValue;
  /** Written as a float (`1.0`, `1e3`): a whole value reaches the program as a float, as a float parameter's does. */
  float?: true;
}

export type ParamNode = NumericNode | ChoiceNode | ConstantNode;

export type Goal = 'minimize' | 'maximize';
/** Which reported value is a trial's result (util/objective.ts: last, min, max, last-K-avg). */
export type { Objective };

/** The sampler a space file asks for (`algo:`), as `run --algo` takes it; `hyperopt` is the TPE's hyperopt preset. */
export type SpaceAlgo = 'auto' | 'gp' | 'tpe' | 'random' | 'grid' | 'hyperopt';
export const SPACE_ALGOS: readonly SpaceAlgo[] = ['auto', 'gp', 'tpe', 'random', 'grid', 'hyperopt'];

/** The pruner a space file asks for (`prune:`), as `run --prune` takes it. */
export type SpacePruner = 'none' | 'median' | 'asha' | 'hyperband';
export const SPACE_PRUNERS: readonly SpacePruner[] = ['none', 'median', 'asha', 'hyperband'];

/** `prune:` and `max_steps:` of a space file: only what the file says (flags and defaults fill the rest). */
export interface SpacePrune {
  name?: SpacePruner;
  startupTrials?: number;
  warmupSteps?: number;
  minSteps?: number;
  reductionFactor?: number;
  maxSteps?: number;
}

/** `stop:` of a space file: when the study stops before its target (study/stop-rule.ts); only what the file says. */
export interface SpaceStop {
  at?: number;
  patience?: number;
  minDelta?: number;
}

/** When the time budget runs out: running trials finish (the default), or are stopped and recorded interrupted. */
export const AT_BUDGET_MODES = ['finish', 'stop'] as const;
export type AtBudget = (typeof AT_BUDGET_MODES)[number];

export const METRIC_STREAMS = ['stdout', 'stderr', 'both'] as const;
export type MetricStream = (typeof METRIC_STREAMS)[number];

export interface Space {
  /** Top-level parameters in file order. */
  params: ParamNode[];
  /** Every node of the tree, depth-first, parents before children. */
  nodes: ParamNode[];
  metric: string;
  goal: Goal;
  /** Default trial budget, if the file gives one. */
  trials: number | null;
  /** The study's time budget in seconds (`time_budget:`), if the file gives one. */
  timeBudgetS: number | null;
  /** What happens to running trials when the budget runs out (`at_budget:`); null when the file does not say. */
  atBudget: AtBudget | null;
  /** Default grid points for continuous parameters under grid search. */
  grid: number | null;
  /** The default sampler of `run` (overridden by --algo); null when the file does not say. */
  algo: SpaceAlgo | null;
  /** A regular expression with one capture group that reads the metric. */
  pattern: string | null;
  /** Where the metric is printed: stdout (the default), stderr, or both in arrival order. */
  metricStream: MetricStream;
  /** A file the program writes its metrics to, read instead of the streams (`metric_file:`); null: the streams. */
  metricFile: string | null;
  /** Other metrics recorded beside the result (`extra_metrics:`), never optimized; empty when the file names none. */
  extraMetrics: string[];
  objective: Objective;
  /** Pruning settings the file gives (`prune:`, `max_steps:`); empty when it gives none. */
  prune: SpacePrune;
  /** When the study stops before its target (`stop:`); empty when the file gives none. */
  stop: SpaceStop;
  /** The file the space was read from, if any, for error messages. */
  file: string | null;
  /** The exact YAML text, so a study can store and compare it. */
  text: string;
  /** Configurations to try first (`start:`), in order; a label left out is the optimizer's to fill. */
  start: Config[];
  /** Set when the file is another tool's search space, read in hypertune's terms (wandb-sweep.ts, hydra-sweeper.ts). */
  origin?: SpaceOrigin;
}

export type SpaceOrigin = SweepOrigin | HydraOrigin | KatibOrigin;
/** A W&B sweep configuration, with its `program:` and `command:` (its words as written, macros such as `${args}` kept). */
export interface SweepOrigin {
  format: 'wandb';
  program: string | null;
  command: string[] | null;
}
/** The `hydra.sweeper.params` of a Hydra application's config: its program takes `key=value` overrides. */
export interface HydraOrigin {
  format: 'hydra';
}
/** A Katib Experiment: its trial container's command, `${trialParameters.x}` made `{label}` placeholders. */
export interface KatibOrigin {
  format: 'katib';
  command: string[] | null;
}
