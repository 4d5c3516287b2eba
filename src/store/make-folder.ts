import { existsSync, mkdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * `mkdir -p`, with the reason the system gives. A recursive mkdir on a read-only file system fails
 * with ENOENT, which read as "it is not there (was it removed?)" (a user audit): the first missing
 * folder is made alone, which fails with the real code (EROFS, EACCES).
 */
export async function makeFolder(folder: string): Promise<void> {
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    throw realReason(folder, error);
  }
}

export function makeFolderSync(folder: string): void {
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw realReason(folder, error);
  }
}

function realReason(folder: string, error: unknown): unknown {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return error;
  let first = folder;
  while (!existsSync(dirname(first)) && dirname(first) !== first) first = dirname(first);
  try {
    mkdirSync(first);
  } catch (direct) {
    if ((direct as NodeJS.ErrnoException).code !== 'ENOENT') return direct;
  }
  return error;
}

/**
 * Runs a study's creation; a system error on the way is marked `studyNotMade`, so that its message
 * says to run the command again, not to resume a study that does not exist (a user audit).
 */
export async function notMadeOnFailure<T>(create: () => Promise<T>): Promise<T> {
  try {
    return await create();
  } catch (error) {
    if (typeof error === 'object' && error !== null && typeof (error as NodeJS.ErrnoException).code === 'string') Object.assign(error, { studyNotMade: true });
    throw error;
  }
}
