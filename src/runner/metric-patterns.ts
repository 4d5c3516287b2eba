// The line rules a metric's value is read by: `name: value` and `name=value`, `name value`, or the
// user's own pattern (docs/running.md, "How the result is read").
import { UsageError } from '../errors.js';
import { captureGroupCount } from '../util/regexp.js';
import { NUMBER, NUMBER_END, WRAPPER } from './metric-number.js';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * `loss: 0.4`, `loss=0.4`, `loss = 0.4`, `"loss": 0.4`, `'loss': 0.4` anywhere in a line, the name
 * ignoring case. The name must stand alone: `val_loss`, `train/loss`, `--loss` do not count as `loss`.
 */
export function defaultRegExp(metric: string): RegExp {
  return new RegExp(String.raw`(?<![\w./-])(["']?)${escapeRegExp(metric)}\1\s*[:=]\s*${WRAPPER}(${NUMBER})${NUMBER_END}`, 'i');
}

/**
 * `loss 0.4` where the number ends the line or a part of it (a comma, semicolon or bar follows) or
 * another `name number` pair does: nanoGPT's `step 100: train loss 4.12, val loss 4.23`, `epoch 3 |
 * loss 0.4 | acc 0.9`, `print("epoch", e, "loss", l, "acc", a)`. A percent sign may follow the number
 * (`acc 93.4%`), and so may a running average in brackets, as PyTorch's ImageNet example prints
 * `Acc@1   0.39 (  0.20)\tAcc@5 ...`. Not `loss 3 times`, and not a name that a word comes before
 * (`train loss 0.52` is no `loss`: name that metric `train loss`).
 */
export function spacedRegExp(metric: string): RegExp {
  const average = String.raw`(?:\s*\(\s*${NUMBER}\s*\))?`;
  const next = String.raw`(?=%?${average}(?:\s*(?:[,;|]|$)|\s+[A-Za-z_][\w./@-]*\s+[+-]?\.?\d))`;
  // `print('loss', t)` with a torch tensor: `loss tensor(0.4100)`, `loss tensor(0.41, device='cuda:0')` (a user audit)
  const tensor = String.raw`(?:(?<=tensor\(\[?(?:${NUMBER}))\]?(?:,[^)]*)?\))?`;
  return new RegExp(String.raw`(?<![\w./-])(?<![A-Za-z_]\s)(["']?)${escapeRegExp(metric)}\1\s+(?:tensor\(\[?)?(${NUMBER})${NUMBER_END}${tensor}${next}`, 'i');
}

export function customRegExp(pattern: string): RegExp {
  let groups: number;
  try {
    groups = captureGroupCount(pattern);
  } catch (error) {
    throw new UsageError(`pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${(error as Error).message}`);
  }
  if (groups !== 1) {
    throw new UsageError(
      `pattern ${JSON.stringify(pattern)} must have exactly one capture group around the number (it has ${groups}); ` +
        'write other groups as (?:...)',
    );
  }
  return new RegExp(pattern);
}

/** Human words for what the parser looks for, used when nothing matched. */
export function describeMetricPattern(metric: string, pattern: string | null): string {
  if (pattern !== null) return `pattern /${pattern}/`;
  return `"${metric}: <number>", "${metric}=<number>", "${metric} <number>", a JSON line with key "${metric}" or a column headed "${metric}"`;
}

/**
 * The metric's name, as the rules above find it, then a number with a decimal comma (`val_loss=0,7335`,
 * `loss: 1,23`), which no rule reads: its number is the capture, with points between thousands before
 * it too (`1.234,5`, as `{:n}` writes 1234.5 under LC_NUMERIC=de_DE). Not `loss: 1,2,3`, `loss: 3,4.5`.
 */
export function decimalCommaRegExp(metric: string): RegExp {
  return new RegExp(String.raw`(?<![\w./-])(["']?)${escapeRegExp(metric)}\1\s*[:=]?\s*([+-]?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+)(?![\d.,])`, 'i');
}

/**
 * Says of a line that names the metric with a word where its number should be (`loss=abc`) what it
 * holds; null for any other line. "no line matched loss=<number>" alone sent a user looking for a
 * line that was there (a user audit).
 */
export function namedNonNumber(metric: string): (line: string, lineNumber: number) => string | null {
  const named = new RegExp(String.raw`(?<![\w./-])(["']?)${escapeRegExp(metric)}\1\s*[:=]\s*([^\s,;|}]+)`, 'i');
  return (line, lineNumber) => {
    const word = named.exec(line)?.[2];
    return word === undefined ? null : `line ${lineNumber} has ${metric}=${word.slice(0, 40)}, which is no number`;
  };
}
