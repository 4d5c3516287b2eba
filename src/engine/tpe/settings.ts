import type { PendingOptions, TpeOptions } from '../types.js';
import { hyperoptDefaults, type HyperoptSettings } from './hyperopt.js';
import type { Bandwidth } from './kernel-types.js';
import type { StaleSettings } from './stale.js';

export interface DefaultSettings {
  startupTrials: number;
  candidates: number;
  gamma: number;
  /** Largest good group. */
  gammaCap: number;
  priorWeight: number;
  multivariate: boolean;
  weights: 'ei' | 'uniform';
  bandwidth: Bandwidth;
  /** l(x)'s widths times (d / FULL_WIDTH_DIMS)^lowDimPower in a space of d < FULL_WIDTH_DIMS parameters. */
  lowDimPower: number;
  /** Every this many trials after the start-up, a space-filling point instead of a model proposal (0: never). */
  exploreEvery: number;
  /** ... only in spaces of fewer modelled parameters than this (a space-filling point says little in many dimensions). */
  exploreBelowDims: number;
  /** A converged search draws from the prior now and then (small spaces only, as `exploreBelowDims`); null: never. */
  staleExplore: StaleSettings | null;
  /** EI weights are raised to this power (greedier above 1). */
  weightPower: number;
  /** How pending (running) trials steer the search (docs/tpe.md, "Parallel asks"). */
  pending: PendingSettings;
  /** Pruned trials: `rank` after the complete ones, by step reached then last loss (Optuna); `above`: always in g(x). */
  pruned: 'rank' | 'above';
}

export type PendingSettings = PendingOptions;

/** hypertune's defaults, each chosen by the benchmark (docs/tpe.md). */
const defaultSettings: DefaultSettings = {
  startupTrials: 8,
  candidates: 24,
  gamma: 0.25,
  gammaCap: 25,
  priorWeight: 1,
  multivariate: true,
  weights: 'ei',
  bandwidth: { minBandwidth: 0.01, clipExponent: 1 },
  weightPower: 4,
  // session 3: the narrowing off (1.5 before), space-filling points on, in small spaces (docs/tpe.md)
  lowDimPower: 0,
  exploreEvery: 5,
  exploreBelowDims: 5,
  staleExplore: null,
  pending: { startupCountsRunning: false, constantLiar: false, penaltyRadius: 0.1, believer: 0.09 },
  // docs/pruning.md: ranking pruned trials into the good group (Optuna's way) trapped ASHA on every curve family
  pruned: 'above',
};

/** A converged search's draws when asked for without every setting. */
const staleDefaults: StaleSettings = { stale: 10, every: 2, tolerance: 0.01 };

/** From this many modelled parameters on, kernels keep the neighbour rule's widths. */
export const FULL_WIDTH_DIMS = 5;

/** The factor on l(x)'s kernel widths for a space of `dims` modelled parameters (1 unless `lowDimPower` is set). */
export function lowDimScale(dims: number, s: DefaultSettings): number {
  if (s.lowDimPower <= 0 || dims >= FULL_WIDTH_DIMS) return 1;
  return Math.pow(Math.max(1, dims) / FULL_WIDTH_DIMS, s.lowDimPower);
}

export type ResolvedTpe = { preset: 'hyperopt'; settings: HyperoptSettings } | { preset: 'default'; settings: DefaultSettings };

export function resolveTpe(options: TpeOptions = {}): ResolvedTpe {
  if (options.preset === 'hyperopt') {
    return {
      preset: 'hyperopt',
      settings: {
        startupTrials: options.startupTrials ?? hyperoptDefaults.startupTrials,
        candidates: options.candidates ?? hyperoptDefaults.candidates,
        gamma: options.gamma ?? hyperoptDefaults.gamma,
        priorWeight: options.priorWeight ?? hyperoptDefaults.priorWeight,
      },
    };
  }
  const d = defaultSettings;
  return {
    preset: 'default',
    settings: {
      ...d,
      startupTrials: options.startupTrials ?? d.startupTrials,
      candidates: options.candidates ?? d.candidates,
      gamma: options.gamma ?? d.gamma,
      priorWeight: options.priorWeight ?? d.priorWeight,
      multivariate: options.multivariate ?? d.multivariate,
      weights: options.weights ?? d.weights,
      weightPower: options.weightPower ?? d.weightPower,
      lowDimPower: options.lowDimPower ?? d.lowDimPower,
      exploreEvery: options.exploreEvery ?? d.exploreEvery,
      exploreBelowDims: options.exploreBelowDims ?? d.exploreBelowDims,
      staleExplore: options.staleExplore === false ? null : options.staleExplore === undefined ? d.staleExplore : { ...staleDefaults, ...options.staleExplore },
      pending: { ...d.pending, ...options.pending },
      pruned: options.pruned ?? d.pruned,
      bandwidth: { minBandwidth: options.minBandwidth ?? d.bandwidth.minBandwidth, clipExponent: options.clipExponent ?? d.bandwidth.clipExponent },
    },
  };
}
