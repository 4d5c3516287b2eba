import { INACTIVE_AT, NORMAL_SPAN } from './encode.js';
import type { GpOptions } from '../types.js';
import type { ChanceSettings } from './failures.js';
import type { LengthPrior } from './fit.js';
import type { LocalSettings } from './local.js';
import type { Warp } from './warp.js';

export interface GpSettings {
  startupTrials: number;
  /** True when startupTrials was given: then it holds whatever the budget. */
  startupGiven: boolean;
  shortBudget: number;
  /** `auto`: per ask, the warp under which the losses are most likely (none or log). */
  warp: Warp | 'auto';
  rawSamples: number;
  restarts: number;
  /** The GP is fitted on at most this many complete trials (the best and the newest); its cost grows as n^3. */
  maxFitted: number;
  noiseRate: number;
  pending: 'believer' | 'ignore' | 'separate';
  pruned: 'worst' | 'last' | 'fidelity' | 'fidelity-linear';
  lengthPrior: LengthPrior;
  choicePrior: LengthPrior;
  incumbentStarts: number;
  /** Narrow basins: the neighbourhood model's settings, or null when off. */
  local: LocalSettings | null;
  /** The neighbourhood model of the best full run in fits with a fidelity input (pruned trials), or null when off. */
  prunedLocal: LocalSettings | null;
  /** Outliers: rows this many robust standard deviations worse than predicted without them leave the fit; null: none do. */
  outliers: number | null;
  /** Failures that look like chance join the fit with a noise of their own; null: every failure is believed. */
  chance: ChanceSettings | null;
  /** The prior mean: zero on the standardized targets, or a GLS constant (fit.ts `priorMean`). */
  mean: 'gls' | 'zero';
  /** What the expected improvement improves on in a noisy fit: the best full run's value, or the lowest posterior mean at the full runs (incumbent.ts). */
  incumbent: 'value' | 'mean';
  /** A converged search: every `every`-th ask with the best log EI below `below` goes where the model knows least; null: never. */
  explore: { below: number; every: number; stale: number } | null;
  /** Conditional spaces: where a parameter its branch leaves out sits on its input's [0, 1] (docs/gp.md). */
  inactiveAt: number;
  /** A normal family's input spans its prior's mean +- this many standard deviations (encode.ts). */
  normalSpan: number;
  /** Each numeric input through a fitted Kumaraswamy CDF (inputwarp.ts); false: the inputs as encoded. */
  inputWarp: boolean;
  /** ... also in a fit with the fidelity input (under pruning). */
  inputWarpPruned: boolean;
  /** The weight of log P(not pruned | x) in the acquisition; 0: off. */
  prunedSurvival: number;
  /** A local penalty of this many length scales around pruned trials; 0: off. */
  prunedRadius: number;
  /** Only around pruned trials a second confirmed (same step, losses within this share of their spread); null: every one. */
  prunedConfirmed: number | null;
  /** The weight of log P(passing the rung where runs were stopped) in the acquisition (rung-pass.ts); 0: off. */
  rungPass: number;
  /** After this many trials in a row pruned at one step beside each other, one ask with that term at weight 1 (stuck.ts); 0: never. */
  stuckAfter: number;
  /** Pruned trials as censored full runs, worse than this quantile of the full runs (censored.ts); null: off. */
  censored: number | null;
  /** What a stuck run of asks gets: the rung-pass term at weight 1, pruned trials censored at the best full run, or both. */
  stuckMove: 'rungPass' | 'censored' | 'both';
}

/** Narrow basins (docs/gp.md): z -4 and every other ask lost no cell of the tuning screen; -3 and -3.5 did. */
const localDefaults: LocalSettings = { z: -4, every: 2, perInput: 2, apart: 0 };
/** A converged search (docs/gp.md): stale 4 keeps narrow_well@100 at 0.005x and drops stale 0's losses but nested2@100 (2x at 1e-6). */
const exploreDefaults = { below: -11, every: 2, stale: 4 };

/**
 * Under pruning (docs/pruning.md, "Session 26"): every other ask refines the best full run with a model
 * of the full runs around it, whatever its z: the global fit spans a hundred early-stopped rows and is
 * blurred near the best, and the refinements it no longer makes are what the late trap lacked.
 */
const prunedLocalDefaults: LocalSettings = { z: Infinity, every: 2, perInput: 2, apart: 0.02 };

/** Failures by chance (docs/gp.md): at most one failure among the five nearest finished trials, noise 1. */
const chanceDefaults: ChanceSettings = { noise: 1, neighbours: 5, allowed: 1 };

