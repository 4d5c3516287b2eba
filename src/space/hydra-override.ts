/**
 * One value of a Hydra sweeper's `params:`, in Hydra's override grammar as its Optuna sweeper reads it:
 * `choice(a, b)` or `a,b` (a choice), `range(start, stop, step=1)` (both ends included, as that sweeper
 * makes an Optuna distribution of it), `interval(a, b)` (integers if both are), `tag(log, interval(a,
 * b))`, `int(...)` / `float(...)` around them, or one value (a constant). The parse is ours and small:
 * values are numbers, true/false/null, quoted strings or bare words.
 */
export type OverrideValue = string | number | boolean | null;
export type HydraSweep =
  | { kind: 'constant'; value: OverrideValue }
  | { kind: 'choice'; values: OverrideValue[] }
  | { kind: 'range'; start: number; stop: number; step: number; float: boolean }
  | { kind: 'interval'; start: number; end: number; log: boolean; integer: boolean };

interface Call {
  name: string;
  args: Array<{ key: string | null; value: Token }>;
}
/** A number as written: `1.0` is a float, `1` an integer, though both read as 1. */
interface Written {
  number: number;
  text: string;
}
type Token = Call | Written | Exclude<OverrideValue, number>;

export class OverrideProblem extends Error {}

export function readOverride(text: string): HydraSweep {
  const parser = new Parser(text.trim());
  const top = parser.list();
  parser.end();
  if (top.length > 1) return { kind: 'choice', values: top.map((item) => plain(item, 'a comma list')) };
  const item = top[0] ?? '';
  return isCall(item) ? sweepOf(item, { log: false, cast: null }) : { kind: 'constant', value: plain(item, 'a value') };
}

function sweepOf(call: Call, context: { log: boolean; cast: 'int' | 'float' | null }): HydraSweep {
  const args = call.args;
  const named = (key: string, at: number): Token | undefined => args.find((arg) => arg.key === key)?.value ?? args[at]?.value;
  const written = (value: Token | undefined, what: string): Written => {
    if (!isWritten(value)) throw new OverrideProblem(`${call.name}(): ${what} must be a number (got ${value === undefined ? 'nothing' : JSON.stringify(isCall(value) ? `${value.name}(...)` : value)})`);
    return value;
  };
  const number = (value: Token | undefined, what: string): number => written(value, what).number;
  switch (call.name) {
    case 'choice':
      if (args.length === 0) throw new OverrideProblem('choice() needs at least one value');
      return { kind: 'choice', values: args.map((arg) => plain(arg.value, 'a choice')) };
    case 'range': {
      const [start, stop] = [number(named('start', 0), 'start'), number(named('stop', 1), 'stop')];
      const step = named('step', 2) === undefined ? 1 : number(named('step', 2), 'step');
      if (!(step > 0) || !(start < stop)) throw new OverrideProblem(`range(${start}, ${stop}, step=${step}) holds no values: start must be below stop, the step above 0`);
      return { kind: 'range', start, stop, step, float: context.cast === 'float' || [start, stop, step].some((n) => !Number.isInteger(n)) };
    }
    case 'interval': {
      const [first, last] = [written(named('start', 0), 'start'), written(named('end', 1), 'end')];
      const [start, end] = [first.number, last.number];
      if (!(start < end)) throw new OverrideProblem(`interval(${start}, ${end}): start must be below end`);
      if (context.log && start <= 0) throw new OverrideProblem(`tag(log, interval(${start}, ${end})): a log interval needs start above 0`);
      // as the sweeper: integers when both ends are written as integers
      const integer = context.cast === 'int' || (context.cast === null && /^[+-]?\d+$/.test(first.text) && /^[+-]?\d+$/.test(last.text));
      return { kind: 'interval', start, end, log: context.log, integer };
    }
    case 'tag': {
      const last = args[args.length - 1]?.value;
      if (!isCall(last)) throw new OverrideProblem('tag(...) ends with a sweep: tag(log, interval(1e-5, 1e-1))');
      const tags = args.slice(0, -1).map((arg) => String(arg.value));
      return sweepOf(last, { ...context, log: context.log || tags.includes('log') });
    }
    case 'int':
    case 'float': {
      const inner = args[0]?.value;
      if (args.length !== 1 || !isCall(inner)) throw new OverrideProblem(`${call.name}(...) takes one sweep: ${call.name}(interval(1, 8))`);
      return sweepOf(inner, { ...context, cast: call.name });
    }
    default:
      throw new OverrideProblem(`${call.name}() is not read here; the sweeps are choice(), range(), interval(), tag(log, ...), int() and float()`);
  }
}

