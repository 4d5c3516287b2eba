import { isKnownEventType } from '../event-codec.js';

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
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return false;
    const type = (parsed as { type?: unknown }).type;
    // a type this version writes, yet not a record it can read (a state or target edited by hand): damage
    return typeof type === 'string' && !isKnownEventType(type);
  } catch {
    return false;
  }
}
