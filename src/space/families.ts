import type { NumericFamily, NumericNode } from './types.js';

/** Raised by the family checks; the parser adds file, line, column and label. */
export class FamilyProblem extends Error {
  readonly argIndex: number | null;
  constructor(reason: string, argIndex: number | null = null) {
    super(reason);
    this.argIndex = argIndex;
  }
}

interface FamilySpec {
  names: readonly string[];
  arity: readonly number[];
}

const SPECS: Record<NumericFamily, FamilySpec> = {
  uniform: { names: ['low', 'high'], arity: [2] },
  quniform: { names: ['low', 'high', 'q'], arity: [3] },
  loguniform: { names: ['low', 'high'], arity: [2] },
  qloguniform: { names: ['low', 'high', 'q'], arity: [3] },
  normal: { names: ['mu', 'sigma'], arity: [2] },
  qnormal: { names: ['mu', 'sigma', 'q'], arity: [3] },
  lognormal: { names: ['mu', 'sigma'], arity: [2] },
  qlognormal: { names: ['mu', 'sigma', 'q'], arity: [3] },
  randint: { names: ['low', 'high'], arity: [1, 2] },
  uniformint: { names: ['low', 'high'], arity: [2] },
};

export const NUMERIC_FAMILIES = Object.keys(SPECS) as NumericFamily[];
export const ALL_FAMILIES: readonly string[] = [...NUMERIC_FAMILIES, 'choice', 'pchoice'];

export function isNumericFamily(name: string): name is NumericFamily {
  return Object.hasOwn(SPECS, name);
}

function signature(family: NumericFamily): string {
  const spec = SPECS[family];
  return family === 'randint' ? 'randint(high) or randint(low, high)' : `${family}(${spec.names.join(', ')})`;
}

/** hyperopt's log-space bound, `np.log(1e-5)` (also numpy.log, math.log): the value inside is the bound here. */
const LOG_OF = /^\s*(?:np|numpy|math)\.log\(\s*([^()]*?)\s*\)\s*$/;

/** loguniform(np.log(1e-5), np.log(1)) kept from a hyperopt space (a user audit, hyperopt migration): the form to write. */
function hyperoptLogBounds(family: NumericFamily, args: readonly unknown[]): string {
  const shortest = (n: number): string => (n !== 0 && Math.abs(n) < 1e-3 ? n.toExponential() : String(n));
  const written = args.map((arg) => (typeof arg === 'string' ? (LOG_OF.exec(arg)?.[1] ?? arg) : typeof arg === 'number' ? shortest(arg) : String(arg)));
  // log bounds on a uniform family meant its log-uniform counterpart
  const target = family === 'uniform' ? 'loguniform' : family === 'quniform' ? 'qloguniform' : family;
  return `${family}: hyperopt's np.log(...) bounds are not needed, bounds are in the value's own units: write ${target}(${written.join(', ')})`;
}

function checkNumbers(family: NumericFamily, args: readonly unknown[]): number[] {
  const spec = SPECS[family];
  const empty = args.findIndex((arg) => arg === null || arg === '');
  if (empty >= 0) throw new FamilyProblem(`${family} has an empty argument (a comma too many?): write ${signature(family)}`, empty);
  const named = args.findIndex((arg) => typeof arg === 'string' && /^[A-Za-z_]\w*\s*=/.test(arg));
  if (named >= 0) throw new FamilyProblem(`${family} takes its arguments by position, not by name (got ${JSON.stringify(args[named])}): write ${signature(family)}`, named);
  if (!spec.arity.includes(args.length)) {
    const expected = spec.arity.join(' or ');
    throw new FamilyProblem(`${family} takes ${expected} arguments, got ${args.length}: write ${signature(family)}`);
  }
  const logged = args.findIndex((arg) => typeof arg === 'string' && LOG_OF.test(arg));
  if (logged >= 0) throw new FamilyProblem(hyperoptLogBounds(family, args), logged);
  return args.map((arg, i) => {
    if (typeof arg !== 'number' || !Number.isFinite(arg)) {
      const name = family === 'randint' && args.length === 1 ? 'high' : spec.names[i];
      throw new FamilyProblem(`${family}: ${name} must be a finite number (got ${typeof arg === 'number' ? String(arg) : JSON.stringify(arg)})`, i);
    }
    return arg;
  });
}

function needPositive(family: NumericFamily, name: string, value: number, index: number): void {
  if (!(value > 0)) throw new FamilyProblem(`${family} needs ${name} > 0 (got ${name} = ${value})`, index);
}

function needOrdered(family: NumericFamily, low: number, high: number, positive: boolean): void {
  if (positive && !(low > 0)) {
    throw new FamilyProblem(`${family} needs 0 < low < high (got low = ${low}); bounds are in the value's own units`, 0);
  }
  if (!(low < high)) {
    throw new FamilyProblem(`${family} needs ${positive ? '0 < ' : ''}low < high (got low = ${low}, high = ${high})`, 1);
  }
  // the width is what every sampler scales by: past the largest double it is Infinity, and nothing is searched
  if (!Number.isFinite(high - low)) {
    throw new FamilyProblem(`${family}(${low}, ${high}) is too wide to search (high - low is beyond the largest number); narrow it${positive ? '' : ', or search its magnitude with loguniform'}`, 1);
  }
}

