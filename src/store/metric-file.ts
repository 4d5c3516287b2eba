// A file a trial's program writes its metrics to (Keras' CSVLogger, Lightning's CSVLogger, a JSON
// lines log, TensorBoard's event files), read as it grows, so that its values arrive while the
// program runs, as printed lines do.
import { closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { basename } from 'node:path';
import { expandGlob } from './glob.js';
import { eventLines, textLines } from './metric-lines.js';

export { eventLines };

/** Reads beyond this many bytes at a time wait for the next read: a runaway file cannot fill memory. */
const MAX_READ_BYTES = 4 << 20;
/** The bytes before the read position that must be unchanged for the file to count as appended to. */
const FINGERPRINT_BYTES = 4096;

/** What one look at the file found. */
export interface MetricFileRead {
  /** Lines an earlier run left before this one appended: context for the reader (a CSV header), not values. */
  context: string[];
  /** The file was rewritten: `lines` are all of it again, from its start, in place of what was read before. */
  restarted: boolean;
  /** New lines; a TensorBoard event file's scalars come as JSON lines, `{"<tag>": value, "step": step}`. */
  lines: string[];
}

export interface MetricFileTail {
  /** The file's absolute path (the pattern, for wildcards). */
  readonly path: string;
  /** What the file gained since the last call; a last line without its ending waits until `final`. Throws on a read error. */
  read(final: boolean): MetricFileRead;
  /** Whether the program has written the file. */
  written(): boolean;
}

interface Snapshot {
  ino: number;
  size: number;
  mtimeMs: number;
  /** Its last FINGERPRINT_BYTES bytes. */
  tail: Buffer;
}

const NOTHING: MetricFileRead = { context: [], restarted: false, lines: [] };

/**
 * Opens a tail on `path`, which need not exist yet; never throws. Open it just before the program
 * starts: a file already there is an earlier run's, read only once it changes: from where it ended
 * if the program appended to it (its beginning unchanged; its lines are then context), else from its
 * start. A file rewritten while the program runs (shrunk, replaced, or changed before the read
 * position: Lightning's CSVLogger rewrites it whole) is read again from its start (`restarted`).
 *
 * With `glob`, `path` is a pattern (glob.ts): the first file matching it that the program writes is
 * read (the newest, if several appear at once); files matching before it started count once they change.
 */
export function openMetricFile(path: string, glob = false): MetricFileTail {
  if (!glob) return tailFile(path, snapshotOf(path));
  const stale = new Map<string, Snapshot>();
  for (const match of safeExpand(path)) {
    const snapshot = snapshotOf(match);
    if (snapshot !== null) stale.set(match, snapshot);
  }
  let current: MetricFileTail | null = null;
  return {
    path,
    written: () => current?.written() ?? false,
    read(final) {
      if (current === null) {
        let newest: { path: string; mtimeMs: number } | null = null;
        for (const match of safeExpand(path)) {
          const now = snapshotOf(match);
          const old = stale.get(match);
          if (now === null || (old !== undefined && unchanged(now, old))) continue;
          if (newest === null || now.mtimeMs > newest.mtimeMs) newest = { path: match, mtimeMs: now.mtimeMs };
        }
        if (newest === null) return NOTHING;
        current = tailFile(newest.path, stale.get(newest.path) ?? null);
      }
      return current.read(final);
    },
  };
}

function safeExpand(pattern: string): string[] {
  try {
    return expandGlob(pattern);
  } catch {
    return [];
  }
}

const unchanged = (stats: Pick<Stats, 'ino' | 'size' | 'mtimeMs'>, seen: Snapshot): boolean => stats.ino === seen.ino && stats.size === seen.size && stats.mtimeMs === seen.mtimeMs;

/** The file as it is now (a regular file), or null when it is not there or cannot be read. */
function snapshotOf(path: string): Snapshot | null {
  let fd: number | null;
  try {
    fd = openOrNull(path);
  } catch {
    return null; // unreadable now: the tail's own reads will say why
  }
  if (fd === null) return null;
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return null;
    return { ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs, tail: readRange(fd, Math.max(0, stats.size - FINGERPRINT_BYTES), stats.size) };
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** An open file, or null when it is not there (yet); other errors are thrown. */
function openOrNull(path: string): number | null {
  try {
    return openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw error;
  }
}

/** Bytes [from, to) of an open file (fewer if it is shorter now). */
function readRange(fd: number, from: number, to: number): Buffer {
  const buffer = Buffer.alloc(Math.max(0, to - from));
  const read = buffer.length === 0 ? 0 : readSync(fd, buffer, 0, buffer.length, from);
  return buffer.subarray(0, read);
}

/** The tail of one file; `stale`: how it was before the program started (null: it was not there). */
function tailFile(path: string, stale: Snapshot | null): MetricFileTail {
  const events = basename(path).includes('tfevents');
  let started = stale === null;
  let ino = -1;
  let offset = 0;
  let fingerprint: Buffer = Buffer.alloc(0);
  let pending: Buffer = Buffer.alloc(0);
  const lines = (bytes: Buffer, final: boolean): { lines: string[]; used: number } => (events ? eventLines(bytes) : textLines(bytes, final));
  const intact = (fd: number, size: number): boolean => size >= offset && readRange(fd, offset - fingerprint.length, offset).equals(fingerprint);

  return {
    path,
    written: () => ino !== -1,
    read(final) {
      const fd = openOrNull(path);
      if (fd === null) return NOTHING;
      try {
        const stats = fstatSync(fd);
        let context: string[] = [];
        let restarted = false;
        if (!started) {
          if (stale !== null && unchanged(stats, stale)) return NOTHING;
          started = true;
          offset = stale?.size ?? 0;
          fingerprint = stale?.tail ?? Buffer.alloc(0);
          // appended to an earlier run's file: only what follows is this run's, what precedes is context.
          // Changed but no longer: rewritten with the same bytes (the same result written at the end), all this run's.
          if (stale !== null && stats.ino === stale.ino && stats.size > stale.size && intact(fd, stats.size)) {
            ino = stats.ino;
            if (!events) context = textLines(readRange(fd, 0, offset), true).lines;
          } else [offset, fingerprint] = [0, Buffer.alloc(0)];
        } else if (ino !== -1 && (stats.ino !== ino || !intact(fd, stats.size))) {
          restarted = true;
          [offset, fingerprint, pending] = [0, Buffer.alloc(0), Buffer.alloc(0)];
        }
        ino = stats.ino;
        const chunk = readRange(fd, offset, Math.min(stats.size, offset + MAX_READ_BYTES));
        offset += chunk.length;
        fingerprint = Buffer.concat([fingerprint, chunk]).subarray(-FINGERPRINT_BYTES);
        const bytes = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        const found = lines(bytes, final);
        pending = bytes.subarray(found.used);
        return { context, restarted, lines: found.lines };
      } finally {
        closeSync(fd);
      }
    },
  };
}