/**
 * Defaults, each chosen by the benchmark (docs/gp.md). outliers 3: spiky_bowl4@100 0.21x held out
 * (seeds 0..19), no cell of 102 decidedly worse (docs/gp.md, "Outliers"). inputWarp: 102 cells at
 * 0.65x in geometric mean, a learning rate declared `uniform` solved, one cell decidedly worse
 * (plateau2@25, 1.5x; docs/gp.md, "Input warping"). inputWarpPruned: the same medians on four curve
 * families, a rate declared uniform 56x better under asha and hyperband (docs/gp.md, "Under pruning").
 * incumbent 'mean': 51 held-out cells at 1.06x, none decidedly worse (docs/gp.md, "A noise-aware incumbent").
 */
/**
 * shortBudget: fewer start-up trials gave 0.75x the regret at 10 trials over 41 problems of 1-4
 * parameters (d + 3 of them; seeds 20..59, 12 cells decidedly better, none worse), but by 50 trials
 * five cells decidedly worse (multimodal ones: the model commits early), so only a study told it
 * ends within 10 trials starts early: with 5 (4 on one parameter), 0.70x over 62 problems of 1-21
 * parameters, held out (docs/gp.md, "Start-up trials").
 */
const SHORT_BUDGET = 10;

const defaults: GpSettings = { startupTrials: 8, startupGiven: false, shortBudget: SHORT_BUDGET, warp: 'auto', rawSamples: 1024, restarts: 8, maxFitted: 300, noiseRate: 100, pending: 'believer', pruned: 'fidelity', lengthPrior: 'unit', choicePrior: 'dimension', incumbentStarts: 1, local: localDefaults, prunedLocal: prunedLocalDefaults, outliers: 3, chance: chanceDefaults, mean: 'gls', incumbent: 'mean', inactiveAt: INACTIVE_AT, normalSpan: NORMAL_SPAN, explore: exploreDefaults, inputWarp: true, inputWarpPruned: true, prunedSurvival: 0, prunedRadius: 0, prunedConfirmed: null, rungPass: 0, stuckAfter: 3, censored: null, stuckMove: 'rungPass' };

export function resolveGp(options: GpOptions = {}): GpSettings {
  const d = defaults;
  return {
    ...d,
    startupTrials: options.startupTrials ?? d.startupTrials,
    startupGiven: options.startupTrials !== undefined,
    shortBudget: options.shortBudget ?? d.shortBudget,
    warp: options.warp ?? d.warp,
    rawSamples: options.rawSamples ?? d.rawSamples,
    restarts: options.restarts ?? d.restarts,
    noiseRate: options.noiseRate ?? d.noiseRate,
    pending: options.pending ?? d.pending,
    pruned: options.pruned ?? d.pruned,
    lengthPrior: options.lengthPrior ?? d.lengthPrior,
    choicePrior: options.choicePrior ?? d.choicePrior,
    incumbentStarts: options.incumbentStarts ?? d.incumbentStarts,
    local: options.local === false ? null : { ...localDefaults, ...options.local },
    prunedLocal: options.prunedLocal === false ? null : { ...prunedLocalDefaults, ...options.prunedLocal },
    mean: options.mean ?? d.mean,
    incumbent: options.incumbent ?? d.incumbent,
    explore: options.explore === false ? null : { ...exploreDefaults, ...options.explore },
    inactiveAt: options.inactiveAt ?? d.inactiveAt,
    normalSpan: options.normalSpan ?? d.normalSpan,
    inputWarp: options.inputWarp ?? d.inputWarp,
    inputWarpPruned: options.inputWarpPruned ?? d.inputWarpPruned,
    prunedSurvival: options.prunedSurvival ?? d.prunedSurvival,
    prunedRadius: options.prunedRadius ?? d.prunedRadius,
    prunedConfirmed: options.prunedConfirmed === undefined ? d.prunedConfirmed : options.prunedConfirmed,
    rungPass: options.rungPass ?? d.rungPass,
    stuckAfter: options.stuckAfter ?? d.stuckAfter,
    censored: options.censored === undefined ? d.censored : options.censored,
    stuckMove: options.stuckMove ?? d.stuckMove,
    chance: options.chanceFailures === false ? null : { ...chanceDefaults, ...options.chanceFailures },
    outliers: options.outliers === undefined ? d.outliers : options.outliers === false ? null : options.outliers,
  };
}
