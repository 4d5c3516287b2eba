import pg from 'pg';
import { RuntimeFailure } from '../../errors.js';
import { ClosingClient } from './closing-client.js';
import { connectFailure, parsePostgresUrl, type PostgresTarget } from './connection.js';
import { PostgresStore } from './postgres-store.js';
import { createReconnector, isConnectionLoss, isServerFull, lossText, RECONNECT_WINDOW_MS } from './reconnect.js';
import { prepareTables, type StoreAccess } from './privileges.js';
import { countRoundTrips, newStoreStats } from './store-stats.js';
import { TrialFolders } from '../trial-folders.js';
import { ServerClock } from './server-clock.js';
import { SslChoice, SslFellBack } from './ssl-mode.js';
import { fastTypes } from './float-arrays.js';

const DEFAULT_DIR = '.hypertune';

export interface PostgresStoreOptions {
  /** Hears, in plain words, when the connection to the server is lost and when it is back. */
  onConnection?: ((text: string) => void) | undefined;
  /** How long to keep retrying a lost server (default RECONNECT_WINDOW_MS). */
  reconnectWindowMs?: number | undefined;
  /** Most connections this store opens at once (default 4: an ask, heartbeats and output writes overlap). */
  connections?: number | undefined;
  /** This machine's folder for the trials' own folders (default .hypertune). */
  localDir?: string | undefined;
  /** Retry a server that cannot be reached at the start as a lost one is retried (default: fail at once, so that a wrong URL does not hang). */
  waitForServer?: boolean | undefined;
  /** What the caller does with the study: its role's privileges for that are checked at once; a read waits for a full server only connect_timeout long (default write). */
  access?: StoreAccess | undefined;
  /** How long a statement waits before onConnection hears that the server does not answer (tests; default 60 s). */
  silentMs?: number | undefined;
  /** A statement held longer counts as an outage for takeovers (tests; default 5 s). */
  heldMs?: number | undefined;
}

/** Connect, create or migrate the schema, and return the store; connection problems are one clear RuntimeFailure. */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const target = parsePostgresUrl(url);
  // keep-alive probes find a peer gone silent behind a partition on an idle connection (the kernel's own interval after the first)
  const sslChoice = new SslChoice(url, target.sslMode);
  const config: pg.PoolConfig & { sslChoice: SslChoice } = { connectionString: sslChoice.current(), max: options.connections ?? 4, connectionTimeoutMillis: target.connectTimeoutMs, keepAlive: true, keepAliveInitialDelayMillis: 10_000, application_name: 'hypertune', Client: ClosingClient, sslChoice, types: fastTypes };
  const pool = new pg.Pool(config);
  // an idle connection the server drops must not crash the process; the next query reconnects
  pool.on('error', () => undefined);
  const stats = newStoreStats();
  countRoundTrips(pool, stats);
  const clock = new ServerClock(pool);
  const windowMs = options.reconnectWindowMs ?? RECONNECT_WINDOW_MS;
  try {
    // a read or a removal is typed by someone waiting for its answer: a full server is waited for as long as
    // connect_timeout (default 10 s), not a worker's 2 minutes (a user audit: summary hung silently)
    const access = options.access ?? 'write';
    const firstWindowMs = access !== 'write' && target.connectTimeoutMs > 0 ? Math.min(windowMs, target.connectTimeoutMs) : windowMs;
    const client = await firstConnection(pool, target, firstWindowMs, options.onConnection, options.waitForServer === true).catch((error: unknown) =>
      Promise.reject(error instanceof RuntimeFailure ? error : connectFailure(target, error)),
    );
    try {
      await prepareTables(client, target, access);
    } finally {
      client.release();
    }
    await clock.measure();
  } catch (error) {
    await pool.end().catch(() => undefined);
    if (error instanceof RuntimeFailure) throw error;
    // the clock's round trips: a connection lost right after it was made
    throw connectFailure(target, error);
  }
  const reconnector = createReconnector(target, windowMs, options.onConnection ?? (() => undefined), options.silentMs, options.heldMs);
  return new PostgresStore(pool, target, reconnector, new TrialFolders(options.localDir ?? DEFAULT_DIR), stats, clock);
}

/**
 * The first connection. A server that cannot be reached fails at once (a wrong URL should not hang),
 * unless `patient` (a tell or an ask of a batch job, which a restart must not cost its result or its
 * run; found by a user audit); one that is full (too many connections: more workers started than it
 * takes) is waited for, as long as a lost connection would be, since a slot frees up when another
 * worker ends.
 */
async function firstConnection(pool: pg.Pool, target: PostgresTarget, windowMs: number, say: ((text: string) => void) | undefined, patient: boolean): Promise<pg.PoolClient> {
  const started = Date.now();
  let wait = 250;
  let said = false;
  for (;;) {
    try {
      return await pool.connect();
    } catch (error) {
      // the server refused SSL and sslmode prefers it: the next connection is plain (SslChoice)
      if (error instanceof SslFellBack) continue;
      const waited = isServerFull(error) || (patient && isConnectionLoss(error));
      // the last try comes when the window ends, not up to a whole wait before it
      const left = windowMs - (Date.now() - started);
      // a worker that waited its whole window said only the last error, as one that never waited does (a user audit)
      if (!waited) throw error;
      if (left <= 0) throw said ? new RuntimeFailure(`${connectFailure(target, error).message}; still so after ${Math.round(windowMs / 1000)} s of retrying`) : error;
      const window = `${Math.round(windowMs / 1000)} s`;
      if (!said) say?.(isServerFull(error) ? `${lossText(target, error)}; waiting up to ${window} for one` : `${connectFailure(target, error).message}; retrying up to ${window}`);
      said = true;
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, left)));
      wait = Math.min(wait * 2, 5_000);
    }
  }
}
