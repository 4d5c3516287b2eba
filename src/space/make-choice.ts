// A choice node from its parsed options: each option once, pchoice probabilities summing to 1.
import type { ParseContext } from './parse-context.js';
import { writtenAsFloat } from './constant.js';
import type { ChoiceNode, ChoiceOption, Condition, ParamValue, SourcePosition } from './types.js';

/** An option without parameters; a number written as a float (`2.0`) is marked so (choice(1.0, 2.0) passes 1.0 and 2.0; found by a user audit). */
export function numberOption(value: ParamValue, source: string | undefined): ChoiceOption {
  return typeof value === 'number' && source !== undefined && writtenAsFloat(source) ? { value, params: [], float: true } : { value, params: [] };
}

export function makeChoice(
  ctx: ParseContext,
  label: string,
  family: 'choice' | 'pchoice',
  options: ChoiceOption[],
  probabilities: number[] | null,
  condition: Condition | null,
  at: SourcePosition,
): ChoiceNode {
  const seen = new Set<string>();
  for (const option of options) {
    // `.nan` and `.inf` read as numbers that no flag or JSON carries (they showed as "null twice"; a re-audit)
    if (typeof option.value === 'number' && !Number.isFinite(option.value)) ctx.fail(`${family} options are finite numbers, text, booleans or null (got ${String(option.value)}): quote it to pass it as text`, at, label);
    // no argument or environment variable can hold one: the first trial to get it stopped the study as an internal error (a hostile-program audit)
    if (typeof option.value === 'string' && option.value.includes('\0')) ctx.fail(`${family} option ${JSON.stringify(option.value)} holds a NUL character, which no argument or environment variable can carry`, at, label);
    const key = JSON.stringify(option.value);
    if (seen.has(key)) ctx.fail(`${family} lists the option ${key} twice`, at, label);
    seen.add(key);
  }
  // thirds typed as 0.33333 fall short of 1 by 1e-5 (a user audit): within a thousandth, they are scaled to 1
  const total = probabilities?.reduce((sum, p) => sum + p, 0) ?? 1;
  if (Math.abs(total - 1) > 1e-3 + 1e-12) ctx.fail(`pchoice probabilities must sum to 1, within 0.001 (got ${Number(total.toPrecision(10))})`, at, label);
  const uniform = options.map(() => 1 / options.length);
  return { kind: 'choice', label, family, condition, position: at, options, probabilities: probabilities?.map((p) => p / total) ?? uniform };
}
