// Hints that name the fix of a failed trial, from what the program printed.
import { numberPaths } from './metric-json.js';
import { nearestName } from '../util/nearest-name.js';
import { afterHeadline, BOILERPLATE, ERROR_HEADLINE } from './lines.js';

/**
 * argparse's `unrecognized arguments: --batch_size=32` and click's `No such option: --batch_size`: the
 * program spells the flag otherwise (`--batch-size`), and every trial will fail the same way.
 */
export function unknownFlagHint(stderrTail: readonly string[], command: readonly string[]): string {
  // click 8.2 and later quote it: `No such option '--use_bn'` (a user audit)
  // glibc's getopt_long (C, C++): `./train: unrecognized option '--batch_size=32'` (a user audit)
  const match = firstMatch(stderrTail, /(?:unrecognized arguments|no such option):\s*(--?[^\s=]+)|(?:no such|unrecognized) option '(--?[^\s'=]+)/i);
  const flag = match?.[1] ?? match?.[2];
  if (flag === undefined) return '';
  // `-- python train.py --trials 3`: hypertune's option written after `--` (found by a user audit)
  if (command.some((word) => word === flag || word.startsWith(`${flag}=`))) {
    return `; the program does not know ${flag}, which is in the command given after --: hypertune's own options go before --`;
  }
  // --pass switch-pairs' off form of a plain switch (store_true, is_flag), which has none (a user audit)
  if (/^--no-./.test(flag)) return `; the program does not know ${flag}: its --${flag.slice(5)} is a plain switch without an off form: give --pass switches (false leaves it out); a program with switches of both kinds: running.md, "Switches"`;
  return `; the program does not know ${flag}: name the label as it spells its flag (argparse's --batch-size is the label batch-size), or place the value with {label}`;
}

/**
 * argparse's `argument --use_bn: ignored explicit argument 'true'` and click's `Option '--use_bn' does not
 * take a value`: a switch (store_true, is_flag) was given `--use_bn=true`.
 */
export function switchHint(stderrTail: readonly string[]): string {
  // getopt_long's no_argument option given a value: `option '--use_bn' doesn't allow an argument`
  const match = firstMatch(stderrTail, /argument (--?[^\s:=]+): ignored explicit argument|option '(--?[^\s'=]+)' (?:does not take a value|doesn't allow an argument)/i);
  const flag = match?.[1] ?? match?.[2];
  if (flag === undefined) return '';
  // argparse names a BooleanOptionalAction `--use-bn/--no-use-bn`: left out, it would stay on (found by a user audit)
  const pair = /^(--?[^/]+)\/--no-/.exec(flag)?.[1];
  if (pair !== undefined) return `; the program takes ${pair} as an on/off pair of switches (${flag}): give --pass switch-pairs (true is ${pair}, false its --no- form)`;
  // click says the same of an is_flag switch and of a --x/--no-x pair: both modes named (a user audit)
  const orPair = match?.[2] === undefined ? '' : `, or --pass switch-pairs if it has an off form (--${flag.replace(/^-+/, 'no-')}: click's ${flag}/--${flag.replace(/^-+/, 'no-')}, on by default)`;
  return `; the program takes ${flag} as a switch, without a value: give --pass switches (true is a bare ${flag}, false leaves it out)${orPair}`;
}

/**
 * argparse's `unrecognized arguments: false` (click's `Got unexpected extra argument (false)`) where the
 * command places a boolean alone in its word (`{augment}`): a placeholder is its value, `true` or
 * `false`, whatever --pass says, and a switch (store_true) takes no value (a user audit).
 */
