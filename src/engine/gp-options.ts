// The options of the Gaussian-process sampler and of `auto`'s hand-over, as the library and the
// space file's `gp:` take them (types.ts re-exports them).

/** Knobs of the Gaussian-process sampler; every default is chosen by the benchmark (docs/gp.md). */
export interface GpOptions {
  /** Trials drawn before the model is used (default 8, as the TPE's, from the same Halton sequence). */
  startupTrials?: number;
  /**
   * A study told a budget of at most this many trials (`budget`) starts the GP after 5 start-up
   * trials, 4 on one parameter (default 10; 0: never). Ignored when startupTrials is given.
   */
  shortBudget?: number;
  /** How the losses are warped before the GP sees them (docs/gp.md, "Output warping"). */
  warp?: 'auto' | 'none' | 'log' | 'rank';
  /** Points scored before local search when the acquisition is maximised. */
  rawSamples?: number;
  /** Best raw points refined by local search. */
  restarts?: number;
  /**
   * Running trials (default `believer`): `believer` adds each at the value the GP predicts (so the
   * next ask goes where that value leaves room to improve); `ignore` leaves them out (only an exact
   * repeat is refused); `separate` leaves them out but skips candidates within a tenth of a length
   * scale of one. docs/gp.md, "Parallel asks".
   */
  pending?: 'believer' | 'ignore' | 'separate';
  /**
   * Pruned trials (docs/pruning.md): `worst` joins them to the fit at the worst complete loss;
   * `last` at their last value or the worst complete loss, whichever is worse; `fidelity` (default) at
   * their last value, with how far they got as one more input: log(step) / log(full run's steps)
   * (`fidelity-linear`: step / full run's steps). Without a complete trial's steps, `fidelity` is `last`.
   */
  pruned?: 'worst' | 'last' | 'fidelity' | 'fidelity-linear';
  /**
   * Rate of the Gamma(1.1, rate) prior on the noise variance, in units of the standardized loss
   * (default 100, mean 0.011); larger trusts each result more, smaller suits noisy objectives.
   */
  noiseRate?: number;
  /**
   * The length scales' prior: `unit` (default), mode at length 1 of the unit cube, as Optuna's GP;
   * `dimension`, log-normal with median e^sqrt(2) sqrt(d), as BoTorch's (docs/gp.md has both measured).
   */
  lengthPrior?: 'unit' | 'dimension';
  /**
   * The prior of the choices' length scales (default `dimension`: a choice's options start out nearly
   * alike, and the data must show that they differ; docs/gp.md).
   */
  choicePrior?: 'unit' | 'dimension';
  /** Local searches of the acquisition started at the best trials themselves (default 1). */
  incumbentStarts?: number;
  /**
   * Narrow basins: while the best trial's leave-one-out z (its value against the fit's prediction
   * without it) is below `z` (default -4), every `every`-th ask (default 2) goes to a GP of its
   * neighbourhood of `perInput` x (inputs + 1) trials (default 2); `false` turns it off (docs/gp.md).
   */
  local?: false | { z?: number; every?: number; perInput?: number; apart?: number };
  /**
   * The same neighbourhood model where the fit holds pruned trials (a fidelity input): every `every`-th
   * ask (default 2) refines the best full run from the full runs around it, while its z is below `z`
   * (default: always), keeping `apart` (default 0.02) of its box from every pruned trial; `false` turns
   * it off (docs/pruning.md, "Session 26", "Session 46").
   */
  prunedLocal?: false | { z?: number; every?: number; perInput?: number; apart?: number };
  /**
   * A search the model thinks is over (the best log expected improvement below `below`) spends every
   * `every`-th ask on the point it knows least of (the highest posterior variance), once the best trial
   * is at least `stale` asks old (defaults -11, 2 and 4; docs/gp.md, "A converged search"); `false`: never.
   */
  explore?: false | { below?: number; every?: number; stale?: number };
  /** What the expected improvement improves on in a noisy fit (docs/gp.md, "A noise-aware incumbent"): the best full run's value, or the lowest posterior mean at the full runs. */
  incumbent?: 'value' | 'mean';
  /** In a noisy fit, results this many robust standard deviations worse than the fit predicts without them leave it (default 3; `false`: none do; docs/gp.md, "Outliers"). */
  outliers?: number | false;
  /**
   * A failed trial with at most `allowed` (default 1) failures among its `neighbours` (default 5)
   * nearest finished trials is taken for chance (a preempted job) and joins the fit at the worst loss
   * with a noise variance of its own, `noise` (default 1, in standardized losses); `false`: every
   * failure is believed, as a crash region (docs/gp.md, "Failures by chance").
   */
  chanceFailures?: false | { noise?: number; neighbours?: number; allowed?: number };
  /**
   * The GP's prior mean: `gls` (the default), a constant by generalized least squares, profiled in the
   * fit's likelihood; `zero`, the mean of the standardized losses (docs/gp.md, "The prior mean").
   */
  mean?: 'gls' | 'zero';
  /**
   * Conditional spaces: the coordinate (on the input's [0, 1]) of a parameter that the chosen branch
   * leaves out (default 0.5; docs/gp.md, "Conditional spaces"). A left-out choice is an option of its own.
   */
  inactiveAt?: number;
  /** A normal family's input spans its prior's mean +- this many standard deviations; default 3. */
  normalSpan?: number;
  /**
   * Each numeric input through the CDF of a Kumaraswamy distribution whose two shapes are fitted with
   * the kernel (input warping; docs/gp.md, "Input warping"); not in conditional spaces.
   */
  inputWarp?: boolean;
  /** Input warping in a fit with the fidelity input too, i.e. once trials were pruned (default true; docs/gp.md, "Input warping"). */
  inputWarpPruned?: boolean;
  /**
   * Under pruning, the acquisition times P(a run here is not pruned)^w, from Parzen estimators of the
   * complete vs the pruned trials; 0: off (docs/pruning.md, "Asking again where the pruner stopped").
   */
  prunedSurvival?: number;
  /**
   * Under pruning, a local penalty log(1 - exp(-r^2 / 2 rho^2)) in the acquisition around each pruned
   * trial, rho this many length scales; 0: off (the same section).
   */
  prunedRadius?: number;
  /** ... only around pruned trials that a second one confirmed: the same step, losses within this share of their spread (null: every pruned trial). */
  prunedConfirmed?: number | null;
  /**
   * Under pruning, this weight times log P(a run here passes the step where the pruner stopped others),
   * from the GP's posterior at that step's fidelity against the value that passed there; 0: off
   * (docs/pruning.md, "The chance to pass the rung").
   */
  rungPass?: number;
  /**
   * Under pruning, after this many finished trials in a row were pruned at one step within 0.1 length
   * scales of the newest, the next ask weighs its acquisition by that chance at weight 1 (default 3;
   * 0: never; docs/pruning.md, "The chance to pass the rung").
   */
  stuckAfter?: number;
  /**
   * Under pruning, each pruned trial also joins the acquisition's posterior as a full run at the GP's
   * expectation there cut below at this quantile of the full runs' values (0: the best); null: off
   * (docs/pruning.md, "Pruned trials as censored full runs").
   */
  censored?: number | null;
  /**
   * What the ask after a stuck run (stuckAfter) gets: `rungPass` (default) the chance-to-pass term at
   * weight 1, `censored` pruned trials censored at the best full run, `both`.
   */
  stuckMove?: 'rungPass' | 'censored' | 'both';
}

/** When `auto` uses the GP: see docs/gp.md, "auto". */
export interface AutoOptions {
  /** Above this many modelled parameters, TPE (default 20). */
  maxGpParams?: number;
  /** Conditional spaces: `gp` (the default since session 27) or `tpe` (the rule before it; docs/gp.md, "Conditional spaces"). */
  conditional?: 'gp' | 'tpe';
  /** From this many complete and pruned trials on, TPE (the GP's cost grows as n^3; default 200). */
  maxGpTrials?: number;
}
