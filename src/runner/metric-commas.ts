// A comma or a point in a metric's number, as a locale writes it. Thousands as Python's `{:,}` writes
// them (`1,098.5`, `12,345,678`), or a decimal comma, as a program prints under a German or French
// locale (`0,7335`). `2,512` can be either, and `%.3f` under such a locale prints every loss above 1 so:
// read as thousands, a loss of 2.512 was stored as 2512 (a user audit). It is read as thousands only
// where the metric's earlier values showed that the program writes a decimal point, and never in an
// output that has a decimal comma; otherwise it is not read, and the trial fails naming the line.
// The same locale writes thousands with a point (`{:n}` of 1234 is `1.234`, of 1234.5 `1.234,5`):
// `1.234` is read as a decimal point unless the output shows such a locale (locale-evidence.ts) or the
// metric's values so far were whole numbers, and no value of it showed a decimal point (a user audit:
// `samples=1.234` was stored as 1.234). docs/running.md, "How the result is read".
import { decimalCommaRegExp } from './metric-patterns.js';
import { localeEvidence, pointThousands } from './locale-evidence.js';

/** How a number the line rules matched uses commas and points (NUMBER admits commas as groups of three only). */
function formOf(text: string): 'plain' | 'thousands' | 'either' | 'point-either' {
  if (/^[+-]?[1-9]\d{0,2}\.\d{3}$/.test(text)) return 'point-either';
  if (!text.includes(',')) return 'plain';
  return text.includes('.') || text.indexOf(',') !== text.lastIndexOf(',') ? 'thousands' : 'either';
}

export interface CommaJudge {
  /** Whether a value matched as `text` is read; notes what it shows of the program's notation. */
  reads(text: string, value: number, lineNumber: number): boolean;
  /** A line no rule matched: notes a decimal comma, or thousands points, after the metric's name. */
  unmatched(line: string, lineNumber: number): void;
  /** Any line: notes a number another metric writes as a locale does (`loss=0,53`), before the line's value is read. */
  scan(line: string, lineNumber: number): void;
  /** Why a value of the metric was not read, or may have been read wrong; null when none. */
  problem(): string | null;
  /** Forgets the refusals, keeping what the lines showed of the program's notation. */
  clearNotes(): void;
}

interface Refused {
  line: number;
  text: string;
}

export function createCommaJudge(metric: string): CommaJudge {
  const decimalComma = decimalCommaRegExp(metric);
  // the metric's earlier values showed a decimal point (`0.41`, `987`, `1,098.5`); a decimal comma was seen
  let points = false;
  let commas = false;
  // a value of the metric showed a point that is no thousands one (`0.734`, `1.5`, `1,098.5`, or `1234`); its
  // values so far were whole numbers (`987`); a line of the output wrote a number as a locale does
  let decimalPoint = false;
  let wholeOnly = false;
  let locale: Refused | null = null;
  let decimal: Refused | null = null;
  let either: Refused | null = null;
  let pointRefused: Refused | null = null;
  let pointRead: Refused | null = null;
  return {
    reads(text, value, lineNumber) {
      const trimmed = text.trim();
      const form = formOf(trimmed);
      if (form === 'point-either') {
        if (decimalPoint) return true;
        if (locale !== null || wholeOnly) {
          pointRefused ??= { line: lineNumber, text: trimmed };
          return false;
        }
        pointRead ??= { line: lineNumber, text: trimmed };
        return true;
      }
      if (form !== 'either') {
        points ||= Number.isFinite(value);
        // a whole number of 1000 or more written without a separator (`1234`, as `{:.4g}` writes 1234.5)
        // shows no point between thousands too
        const whole = Number.isFinite(value) && /^[+-]?\d+$/.test(trimmed);
        decimalPoint ||= (Number.isFinite(value) && /[.e]/i.test(trimmed)) || (whole && Math.abs(value) >= 1000);
        wholeOnly = !decimalPoint && whole;
        return true;
      }
      if (points && !commas) return true;
      either ??= { line: lineNumber, text: trimmed };
      return false;
    },
    unmatched(line, lineNumber) {
      const found = decimalComma.exec(line)?.[2] ?? pointThousands(line, metric);
      if (found === undefined) return;
      commas = true;
      decimal ??= { line: lineNumber, text: found };
    },
    scan(line, lineNumber) {
      if (locale !== null) return;
      const found = localeEvidence(line);
      if (found !== undefined) locale = { line: lineNumber, text: found };
    },
    problem() {
      if (decimal !== null) {
        const also = either === null ? '' : ` (and line ${either.line}'s ${either.text} was not read as ${thousands(either.text)})`;
        const how = decimal.text.includes(',') ? 'with a decimal comma' : 'with points between thousands';
        return `line ${decimal.line} has ${metric} ${decimal.text} ${how} (a locale's, such as LC_NUMERIC=de_DE)${also}: hypertune reads a decimal point; run the program with LC_ALL=C, or print the value with a point`;
      }
      if (either !== null) {
        return (
          `line ${either.line} has ${metric} ${either.text}: a decimal comma (${either.text.replace(',', '.')}) or thousands (${thousands(either.text)})? ` +
          `no value of ${metric} before it showed a decimal point (0.41, 987 or 1,098.5), so hypertune reads neither; run the program with LC_ALL=C, or print the value with a point and no thousands separator`
        );
      }
      const point = pointRefused ?? (locale !== null && !decimalPoint ? pointRead : null);
      if (point === null) return null;
      const why = locale !== null ? `line ${locale.line} writes ${locale.text} as a locale such as LC_NUMERIC=de_DE does, and no value of ${metric} showed a decimal point (0.41)` : `the values of ${metric} before it were whole numbers (987), none with a decimal point (0.41)`;
      const read = point === pointRefused ? 'so hypertune reads neither' : `it was read as ${point.text}`;
      return `line ${point.line} has ${metric} ${point.text}: a decimal point (${point.text}) or thousands (${point.text.replace('.', '')})? ${why}, ${read}; run the program with LC_ALL=C, or print the value without a thousands separator`;
    },
    clearNotes() {
      [decimal, either, pointRefused, pointRead] = [null, null, null, null];
    },
  };
}

function thousands(text: string): string {
  return text.replace(',', '');
}
