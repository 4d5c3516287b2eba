import { writeSync } from 'node:fs';

/**
 * A write's error names no file (write(2) and fdatasync(2) take a descriptor), so the one line the CLI
 * prints for it said "could not write: the disk is full" without saying which file the disk refused:
 * the study's journal or a trial's kept output (a fault audit). This gives it the file's path.
 */
export function withPath<T>(path: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw namedError(error, path);
  }
}

/** `error` with `path` set, when it is a system error that names no file. */
export function namedError(error: unknown, path: string): unknown {
  const errno = error as NodeJS.ErrnoException;
  if (error instanceof Error && typeof errno.code === 'string' && errno.path === undefined) errno.path = path;
  return error;
}

/** Every byte of `bytes` to `fd` (the file at `path`, named by the error if the disk refuses them; a short write leaves a torn tail). */
export function writeAllSync(fd: number, bytes: Buffer, path: string): void {
  let written = 0;
  withPath(path, () => {
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
  });
}

/** Runs `work`, which follows records already stored: an error it throws is marked so (markStored). */
export function afterStored(work: () => void): void {
  try {
    work();
  } catch (error) {
    throw markStored(error);
  }
}

/** `error`, marked as coming after the records were written (a failed sync): a retry must not write them twice. */
export function markStored(error: unknown): unknown {
  if (error instanceof Error) Object.assign(error, { eventsStored: true });
  return error;
}
