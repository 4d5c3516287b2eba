// The keys of createOptimizer's nested options. A key that is none of them (`startup_trials`, the space
// file's spelling of startupTrials, or a typo) was ignored and the search went another way (a user
// audit); the Records make the compiler check that each list is the interface's whole set of keys.
import { nearestName } from '../util/nearest-name.js';
import type { AutoOptions, GpOptions } from './gp-options.js';
import type { PrunerOptions } from './prune/types.js';
import type { TpeOptions } from './types.js';

type Keys<T> = Record<keyof Required<T>, true>;

const TPE_KEYS: Keys<TpeOptions> = {
  preset: true, startupTrials: true, candidates: true, gamma: true, priorWeight: true, multivariate: true, weights: true, weightPower: true,
  lowDimPower: true, exploreEvery: true, exploreBelowDims: true, staleExplore: true, pending: true, pruned: true, minBandwidth: true, clipExponent: true,
};

const GP_KEYS: Keys<GpOptions> = {
  startupTrials: true, shortBudget: true, warp: true, rawSamples: true, restarts: true, noiseRate: true, pending: true, pruned: true, lengthPrior: true, choicePrior: true,
  incumbentStarts: true, local: true, prunedLocal: true, mean: true, explore: true, inactiveAt: true, normalSpan: true, inputWarp: true, inputWarpPruned: true,
  prunedSurvival: true, prunedRadius: true, prunedConfirmed: true, rungPass: true, stuckAfter: true, censored: true, stuckMove: true, chanceFailures: true,
  outliers: true, incumbent: true,
};

const AUTO_KEYS: Keys<AutoOptions> = { maxGpParams: true, maxGpTrials: true, conditional: true };

const PRUNER_KEYS: Keys<PrunerOptions> = {
  name: true, startupTrials: true, warmupSteps: true, minSteps: true, reductionFactor: true, maxSteps: true, noiseMargin: true, bracketShares: true,
  rankGate: true, gateCeiling: true, turnGuard: true, bestRunGuard: true, rungStartup: true, hindsight: true, confirmAfter: true, confirmGood: true, rungValue: true,
};

const GROUPS: ReadonlyArray<[string, Record<string, true>]> = [['tpe', TPE_KEYS], ['gp', GP_KEYS], ['auto', AUTO_KEYS], ['pruner', PRUNER_KEYS]];

/** The first unknown key of the nested options, as a sentence naming the key meant; null when none. */
export function nestedKeyProblem(options: Record<string, unknown>): string | null {
  for (const [group, keys] of GROUPS) {
    const given = options[group];
    // a name is the pruner's short form; tpe: 'hyperopt' or gp: 'fast' were dropped unsaid (a library user's audit)
    if (given === undefined || (group === 'pruner' && (typeof given === 'string' || given === false))) continue;
    if (typeof given !== 'object' || given === null || Array.isArray(given)) return `${group} is an object of settings (got ${JSON.stringify(given)})`;
    const known = Object.keys(keys);
    for (const key of Object.keys(given)) {
      if (Object.hasOwn(keys, key)) continue;
      const camel = key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
      const meant = known.includes(camel) ? camel : nearestName(key, known);
      return `unknown option ${group}.${key}${meant === null ? '' : ` (did you mean ${group}.${meant}?)`}; docs/optimizer.md lists them`;
    }
  }
  return null;
}
