// A metric file's bytes as lines: text split at its line endings, or a TensorBoard event file's
// scalars as JSON lines.
import { eventScalars, tfRecords } from '../util/tfevents.js';

/** The complete lines in `bytes` (all of them when `final`), and the bytes they take. */
export function textLines(bytes: Buffer, final: boolean): { lines: string[]; used: number } {
  const end = final ? bytes.length : bytes.lastIndexOf(0x0a) + 1;
  if (end === 0) return { lines: [], used: 0 };
  const lines = bytes.subarray(0, end).toString('utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return { lines: lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line)), used: end };
}

/** The scalars of the complete event records in `bytes`, one JSON line each, and the bytes they take (`parse` reads a saved event file so). */
export function eventLines(bytes: Buffer): { lines: string[]; used: number } {
  const { records, used } = tfRecords(bytes);
  const lines = records.flatMap(eventScalars).map(({ tag, value, step }) => JSON.stringify({ [tag]: shortestFloat32(value), step }));
  return { lines, used };
}

/** A float32 value as the fewest digits that give it back (0.1, not 0.10000000149011612); other numbers as they are. */
function shortestFloat32(value: number): number {
  if (!Number.isFinite(value) || Math.fround(value) !== value) return value;
  for (let digits = 1; digits < 10; digits++) {
    const short = Number(value.toPrecision(digits));
    if (Math.fround(short) === value) return short;
  }
  return value;
}
