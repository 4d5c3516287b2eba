import type { GpOptions } from '../types.js';
import type { Warp } from './warp.js';

export interface GpSettings {
  startupTrials: number;
  /** `auto`: per ask, the warp under which the losses are most likely (none or log). */
  warp: Warp | 'auto';
  rawSamples: number;
  restarts: number;
  /** The GP is fitted on at most this many complete trials (the best and the newest); its cost grows as n^3. */
  maxFitted: number;
  noiseRate: number;
  pending: 'believer' | 'ignore' | 'separate';
  pruned: 'worst' | 'last';
}

/** Defaults, each chosen by the benchmark (docs/gp.md). */
const defaults: GpSettings = { startupTrials: 8, warp: 'auto', rawSamples: 512, restarts: 4, maxFitted: 300, noiseRate: 100, pending: 'separate', pruned: 'last' };

export function resolveGp(options: GpOptions = {}): GpSettings {
  const d = defaults;
  return {
    ...d,
    startupTrials: options.startupTrials ?? d.startupTrials,
    warp: options.warp ?? d.warp,
    rawSamples: options.rawSamples ?? d.rawSamples,
    restarts: options.restarts ?? d.restarts,
    noiseRate: options.noiseRate ?? d.noiseRate,
    pending: options.pending ?? d.pending,
    pruned: options.pruned ?? d.pruned,
  };
}
