// createOptimizer's nested options (tpe, gp, auto, pruner): one table per group, each key with what its
// value takes. A key that is none of them (`startup_trials`, the space file's spelling of startupTrials,
// or a typo) was ignored and the search went another way (a user audit); a known key with a value of
// the wrong kind (multivariate: 'no', truthy; weights: 'EI'; gp.warp: 'foo'; auto.maxGpParams: '3') or a
// typo one level down (tpe.pending.constantLier) ran a search other than the one asked for, unsaid (a
// library user's audit). The Records make the compiler check that each table is the interface's whole
// set of keys, so a new setting cannot be left out of either check.
import { nearestName } from '../util/nearest-name.js';
import type { AutoOptions, GpOptions } from './gp-options.js';
import type { PrunerOptions } from './prune/types.js';
import type { TpeOptions } from './types.js';

/** Why the value at `path` (tpe.pending.believer) does not fit, as a sentence, or null. */
type Check = (value: unknown, path: string) => string | null;

/** Each key of T with its value's check; null where options-check.ts checks the value (or any value goes). */
type Table<T> = Record<keyof Required<T>, Check | null>;

/** A value as an error message shows it (a BigInt is no JSON: it threw a TypeError of its own; a user audit). */
export function describe(value: unknown): string {
  return value === undefined ? 'undefined' : typeof value === 'number' || typeof value === 'bigint' ? `${String(value)}${typeof value === 'bigint' ? 'n' : ''}` : (JSON.stringify(value) ?? String(value));
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && !Number.isNaN(value);

/** A check from a test and the words for what fits. */
const kind = (fits: (value: unknown) => boolean, words: string): Check => (value, path) => (fits(value) ? null : `${path} ${words} (got ${describe(value)})`);

const oneOf = (...names: readonly string[]): Check => kind((value) => typeof value === 'string' && names.includes(value), `is one of ${names.map((name) => `'${name}'`).join(', ')}`);

const flag: Check = kind((value) => typeof value === 'boolean', 'is true or false');

/** A number from `min` (above it when `above`; to `max`); `whole`: an integer. No infinity. */
const num = (min: number, { whole = false, above = false, max = Number.MAX_VALUE } = {}): Check => {
  const range = max !== Number.MAX_VALUE ? `from ${min} to ${max}` : above ? `above ${min}` : `>= ${min}`;
  return kind((value) => isNumber(value) && (above ? value > min : value >= min) && value <= max && (!whole || Number.isInteger(value)), `is ${whole ? 'a whole number' : 'a number'} ${range}`);
};

/** Any number but NaN (a threshold that may be an infinity). */
const anyNumber: Check = kind(isNumber, 'is a number');

/** What `check` takes, or `other` (false: off; null: the default). */
const orElse = (check: Check, other: false | null): Check => (value, path) => {
  if (value === other) return null;
  const wrong = check(value, path);
  // a sentence about the value itself names the other form too; one about a setting inside it does not
  return wrong !== null && wrong.startsWith(`${path} is `) ? wrong.replace(/ \(got /, `, or ${String(other)} (got `) : wrong;
};

/** An object of these settings, each optional. */
const group = (checks: Readonly<Record<string, Check>>): Check => (value, path) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path} is an object of settings (${Object.keys(checks).join(', ')}) (got ${describe(value)})`;
  for (const key of Object.keys(value)) {
    if (Object.hasOwn(checks, key)) continue;
    const meant = nearestName(key, Object.keys(checks));
    return `unknown option ${path}.${key}${meant === null ? '' : ` (did you mean ${path}.${meant}?)`}; the settings are ${Object.keys(checks).join(', ')}`;
  }
  return settingsProblem(value as Record<string, unknown>, checks, path);
};

const TPE: Table<TpeOptions> = {
  preset: null, startupTrials: null, candidates: null, gamma: null, priorWeight: null, minBandwidth: null,
  multivariate: flag,
  weights: oneOf('ei', 'uniform'),
  weightPower: num(0),
  lowDimPower: num(0),
  clipExponent: num(0),
  exploreEvery: num(0, { whole: true }),
  exploreBelowDims: num(0, { whole: true }),
  staleExplore: orElse(group({ stale: num(1, { whole: true }), every: num(1, { whole: true }), tolerance: num(0) }), false),
  pending: group({ startupCountsRunning: flag, constantLiar: flag, penaltyRadius: num(0), believer: num(0) }),
  pruned: oneOf('rank', 'above'),
};

/** What hyperopt's TPE reads: the rest of TpeOptions are hypertune's TPE's, and were dropped under the preset. */
const HYPEROPT_READS: readonly string[] = ['preset', 'startupTrials', 'candidates', 'gamma', 'priorWeight'];

const local = orElse(group({ z: anyNumber, every: num(1, { whole: true }), perInput: num(0), apart: num(0) }), false);

const GP: Table<GpOptions> = {
  startupTrials: null, shortBudget: null, normalSpan: null,
  warp: oneOf('auto', 'none', 'log', 'rank'),
  rawSamples: num(1, { whole: true }),
  restarts: num(0, { whole: true }),
  pending: oneOf('believer', 'ignore', 'separate'),
  pruned: oneOf('worst', 'last', 'fidelity', 'fidelity-linear'),
  noiseRate: num(0, { above: true }),
  lengthPrior: oneOf('unit', 'dimension'),
  choicePrior: oneOf('unit', 'dimension'),
  incumbentStarts: num(0, { whole: true }),
  local,
  prunedLocal: local,
  explore: orElse(group({ below: anyNumber, every: num(1, { whole: true }), stale: num(0, { whole: true }) }), false),
  incumbent: oneOf('value', 'mean'),
  outliers: orElse(num(0, { above: true }), false),
  chanceFailures: orElse(group({ noise: num(0, { above: true }), neighbours: num(1, { whole: true }), allowed: num(0, { whole: true }) }), false),
  mean: oneOf('gls', 'zero'),
  inactiveAt: num(0, { max: 1 }),
  inputWarp: flag,
  inputWarpPruned: flag,
  prunedSurvival: num(0),
  prunedRadius: num(0),
  prunedConfirmed: orElse(num(0), null),
  rungPass: num(0),
  stuckAfter: num(0, { whole: true }),
  censored: orElse(num(0, { max: 1 }), null),
  stuckMove: oneOf('rungPass', 'censored', 'both'),
};

const AUTO: Table<AutoOptions> = { maxGpParams: num(0, { whole: true }), maxGpTrials: num(0, { whole: true }), conditional: oneOf('gp', 'tpe') };

// the pruners' values are checked where they are read (prune/settings): the bench gives one variant to every pruner
const PRUNER: Table<PrunerOptions> = {
  name: null, startupTrials: null, warmupSteps: null, minSteps: null, reductionFactor: null, maxSteps: null, noiseMargin: null, bracketShares: null,
  rankGate: null, gateCeiling: null, turnGuard: null, bestRunGuard: null, rungStartup: null, hindsight: null, confirmAfter: null, confirmGood: null, rungValue: null,
};

const GROUPS: ReadonlyArray<[string, Readonly<Record<string, Check | null>>]> = [['tpe', TPE], ['gp', GP], ['auto', AUTO], ['pruner', PRUNER]];

/** The first unknown key of the nested options, as a sentence naming the key meant; null when none. */
export function nestedKeyProblem(options: Record<string, unknown>): string | null {
  for (const [name, table] of GROUPS) {
    const given = options[name];
    // a name is the pruner's short form; tpe: 'hyperopt' or gp: 'fast' were dropped unsaid (a library user's audit)
    if (given === undefined || (name === 'pruner' && (typeof given === 'string' || given === false))) continue;
    if (typeof given !== 'object' || given === null || Array.isArray(given)) return `${name} is an object of settings (got ${JSON.stringify(given)})`;
    const known = Object.keys(table);
    for (const key of Object.keys(given)) {
      if (Object.hasOwn(table, key)) continue;
      const camel = key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
      const meant = known.includes(camel) ? camel : nearestName(key, known);
      return `unknown option ${name}.${key}${meant === null ? '' : ` (did you mean ${name}.${meant}?)`}; docs/optimizer.md lists them`;
    }
  }
  return null;
}

/** The first setting of tpe, gp or auto whose value is of the wrong kind, as a sentence; null when none. */
export function optionValuesProblem(options: { algo?: unknown; tpe?: unknown; gp?: unknown; auto?: unknown }): string | null {
  const tpe = options.tpe as Record<string, unknown> | undefined;
  if (tpe !== undefined && (tpe.preset === 'hyperopt' || options.algo === 'hyperopt')) {
    const unread = Object.keys(tpe).find((key) => !HYPEROPT_READS.includes(key) && tpe[key] !== undefined);
    if (unread !== undefined) return `tpe.${unread} is a setting of hypertune's TPE; hyperopt's (preset 'hyperopt') reads only ${HYPEROPT_READS.slice(1).join(', ')}`;
  }
  for (const [name, table] of GROUPS) {
    const given = options[name as keyof typeof options];
    if (typeof given !== 'object' || given === null) continue;
    const wrong = settingsProblem(given as Record<string, unknown>, table, name);
    if (wrong !== null) return wrong;
  }
  return null;
}

/** The first of these settings whose value does not fit; a key without a check (null, or none) passes. */
function settingsProblem(given: Record<string, unknown>, checks: Readonly<Record<string, Check | null>>, path: string): string | null {
  for (const [key, value] of Object.entries(given)) {
    const check = checks[key];
    const wrong = value === undefined || check === undefined || check === null ? null : check(value, `${path}.${key}`);
    if (wrong !== null) return wrong;
  }
  return null;
}