const isCall = (value: unknown): value is Call => typeof value === 'object' && value !== null && 'args' in value;
const isWritten = (value: unknown): value is Written => typeof value === 'object' && value !== null && 'number' in value;

function plain(value: Token, where: string): OverrideValue {
  if (isCall(value)) throw new OverrideProblem(`${value.name}(...) inside ${where}: give values`);
  return isWritten(value) ? value.number : value;
}

/** A recursive-descent reader of the grammar's small part used for sweeps. */
class Parser {
  private at = 0;
  constructor(private readonly text: string) {}

  list(): Token[] {
    const items = [this.item()];
    while (this.skip(',')) items.push(this.item());
    return items;
  }

  end(): void {
    this.space();
    if (this.at < this.text.length) throw new OverrideProblem(`cannot read ${JSON.stringify(this.text.slice(this.at))} in ${JSON.stringify(this.text)}`);
  }

  private item(): Token {
    this.space();
    const quote = this.text[this.at];
    if (quote === '"' || quote === "'") {
      const close = this.text.indexOf(quote, this.at + 1);
      if (close < 0) throw new OverrideProblem(`an unclosed quote in ${JSON.stringify(this.text)}`);
      const value = this.text.slice(this.at + 1, close);
      const written = this.text.slice(this.at, close + 1);
      this.at = close + 1;
      // text with Hydra's own syntax in it (a comma, brackets, an equals sign) is passed quoted, as
      // written, so that the application reads one string again, not a sweep or a list
      return /[,[\]{}()=\\]|^\s|\s$/.test(value) ? written : value;
    }
    // a list or mapping value (`choice([64, 64], [128, 128])`) is passed as written: Hydra reads it again
    if (this.text[this.at] === '[' || this.text[this.at] === '{') return this.bracketed();
    // Hydra keeps the spaces inside an unquoted value (`my model`), not around it
    const word = /^(?:[^,()=\s'"[\]{}]+(?:[ \t]+[^,()=\s'"[\]{}]+)*)?/.exec(this.text.slice(this.at))?.[0] ?? '';
    this.at += word.length;
    if (this.skip('(')) {
      const args: Call['args'] = [];
      if (!this.skip(')')) {
        do args.push(this.argument());
        while (this.skip(','));
        if (!this.skip(')')) throw new OverrideProblem(`${word}( is not closed in ${JSON.stringify(this.text)}`);
      }
      return { name: word, args };
    }
    return scalar(word);
  }

  /** `[...]` or `{...}` with what it holds, its brackets balanced outside quotes, as one text. */
  private bracketed(): string {
    const start = this.at;
    let depth = 0;
    let quote: string | null = null;
    for (; this.at < this.text.length; this.at += 1) {
      const char = this.text[this.at] ?? '';
      if (quote !== null) {
        if (char === quote) quote = null;
      } else if (char === '"' || char === "'") quote = char;
      else if (char === '[' || char === '{') depth += 1;
      else if ((char === ']' || char === '}') && --depth === 0) {
        this.at += 1;
        return this.text.slice(start, this.at);
      }
    }
    throw new OverrideProblem(`${this.text.slice(start, start + 1)} is not closed in ${JSON.stringify(this.text)}`);
  }

  private argument(): Call['args'][number] {
    this.space();
    const key = /^(\w+)\s*=(?!=)/.exec(this.text.slice(this.at));
    if (key !== null) this.at += key[0].length;
    return { key: key?.[1] ?? null, value: this.item() };
  }

  private skip(char: string): boolean {
    this.space();
    if (this.text[this.at] !== char) return false;
    this.at += 1;
    return true;
  }

  private space(): void {
    while (/\s/.test(this.text[this.at] ?? '')) this.at += 1;
  }
}

function scalar(word: string): Token {
  if (word === 'true' || word === 'false') return word === 'true';
  if (word === 'null') return null;
  const number = Number(word);
  return word !== '' && Number.isFinite(number) && /^[+-]?(\d|\.\d)/.test(word) ? { number, text: word } : word;
}
