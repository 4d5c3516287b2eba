// The values of createOptimizer's nested settings (tpe, gp, auto). option-keys.ts refuses an unknown
// key; a known key with a value of the wrong kind (multivariate: 'no', truthy; weights: 'EI';
// gp.warp: 'foo'; auto.maxGpParams: '3') or a typo one level down (tpe.pending.constantLier) ran a
// search other than the one asked for, unsaid (a library user's audit).
import { nearestName } from '../util/nearest-name.js';

/** Why the value at `path` (tpe.pending.believer) does not fit, as a sentence, or null. */
type Check = (value: unknown, path: string) => string | null;

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

const TPE_VALUES: Readonly<Record<string, Check>> = {
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

const GP_VALUES: Readonly<Record<string, Check>> = {
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

const AUTO_VALUES: Readonly<Record<string, Check>> = {
  maxGpParams: num(0, { whole: true }),
  maxGpTrials: num(0, { whole: true }),
  conditional: oneOf('gp', 'tpe'),
};

/** The first setting of tpe, gp or auto whose value is of the wrong kind, as a sentence; null when none. */
export function optionValuesProblem(options: { algo?: unknown; tpe?: unknown; gp?: unknown; auto?: unknown }): string | null {
  const tpe = options.tpe as Record<string, unknown> | undefined;
  if (tpe !== undefined && (tpe.preset === 'hyperopt' || options.algo === 'hyperopt')) {
    const unread = Object.keys(tpe).find((key) => !HYPEROPT_READS.includes(key) && tpe[key] !== undefined);
    if (unread !== undefined) return `tpe.${unread} is a setting of hypertune's TPE; hyperopt's (preset 'hyperopt') reads only ${HYPEROPT_READS.slice(1).join(', ')}`;
  }
  for (const [name, checks] of [['tpe', TPE_VALUES], ['gp', GP_VALUES], ['auto', AUTO_VALUES]] as const) {
    const given = options[name];
    if (typeof given !== 'object' || given === null) continue;
    const wrong = settingsProblem(given as Record<string, unknown>, checks, name);
    if (wrong !== null) return wrong;
  }
  return null;
}

/** The first of these settings whose value does not fit; keys no table lists are checked elsewhere (options-check.ts, option-keys.ts). */
function settingsProblem(given: Record<string, unknown>, checks: Readonly<Record<string, Check>>, path: string): string | null {
  for (const [key, value] of Object.entries(given)) {
    const check = checks[key];
    const wrong = value === undefined || check === undefined ? null : check(value, `${path}.${key}`);
    if (wrong !== null) return wrong;
  }
  return null;
}

function describe(value: unknown): string {
  return typeof value === 'number' || typeof value === 'bigint' ? String(value) : (JSON.stringify(value) ?? String(value));
}
