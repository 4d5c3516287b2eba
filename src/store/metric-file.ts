// A file a trial's program writes its metrics to (Keras' CSVLogger, Lightning's CSVLogger, a JSON
// lines log), read as it grows, so that its values arrive while the program runs, as printed lines do.
import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

/** Reads beyond this many bytes at a time wait for the next read: a runaway file cannot fill memory. */
const MAX_READ_BYTES = 4 << 20;

export interface MetricFileTail {
  /** The file's absolute path. */
  readonly path: string;
  /**
   * The lines the file gained since the last call; a last line without its line ending is held back
   * until it has one, or until `final` (the program has ended).
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
 */
export function openMetricFile(path: string): MetricFileTail {
  const before = statOrNull(path);
  const stale: Seen | null = before === null ? null : seenOf(before);
  let started = stale === null;
  let ino = stale?.ino ?? -1;
  let offset = 0;
  let pending = '';
  let given = 0;
  let skip = 0;

  function fresh(stats: Stats): boolean {
    if (started) return true;
    if (stale !== null && stats.ino === stale.ino && stats.size === stale.size && stats.mtimeMs === stale.mtimeMs) return false;
    started = true;
    // appended to: only what follows the old run's lines is this run's
    if (stale !== null && stats.ino === stale.ino && stats.size > stale.size) offset = stale.size;
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
        pending = '';
        skip = given;
      }
      const chunk = readFrom(path, offset, stats.size);
      offset += chunk.bytes;
      const text = pending + chunk.text;
      const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
      pending = text.slice(text.lastIndexOf('\n') + 1);
      lines.pop();
      if (final && pending !== '') {
        lines.push(pending);
        pending = '';
      }
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

/** Bytes [from, to) of the file (at most MAX_READ_BYTES), cut back to whole UTF-8 characters. */
function readFrom(path: string, from: number, to: number): { text: string; bytes: number } {
  const length = Math.min(to - from, MAX_READ_BYTES);
  if (length <= 0) return { text: '', bytes: 0 };
  const buffer = Buffer.alloc(length);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { text: '', bytes: 0 };
    throw error;
  }
  let read = 0;
  try {
    // the file may have shrunk since it was looked at: read what is there
    const size = fstatSync(fd).size;
    read = readSync(fd, buffer, 0, Math.min(length, Math.max(0, size - from)), from);
  } finally {
    closeSync(fd);
  }
  // a multi-byte character cut at the end waits for the next read
  const end = read - cutCharacter(buffer.subarray(0, read));
  return { text: buffer.subarray(0, end).toString('utf8'), bytes: end };
}

/** How many bytes at the end of `bytes` are the start of a UTF-8 character whose rest has not come yet. */
function cutCharacter(bytes: Buffer): number {
  let back = 0;
  while (back < 3 && back < bytes.length && ((bytes[bytes.length - 1 - back] as number) & 0xc0) === 0x80) back += 1;
  const lead = bytes[bytes.length - 1 - back];
  if (lead === undefined || lead < 0xc0) return 0;
  const size = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
  return back + 1 < size ? back + 1 : 0;
}
