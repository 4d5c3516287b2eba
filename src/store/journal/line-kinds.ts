// every record starts so (encodeEvent writes `type` first)
const RECORD_START = '{"type":"';

/**
 * A line a crash or a newer version may leave, skipped without a word: a record cut short by a
 * writer's death (it starts as records do but does not parse), or whole JSON of a record type this
 * version does not know. Anything else (a stray edit, a bad merge, damage) is worth telling.
 */
export function isTornOrForeign(line: string): boolean {
  if (line.startsWith(RECORD_START) || RECORD_START.startsWith(line)) {
    try {
      JSON.parse(line);
    } catch {
      return true; // cut short
    }
  }
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && typeof (parsed as { type?: unknown }).type === 'string';
  } catch {
    return false;
  }
}
