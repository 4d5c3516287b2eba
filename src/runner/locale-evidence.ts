// Numbers written as a German or French locale writes them (LC_NUMERIC=de_DE: Python's `{:n}` and
// `locale.format_string`, C's printf after setlocale, C++ streams imbued with the user's locale, Java's
// String.format, JS's toLocaleString), found where no other notation writes them so: the sign that a
// `1.234` elsewhere in the output may be 1234 (metric-commas.ts). Lists and device ids (`gpus=0,1`,
// `hidden=128,64`, `milestones=30,60`) and IP addresses are no such sign.

/**
 * After `name=` or `name:`: points between thousands before a decimal comma (`1.234,5`), two points
 * between thousands (`1.234.567`), or a decimal comma after a 0 with two or more digits (`0,53`), or
 * after any whole part with four or more (`2,5123`); nothing of the number's kind follows.
 */
const LOCALE_NUMBER = /(?<![\w.,-])[A-Za-z_][\w./@-]*\s*[:=]\s*([+-]?(?:\d{1,3}(?:\.\d{3})+,\d+|\d{1,3}\.\d{3}\.\d{3}|0,\d{2,}|[1-9]\d*,\d{4,}))(?![\w.,])/;

/** `name=number` as such a locale writes it (`loss=0,53`), as the line shows it; undefined when the line holds none. */
export function localeEvidence(line: string): string | undefined {
  if (!line.includes(',') && !/\d\.\d{3}\.\d/.test(line)) return undefined;
  return LOCALE_NUMBER.exec(line)?.[0].trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** The metric's value written with points between thousands and no decimal comma (`samples=1.234.567`), which no rule reads; undefined when none. */
export function pointThousands(line: string, metric: string): string | undefined {
  if (!/\d\.\d{3}\.\d{3}/.test(line)) return undefined;
  return new RegExp(String.raw`(?<![\w./-])(["']?)${escapeRegExp(metric)}\1\s*[:=]?\s*([+-]?\d{1,3}(?:\.\d{3}){2,})(?![\w.,])`, 'i').exec(line)?.[2];
}
