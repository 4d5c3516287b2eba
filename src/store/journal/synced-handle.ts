import { close, fdatasync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { markStored, namedError } from '../named-error.js';

const datasync = promisify(fdatasync);
const closeFd = promisify(close);

/**
 * A journal file descriptor kept open between appends, with group commit: writes are counted, and
 * `durable(n)` resolves once an fdatasync that began after write n has finished. Writes made while a
 * sync runs are covered by the next one, so parallel trials share syncs instead of queueing for them.
 */
export class SyncedHandle {
  private writes = 0;
  private synced = 0;
  private syncing: Promise<void> | null = null;
  private waiters = 0;
  private closing: Promise<void> | null = null;
  private closed = false;
  private release: (() => void) | null = null;

  constructor(
    readonly fd: number,
    readonly inode: number,
    private readonly path: string,
  ) {}

  /** Note one write() on the descriptor; returns its number for `durable`. */
  wrote(): number {
    if (this.closing !== null) throw new Error('write on a closed journal handle');
    this.writes += 1;
    return this.writes;
  }

  async durable(write: number): Promise<void> {
    this.waiters += 1;
    try {
      while (this.synced < write) {
        if (this.syncing === null) {
          const covers = this.writes;
          this.syncing = datasync(this.fd)
            .catch((error: unknown) => {
              throw markStored(namedError(error, this.path));
            })
            .then(() => {
              this.synced = Math.max(this.synced, covers);
            })
            .finally(() => {
              this.syncing = null;
            });
        }
        await this.syncing;
      }
    } finally {
      this.waiters -= 1;
      this.closeWhenIdle();
    }
  }

  /** Closes the descriptor once no sync runs and nobody waits for one (never under a running fdatasync). */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.release = resolve;
    });
    this.closeWhenIdle();
    return this.closing;
  }

  private closeWhenIdle(): void {
    if (this.closing === null || this.closed || this.waiters > 0 || this.syncing !== null) return;
    this.closed = true;
    const release = this.release;
    void closeFd(this.fd)
      .catch(() => undefined)
      .then(() => release?.());
  }
}

/** A new file's name is durable only once its folder is synced (`path`: the file). */
export async function syncFolder(path: string): Promise<void> {
  const folder = await open(dirname(path), 'r');
  try {
    await folder.sync();
  } catch {
    // some file systems refuse fsync on a folder; the data itself is synced already
  } finally {
    await folder.close();
  }
}
