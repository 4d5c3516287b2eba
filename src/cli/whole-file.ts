import { lstatSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `text` to `path` whole or not at all: into a temporary file beside it, then renamed over it.
 * A report written in place over an older one was left cut short by a full disk (ENOSPC) or a kill -9,
 * the good page gone (a fault audit). A path that is no regular file (`/dev/stdout`, a pipe) is written
 * as it is, and a symbolic link keeps pointing where it did: the file it names is replaced.
 */
export function writeWholeFile(path: string, text: string): void {
  const target = regularTarget(path);
  if (target === null) {
    writeFileSync(path, text);
    return;
  }
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, target);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // never made, or already renamed
    }
    throw error;
  }
}

/** The regular file `path` names (through links), or `path` when nothing is there; null for a device, a pipe or a dangling link. */
function regularTarget(path: string): string | null {
  try {
    return statSync(path).isFile() ? realpathSync(path) : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // a link to a file not made yet: written through, so it stays a link
  return existsAsLink(path) ? null : path;
}

function existsAsLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