/** Integer bounds, within ±2^53: past it integers are not exact, and reach a program in exponent form (a user audit). */
function needIntegers(family: NumericFamily, values: readonly number[]): void {
  values.forEach((value, i) => {
    if (!Number.isInteger(value)) throw new FamilyProblem(`${family} needs integer bounds (got ${value})`, i);
    if (Math.abs(value) > Number.MAX_SAFE_INTEGER) throw new FamilyProblem(`${family} needs integer bounds within ±${Number.MAX_SAFE_INTEGER} (got ${value}): beyond it integers are not exact`, i);
  });
}

/** exp(mu ± 8 sigma) within a float: else a share of the draws is Infinity or 0 (lognormal(0, 1000); a user audit). */
function needFiniteExp(family: NumericFamily, mu: number, sigma: number): void {
  if (mu + 8 * sigma > 709 || mu - 8 * sigma < -708) {
    throw new FamilyProblem(`${family}(${mu}, ${sigma}) draws values beyond what a float holds (exp(mu ± 8 sigma) is Infinity or 0): make sigma smaller or mu nearer 0`, 1);
  }
}

/** mu ± 8 sigma within a float: else the samplers draw Infinity (normal(0, 1e308) passed -Infinity to a program). */
function needFiniteSpread(family: NumericFamily, mu: number, sigma: number): void {
  if (!Number.isFinite(Math.abs(mu) + 8 * sigma) || !Number.isFinite(16 * sigma)) {
    throw new FamilyProblem(`${family}(${mu}, ${sigma}) draws values beyond what a float holds (mu \u00b1 8 sigma is Infinity): make sigma smaller or mu nearer 0`, 1);
  }
}

/**
 * The largest value counted in steps of q within a float: a value is rounded as round(x / q) * q, and
 * past it that is Infinity (qloguniform(1e-5, 1.7e308, 1e-5) would pass Infinity to a program).
 */
function needCountableSteps(family: NumericFamily, largest: number, q: number): void {
  if (!Number.isFinite(largest / q) || !Number.isFinite(largest + q)) {
    throw new FamilyProblem(`${family}: values up to ${largest} in steps of q = ${q} are beyond what a float holds (value / q is Infinity): make q larger or the range narrower`, 2);
  }
}

type NumericShape = Omit<NumericNode, 'kind' | 'label' | 'condition' | 'position' | 'grid'>;

/** Check a numeric family's arguments and normalise them (see NumericNode's comment). */
export function buildNumeric(family: NumericFamily, rawArgs: readonly unknown[]): NumericShape {
  const args = checkNumbers(family, rawArgs);
  const [a = 0, b = 0, c = 0] = args;
  const allIntegers = args.every((value) => Number.isInteger(value));
  const base = { family, args, low: null, high: null, mu: null, sigma: null, q: null, log: false, integer: false };
  switch (family) {
    case 'uniform':
    case 'loguniform':
      needOrdered(family, a, b, family === 'loguniform');
      return { ...base, low: a, high: b, log: family === 'loguniform' };
    case 'quniform':
    case 'qloguniform':
      needOrdered(family, a, b, family === 'qloguniform');
      needPositive(family, 'q', c, 2);
      // values are multiples of q kept within [low, high]: with none there, every draw would be one outside
      if (Math.ceil(a / c - 1e-9) * c > b * (1 + 1e-12) + 1e-12) {
        throw new FamilyProblem(`${family}(${a}, ${b}, ${c}) holds no multiple of q = ${c} from low to high: make q smaller or the range wider`, 2);
      }
      if (allIntegers) needIntegers(family, [a, b]);
      needCountableSteps(family, Math.max(Math.abs(a), Math.abs(b)), c);
      return { ...base, low: a, high: b, q: c, log: family === 'qloguniform', integer: allIntegers };
    case 'normal':
    case 'lognormal':
      needPositive(family, 'sigma', b, 1);
      if (family === 'lognormal') needFiniteExp(family, a, b);
      else needFiniteSpread(family, a, b);
      return { ...base, mu: a, sigma: b, log: family === 'lognormal' };
    case 'qnormal':
    case 'qlognormal':
      needPositive(family, 'sigma', b, 1);
      needPositive(family, 'q', c, 2);
      if (family === 'qlognormal') needFiniteExp(family, a, b);
      else needFiniteSpread(family, a, b);
      needCountableSteps(family, family === 'qlognormal' ? Math.exp(a + 8 * b) : Math.abs(a) + 8 * b, c);
      return { ...base, mu: a, sigma: b, q: c, log: family === 'qlognormal', integer: allIntegers };
    case 'randint': {
      const [low, high] = args.length === 1 ? [0, a] : [a, b];
      needIntegers(family, args);
      if (!(low < high)) {
        throw new FamilyProblem(
          args.length === 1 ? `randint needs high >= 1 (got high = ${high})` : `randint needs low < high (got low = ${low}, high = ${high})`,
          args.length - 1,
        );
      }
      return { ...base, low, high: high - 1, q: 1, integer: true };
    }
    case 'uniformint':
      needIntegers(family, args);
      needOrdered(family, a, b, false);
      return { ...base, low: a, high: b, q: 1, integer: true };
  }
}
