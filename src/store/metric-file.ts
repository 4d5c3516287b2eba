// A file a trial's program writes its metrics to (Keras' CSVLogger, Lightning's CSVLogger, a JSON
// lines log, TensorBoard's event files), read as it grows, so that its values arrive while the
// program runs, as printed lines do.
import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { basename } from 'node:path';
import { eventScalars, tfRecords } from '../util/tfevents.js';
import { expandGlob, isGlob } from './glob.js';

/** Reads beyond this many bytes at a time wait for the next read: a runaway file cannot fill memory. */
const MAX_READ_BYTES = 4 << 20;

export interface MetricFileTail {
  /** The file's absolute path (the pattern, for a glob). */
  readonly path: string;
  /**
   * The lines the file gained since the last call; a last line without its line ending is held back
   * until it has one, or until `final` (the program has ended). A TensorBoard event file's scalars
   * come as JSON lines, `{"<tag>": value, "step": step}`.
   */
  read(final: boolean): string[];
  /** Whether the file has been written since the tail was opened. */
  written(): boolean;
}

interface Seen {
  ino: number;
  size: number;
  mtimeMs: number;
}

const seenOf = (stats: Stats): Seen => ({ ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs });
const unchanged = (stats: Stats, seen: Seen): boolean => stats.ino === seen.ino && stats.size === seen.size && stats.mtimeMs === seen.mtimeMs;

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw error;
  }
}

/**
 * Opens a tail on `path`, which need not exist yet. Open it just before the program starts: a file
 * already there is a previous run's, and is read only once it changes, from where it ended if the
 * program appends to it, else from its start.
 *
 * A program that rewrites the whole file at each epoch (Lightning's CSVLogger does) shrinks it or
 * replaces it: the file is then read again from its start, and the lines already handed out (its
 * unchanged beginning) are skipped, so no value arrives twice.
 *
 * A path with wildcards (`*`, `?`, `[...]`: Lightning names its event files after the time, host and
 * pid) is the newest match that the program has written: files matching before it started count once
 * they change.
 */
export function openMetricFile(path: string): MetricFileTail {
  if (!isGlob(path)) {
    const before = statOrNull(path);
    return tailFile(path, before === null ? null : seenOf(before));
  }
  const stale = new Map<string, Seen>();
  for (const match of expandGlob(path)) {
    const stats = statOrNull(match);
    if (stats !== null) stale.set(match, seenOf(stats));
  }
  let current: MetricFileTail | null = null;
  return {
    path,
    written: () => current?.written() ?? false,
    read(final) {
      if (current === null) {
        let newest: { path: string; mtimeMs: number } | null = null;
        for (const match of expandGlob(path)) {
          const stats = statOrNull(match);
          const old = stale.get(match);
          if (stats === null || !stats.isFile() || (old !== undefined && unchanged(stats, old))) continue;
          if (newest === null || stats.mtimeMs > newest.mtimeMs) newest = { path: match, mtimeMs: stats.mtimeMs };
        }
        if (newest === null) return [];
        current = tailFile(newest.path, stale.get(newest.path) ?? null);
      }
      return current.read(final);
    },
  };
}

/** The tail of one file; `stale`: how it was before the program started (null: it was not there). */
function tailFile(path: string, stale: Seen | null): MetricFileTail {
  const events = basename(path).includes('tfevents');
  let started = stale === null;
  let ino = -1;
  let offset = 0;
  let pending: Buffer = Buffer.alloc(0);
  let given = 0;
  let skip = 0;

  function fresh(stats: Stats): boolean {
    if (started) return true;
    if (stale !== null && unchanged(stats, stale)) return false;
    started = true;
    // appended to: only what follows the old run's lines is this run's
    if (stale !== null && stats.ino === stale.ino && stats.size > stale.size) {
      ino = stats.ino;
      offset = stale.size;
    }
    return true;
  }

  return {
    path,
    written: () => started && ino !== -1,
    read(final) {
      const stats = statOrNull(path);
      if (stats === null || !fresh(stats)) return [];
      if (stats.ino !== ino || stats.size < offset) {
        // a new file, or the same one rewritten: from its start again, past the lines handed out
        ino = stats.ino;
        offset = 0;
        pending = Buffer.alloc(0);
        skip = given;
      }
      const chunk = readFrom(path, offset, stats.size);
      offset += chunk.length;
      const bytes = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      const { lines, used } = events ? eventLines(bytes) : textLines(bytes, final);
      pending = bytes.subarray(used);
      const out: string[] = [];
      for (const line of lines) {
        if (skip > 0) skip -= 1;
        else {
          out.push(line);
          given += 1;
        }
      }
      return out;
    },
  };
}

/** The complete lines in `bytes` (all of them when `final`), and the bytes they take. */
function textLines(bytes: Buffer, final: boolean): { lines: string[]; used: number } {
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

/** Bytes [from, to) of the file, at most MAX_READ_BYTES (fewer if it shrank meanwhile). */
function readFrom(path: string, from: number, to: number): Buffer {
  const length = Math.min(to - from, MAX_READ_BYTES);
  if (length <= 0) return Buffer.alloc(0);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
    throw error;
  }
  try {
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, Math.min(length, Math.max(0, fstatSync(fd).size - from)), from);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
