// A comma in a metric's number: thousands as Python's `{:,}` writes them (`1,098.5`, `12,345,678`), or
// a decimal comma, as a program prints under a German or French locale (`0,7335`). `2,512` can be
// either, and `%.3f` under such a locale prints every loss above 1 so: read as thousands, a loss of
// 2.512 was stored as 2512 (a user audit). It is read as thousands only where the metric's earlier
// values showed that the program writes a decimal point, and never in an output that has a decimal
// comma; otherwise it is not read, and the trial fails naming the line. docs/running.md, "How the result is read".
import { decimalCommaRegExp } from './metric-patterns.js';

/** How a number the line rules matched uses commas (NUMBER admits them as groups of three only). */
function commaForm(text: string): 'none' | 'thousands' | 'either' {
  if (!text.includes(',')) return 'none';
  return text.includes('.') || text.indexOf(',') !== text.lastIndexOf(',') ? 'thousands' : 'either';
}

export interface CommaJudge {
  /** Whether a value matched as `text` is read; a finite one without a comma, or with unmistakable thousands, shows the program writes a point. */
  reads(text: string, value: number, lineNumber: number): boolean;
  /** A line no rule matched: notes a decimal comma after the metric's name. */
  unmatched(line: string, lineNumber: number): void;
  /** Why a value of the metric was not read (a decimal comma, or `2,512` that may be one); null when none was refused. */
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
  let decimal: Refused | null = null;
  let either: Refused | null = null;
  return {
    reads(text, value, lineNumber) {
      const form = commaForm(text.trim());
      if (form !== 'either') {
        points ||= Number.isFinite(value);
        return true;
      }
      if (points && !commas) return true;
      either ??= { line: lineNumber, text: text.trim() };
      return false;
    },
    unmatched(line, lineNumber) {
      const found = decimalComma.exec(line)?.[2];
      if (found === undefined) return;
      commas = true;
      decimal ??= { line: lineNumber, text: found };
    },
    problem() {
      if (decimal !== null) {
        const also = either === null ? '' : ` (and line ${either.line}'s ${either.text} was not read as ${thousands(either.text)})`;
        return `line ${decimal.line} has ${metric} ${decimal.text} with a decimal comma (a locale's, such as LC_NUMERIC=de_DE)${also}: hypertune reads a decimal point; run the program with LC_ALL=C, or print the value with a point`;
      }
      if (either === null) return null;
      return (
        `line ${either.line} has ${metric} ${either.text}: a decimal comma (${either.text.replace(',', '.')}) or thousands (${thousands(either.text)})? ` +
        `no value of ${metric} before it showed a decimal point (0.41, 987 or 1,098.5), so hypertune reads neither; run the program with LC_ALL=C, or print the value with a point and no thousands separator`
      );
    },
    clearNotes() {
      [decimal, either] = [null, null];
    },
  };
}

function thousands(text: string): string {
  return text.replace(',', '');
}
