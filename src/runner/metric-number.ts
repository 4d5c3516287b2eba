// How a metric's number may be written: every notation Python and JS print.
/**
 * Numbers as Python and JS print them: `3`, `-0.5`, `+.5`, `1.`, `1e-3`, `2.5E+10`, `1_000.5`,
 * `1,098.5` (Python's `{:,}`: groups of three after a leading 1-9, so a decimal comma such as
 * `0,912` is no thousand), and case-insensitively `inf`, `-inf`, `infinity`, `nan`, `-nan`.
 */
export const NUMBER = String.raw`[+-]?(?:(?:[1-9]\d{0,2}(?:,\d{3})+(?!\d)(?:\.\d+)?|\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:e[+-]?\d+)?|inf(?:inity)?|nan)`;
// A number must end where a word ends: `0.41s`, `1.2.3` and `info` are not numbers, nor is the `0` of a
// decimal comma (`0,733551`, printed under a German locale, was read as 0; a user audit).
export const NUMBER_END = String.raw`(?![\w]|[.,]\d)`;
const WHOLE_NUMBER = new RegExp(`^${NUMBER}$`, 'i');
// Values printed by `print(f"loss={loss}")` with a torch tensor or a numpy scalar.
export const WRAPPER = String.raw`(?:tensor\(|(?:np|numpy)\.float(?:16|32|64)?\(|["'])?`;

/** Reads one number in any of the accepted notations; undefined when `text` is not exactly one. */
export function parseMetricNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!WHOLE_NUMBER.test(trimmed)) return undefined;
  const plain = trimmed.replace(/[_,]/g, '').toLowerCase();
  if (plain.includes('nan')) return Number.NaN;
  if (plain.includes('inf')) return plain.startsWith('-') ? -Infinity : Infinity;
  return Number(plain);
}
