import { lstatSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { RuntimeFailure } from '../errors.js';

/**
 * `mkdir -p`, one folder at a time from the first that is missing, with the reason the system gives.
 * Node's recursive mkdir answers a read-only file system with ENOENT, which read as "it is not there
 * (was it removed?)" (a user audit), and where a folder cannot be made in a place that exists (/proc)
 * it retries forever: `--dir /proc/x` spun at full CPU without a word (a user audit). Made folder by
 * folder, each fails with its own code (EROFS, EACCES, ENOTDIR, ENOENT).
 */
export async function makeFolder(folder: string): Promise<void> {
  makeFolderSync(folder);
}

export function makeFolderSync(folder: string): void {
  const missing: string[] = [];
  for (let at = resolve(folder); !isFolder(at); at = dirname(at)) {
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const path of missing) {
    try {
      mkdirSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // made meanwhile by another process (two workers starting at once): fine when it is a folder
      if (!isFolder(path)) throw new RuntimeFailure(`could not make the folder ${folder}: ${path} ${isLink(path) ? 'is a link to a folder that is not there (a disk not mounted?)' : 'is a file, not a folder'}`);
    }
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
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
