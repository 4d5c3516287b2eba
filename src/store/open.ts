import { UsageError } from '../errors.js';
import { JournalStore } from './journal/journal-store.js';
import type { StoreAccess } from './postgres/privileges.js';
import type { Store } from './types.js';

export type { StoreAccess } from './postgres/privileges.js';

export const DEFAULT_DIR = '.hypertune';

export interface StoreOptions {
  /** Journal root folder (default `.hypertune`); with `storage`, where this machine keeps the trials' folders. */
  dir?: string | undefined;
  /** A `postgresql://` or `postgres://` URL; also the value of HYPERTUNE_STORAGE, read by the caller. */
  storage?: string | undefined;
  /** PostgreSQL: hears when the connection to the server is lost and when it is back (a worker retries meanwhile). */
  onConnection?: ((text: string) => void) | undefined;
  /** PostgreSQL: a server that cannot be reached at the start is retried for the reconnect window, not refused at once (tell: a job's result must not be lost to a restart). */
  waitForServer?: boolean | undefined;
  /** PostgreSQL: what the caller does with the study (default write); a role that lacks the privileges for it is refused at once, before a trial runs. */
  access?: StoreAccess | undefined;
  /** PostgreSQL: how long a lost or full server is retried (default 2 minutes). */
  reconnectWindowMs?: number | undefined;
}

/** The journal under `dir`, or PostgreSQL when `storage` is a PostgreSQL URL (connected and migrated). */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const storage = options.storage?.trim();
  if (storage !== undefined && storage !== '') {
    if (/^postgres(ql)?:\/\//i.test(storage)) {
      const { openPostgresStore } = await import('./postgres/open-postgres.js');
      return openPostgresStore(storage, { onConnection: options.onConnection, localDir: options.dir ?? DEFAULT_DIR, waitForServer: options.waitForServer, access: options.access, reconnectWindowMs: options.reconnectWindowMs });
    }
    throw new UsageError(`unsupported --storage ${JSON.stringify(maskScheme(storage))}: expected a postgresql://user:password@host:port/database URL`);
  }
  return new JournalStore(options.dir ?? DEFAULT_DIR);
}

// An unsupported storage string may still hold a password after `user:`; never echo it.
function maskScheme(storage: string): string {
  return storage.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}