export function booleanWordHint(stderrTail: readonly string[], command: readonly string[], params: Readonly<Record<string, unknown>>): string {
  const match = firstMatch(stderrTail, /unrecognized arguments:.*?(?<!\S)(true|false)(?!\S)|unexpected extra arguments? \((true|false)\b/i);
  const word = match?.[1] ?? match?.[2];
  if (word === undefined) return '';
  const label = command.map((w) => /^\{([^{}\s]+)\}$/.exec(w)?.[1]).find((name) => name !== undefined && String(params[name]) === word && typeof params[name] === 'boolean');
  if (label === undefined) return '';
  return `; {${label}} places the boolean ${label} as the word ${word}: for a switch without a value (store_true) write it as a choice of its forms, ${label}: choice("--${label}", ""), an empty option leaving the word out (docs/running.md, "Switches")`;
}

/**
 * argparse's `argument --use_bn: expected one argument` for a boolean passed as a bare switch (--pass
 * switches or switch-pairs): the program takes a value there, often through `type=bool`, which reads
 * any text but the empty one, `false` too, as True (a user audit).
 */
export function valueFlagHint(stderrTail: readonly string[], params: Readonly<Record<string, unknown>>): string {
  const flag = firstMatch(stderrTail, /argument (--?[^\s:/]+)(?:\/--?[^\s:]+)?: expected one argument/)?.[1];
  const label = flag?.replace(/^--?(no-)?/, '');
  if (flag === undefined || label === undefined || typeof params[label] !== 'boolean') return '';
  return `; the program's ${flag} takes a value, and a switch mode passed ${label} bare: place it with its value (${flag} {${label}}), the switches as choices of their forms (docs/running.md, "Switches"); argparse's type=bool reads "false" as True: parse it with type=lambda s: s == "true"`;
}

/**
 * Python's `KeyError: 'LR'` from `os.environ["LR"]` where the space has `lr`: hypertune sets HP_LR, and
 * a program that reads its own names gets them by `env` in the command (a user audit).
 */
export function envNameHint(stderrTail: readonly string[], command: readonly string[], params: Readonly<Record<string, unknown>>): string {
  const name = firstMatch(stderrTail, /KeyError: '([A-Za-z_][A-Za-z0-9_]*)'/)?.[1];
  const label = Object.keys(params).find((l) => l.toUpperCase().replace(/[^A-Z0-9_]/g, '_') === name);
  if (name === undefined || label === undefined) return '';
  const labels = Object.keys(params).filter((l) => /^[A-Za-z_]\w*$/.test(l));
  const words = [...labels.slice(0, 3).map((l) => `${l.toUpperCase()}={${l}}`), ...(labels.length > 3 ? ['...'] : [])];
  return `; the program reads ${name} from its environment, where hypertune sets HP_${name}: name its variables in the command, -- env ${words.join(' ')} ${command.join(' ')} (docs/running.md, "Environment only")`;
}

/**
 * The program's last line on stderr, where Python puts the exception of a traceback and most tools
 * their error, so that the line `run` prints says why (`exited with code 1: RuntimeError: CUDA out of
 * memory`); the whole tail stays in the trial's error (found by user audits).
 */
export function lastWords(stderrTail: readonly string[], headlineOnly = false): string {
  const lines = withoutErrorProperties(stderrTail.map(unboxed));
  // an error's headline (Java's exception, Rust's panic and its message, C++'s what()) says it best
  // only a headline that ends the output but for its stack and boilerplate: a handled exception logged
  // earlier (PySpark's `Caused by: ...`) hid the ValueError the program died of (a re-audit)
  let at = -1;
  lines.forEach((line, i) => {
    if (ERROR_HEADLINE.test(line)) at = i;
    else if (at >= 0 && !(i === at + 1 && (lines[at] as string).endsWith(':')) && !afterHeadline(line)) at = -1;
  });
  const next = lines[at + 1];
  const headline = at < 0 ? undefined : (lines[at] as string).endsWith(':') && next !== undefined ? `${lines[at] as string} ${next}` : lines[at];
  // a program killed by a signal: its last line is whatever it printed before (an epoch's), not why
  const last = headline ?? (headlineOnly ? undefined : [...lines].reverse().find((line) => line !== '' && !BOILERPLATE.test(line)));
  if (last === undefined) return '';
  return `: ${last.length > 200 ? `${last.slice(0, 199)}\u2026` : last}`;
}


/**
 * Node prints an uncaught error's own properties after its stack, `at ... {` then `code:
 * 'MODULE_NOT_FOUND',` ... `}`: the line a failed trial was named by was `}` (a user audit). The block
 * is left out when only boilerplate follows it, so the stack's headline (`Error: Cannot find module`) is the last word.
 */
function withoutErrorProperties(lines: string[]): string[] {
  const close = lines.lastIndexOf('}');
  if (close < 0 || !lines.slice(close + 1).every((line) => line === '' || BOILERPLATE.test(line))) return lines;
  let open = close - 1;
  while (open >= 0 && !/^at .*\{$/.test(lines[open] as string)) open--;
  return open < 0 ? lines : [...lines.slice(0, open), ...lines.slice(close + 1)];
}

/** A line of a box drawn around an error (Typer's, rich's) without its border: empty for a border line. */
function unboxed(line: string): string {
  return line
    .trim()
    .replace(/^[\u2500-\u257f\s]+$/, '')
    .replace(/^[\u2502\u2503]\s?|\s?[\u2502\u2503]$/g, '')
    .trim();
}

/** The first of `lines` that `pattern` matches, as its match. */
function firstMatch(lines: readonly string[], pattern: RegExp): RegExpExecArray | undefined {
  for (const line of lines) {
    const match = pattern.exec(line);
    if (match !== null) return match;
  }
  return undefined;
}

/**
 * `--metric los` where the program prints `loss=0.3`: the names of the numbers the output shows, the
 * nearest to the metric if it looks like a typo of it (found by a user audit).
 */
export function metricNameHint(metric: string, lines: readonly string[], { source = 'the output', header = null }: { source?: string; header?: string | null } = {}): string {
  const names = new Set<string>();
  // a metric file's CSV header (`epoch,train_loss,val_acc`): its rows hold numbers only (a user audit)
  const cells = header?.split(/[,\t]/).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1')) ?? [];
  if (cells.length >= 2 && cells.every((cell) => /^[A-Za-z_][\w ./()@-]*$/.test(cell))) for (const cell of cells) names.add(cell);
  for (const line of lines) {
    // a JSON line's values by the paths --metric reads them by (metrics.val_loss, not val_loss; a re-audit)
    const paths = numberPaths(line);
    if (paths !== null) for (const path of paths) names.add(path);
    else {
      for (const match of line.matchAll(/["']?([A-Za-z_][\w./-]*)["']?\s*[=:]\s*[-+]?(?:\d|\.\d|nan|inf)/gi)) if (match[1] !== undefined) names.add(match[1]);
      // `epoch 3: loss 0.41 acc 0.87`, which --metric reads as `loss <number>` too, named nothing (a user
      // audit); taken where a line holds two such pairs, so that prose (`on the 10000 test images`) is not
      const pairs = [...line.matchAll(/(?:^|[\s,;|(\[])([A-Za-z_][\w./-]*)[ \t]+(?:tensor\(\[?)?[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?(?=$|[\s,;|)\]%])/gi)];
      if (pairs.length >= 2) for (const match of pairs) if (match[1] !== undefined) names.add(match[1]);
    }
  }
  names.delete(metric);
  // `Score on test set: 0.84` under --metric score: --metric takes spaces (the hint named only "set"; a user audit)
  const phrase = longerName(metric, lines);
  if (phrase !== null) return `; ${source} has ${metric} within a longer name: is the metric "${phrase}"? (a study keeps its metric: give --metric "${phrase}" to a new study, --study NAME)`;
  // Lightning's bar (`v_num=0` is its mark) shows only what a module logs with prog_bar=True (a user audit)
  const lightning = names.has('v_num') ? `; Lightning's progress bar shows a metric only when it is logged with prog_bar=True (self.log("${metric}", value, prog_bar=True)), or read its logger's file with --metric-file (docs/running.md, "Metrics in a file")` : '';
  return nameHint(metric, names, source) + lightning;
}

/** A name of several words, one the metric, given a number (`Score on test set: 0.84`, `val loss 0.4`); a validation one first. */
function longerName(metric: string, lines: readonly string[]): string | null {
  const word = metric.toLowerCase();
  const found: string[] = [];
  const forms = [/([A-Za-z_][\w./-]*(?:[ \t]+[A-Za-z_][\w./-]*){1,5})\s*[=:]\s*[-+]?(?:\d|\.\d|nan|inf)/gi, /([A-Za-z_][\w./-]*(?:[ \t]+[A-Za-z_][\w./-]*){1,3})[ \t]+[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?(?=$|[\s,;|])/gi];
  for (const line of lines.slice(-200)) {
    for (const form of forms) {
      for (const match of line.matchAll(form)) {
        const words = (match[1] ?? '').split(/[ \t]+/);
        if (words.length > 1 && words.some((w) => w.toLowerCase() === word)) found.push(words.join(' '));
      }
    }
  }
  return found.find((name) => /^(val|valid|validation|eval|test)\b/i.test(name)) ?? found[0] ?? null;
}

function nameHint(metric: string, names: Set<string>, source: string): string {
  // `--metric loss` beside val_loss= and train_loss=: the metric is a part of those names, a
  // validation one first (what a study is tuned on)
  const held = (name: string): number => (/^(val|valid|validation|eval|test)[_./-]/i.test(name) ? 0 : 1);
  const parts = [...names].filter((name) => name.split(/[_./-]/).includes(metric)).sort((a, b) => held(a) - held(b)).slice(0, 3);
  const keep = (name: string): string => `(a study keeps its metric: give --metric ${name} to a new study, --study NAME)`;
  // the metric's name as a key below a JSON line's top, in several objects (one alone is read): the dotted path says which
  const nested = [...names].filter((name) => name.endsWith(`.${metric}`)).sort((a, b) => held(a) - held(b)).slice(0, 3);
  if (nested.length > 0) return `; ${source}'s JSON lines hold ${metric} within objects: is the metric ${nested.join(' or ')}? ${keep(nested[0] ?? metric)}`;
  // `--metric accuracy` where the program prints `acc` (or the other way round): an abbreviation is no typo
  const lower = metric.toLowerCase();
  const short = [...names].filter((name) => name.length >= 3 && metric.length >= 3 && name.toLowerCase() !== lower && (lower.startsWith(name.toLowerCase()) || name.toLowerCase().startsWith(lower))).slice(0, 3);
  const near = parts.length > 0 ? parts.join(' or ') : (nearestName(metric, [...names]) ?? (short.length > 0 ? short.join(' or ') : null));
  if (near !== null) return `; ${source} has ${near} values: is the metric ${near}? ${keep(parts[0] ?? short[0] ?? near)}`;
  // none alike: the names there are, as Guild AI lists the scalars it found (a user audit: Keras without metrics=['accuracy'])
  const some = [...names].slice(0, 8);
  return some.length === 0 ? '' : `; ${source} has values named ${some.join(', ')}${names.size > some.length ? ', ...' : ''} ${keep('NAME')}`;
}
