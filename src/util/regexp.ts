/**
 * How many capture groups a regular expression has. Throws the SyntaxError of `new RegExp` when
 * the text is not one (checked on the pattern alone: `\` is invalid, though `\|` is not).
 */
export function captureGroupCount(pattern: string): number {
  new RegExp(pattern);
  // with an empty alternative the match always succeeds, and exec lists every group
  return (new RegExp(`${pattern}|`).exec('')?.length ?? 1) - 1;
}
