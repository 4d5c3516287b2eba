import { describeTarget, OutageOutlasted, type PostgresTarget } from './connection.js';

/** How long a worker keeps retrying a lost server before it gives up (a restart, a failover, a network blip). */
export const RECONNECT_WINDOW_MS = 120_000;

const FIRST_WAIT_MS = 250;
/** A statement held longer than this (by PgBouncer, a lock, a server that hung) counts as an outage for takeovers. */
const HELD_MS = 5_000;
/** How long a statement waits for its answer before the worker says so. */
const SILENT_MS = 60_000;
const LONGEST_WAIT_MS = 5_000;

// Node's socket errors that a server restart, a failover or a network blip cause
const LOST_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);
// SQLSTATE: admin_shutdown, crash_shutdown, cannot_connect_now (starting up or shutting down)
const LOST_SERVER = new Set(['57P01', '57P02', '57P03']);

/**
 * SQLSTATE too_many_connections: max_connections (or the role's or database's CONNECTION LIMIT) is
 * reached, as when a Slurm array starts more workers than the server takes. A connection frees up when
 * another worker ends or idles, and the pool reuses its own meanwhile, so the statement is tried again.
 */
export function isServerFull(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '53300';
}

/** Whether the same statement may succeed once the server can be reached again. */
export function isConnectionLoss(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (isServerFull(error)) return true;
  // a Unix socket's file is gone while its server restarts
  if (code === 'ENOENT' && (error as { syscall?: unknown }).syscall === 'connect') return true;
  if (typeof code === 'string' && (LOST_SOCKET.has(code) || LOST_SERVER.has(code) || code.startsWith('08'))) return true;
  return typeof message === 'string' && /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message);
}

export interface Reconnector {
  /** Runs `attempt`, again and again while the connection is lost, until the window closes; then throws OutageOutlasted. */
  run<T>(attempt: () => Promise<T>): Promise<T>;
  /** When the connection last came back after being lost, or a statement held past HELD_MS was answered (epoch ms); null if neither. */
  regainedAt(): number | null;
}

/**
 * Statements (and transactions) are retried whole, which is safe for every one of the store's even when
 * the server did run it and only the reply was lost: updates are guarded by `state = 'running'`, reads
 * change nothing, a repeated creation is refused (`id-moved`, or the re-run already exists), and the
 * trial a lost reply created or claimed is found by the retry (creatingOnce in trial-writes.ts for
 * every creation, claimQueuedTrial for claims). The worst case is a kept output chunk stored twice.
 * `say` hears once when the connection is lost and once when it is back, not on every retry.
 */
export function createReconnector(target: PostgresTarget, windowMs: number, say: (text: string) => void, silentMs = SILENT_MS, heldMs = HELD_MS): Reconnector {
  let lostSince: number | null = null;
  let regained: number | null = null;
  // a server that hangs (stopped, or cut off by a partition that drops packets) refuses nothing: a
  // statement just waits, and the worker said nothing for minutes (a user audit). It is said once.
  let waitingSince: number | null = null;
  const unanswered = (since: number): NodeJS.Timeout => {
    const timer = setTimeout(() => {
      if (waitingSince !== null) return;
      waitingSince = since;
      say(`no answer from ${describeTarget(target)} for ${Math.round(silentMs / 1000)} s (a server that hangs, a network partition, or another worker holding the study's lock); still waiting, running trials go on`);
    }, silentMs);
    timer.unref();
    return timer;
  };
  const answered = (): void => {
    if (waitingSince === null) return;
    say(`${describeTarget(target)} answered again after ${((Date.now() - waitingSince) / 1000).toFixed(1)} s`);
    waitingSince = null;
  };
  return {
    regainedAt: () => regained,
    async run(attempt) {
      let wait = FIRST_WAIT_MS;
      for (;;) {
        const sent = Date.now();
        const timer = unanswered(sent);
        try {
          const result = await attempt().finally(() => clearTimeout(timer));
          answered();
          // behind PgBouncer a server's restart is no lost connection here, only a statement held for
          // its length: the other workers' heartbeats were held as long, so it counts as an outage too,
          // and no worker is called dead for a heartbeat timeout after it (a user audit: a live trial taken over)
          if (Date.now() - sent > heldMs) regained = Date.now();
          if (lostSince !== null) {
            say(`reconnected to ${describeTarget(target)} after ${((Date.now() - lostSince) / 1000).toFixed(1)} s`);
            lostSince = null;
            regained = Date.now();
          }
          return result;
        } catch (error) {
          // the window runs from the first failure of the outage, for every call alike: calls queued
          // behind each other (a trial's heartbeats) must not each wait a window of their own
          if (!isConnectionLoss(error)) throw error;
          if (lostSince !== null && Date.now() - lostSince >= windowMs) throw new OutageOutlasted(error, Math.round((Date.now() - lostSince) / 1000));
          if (lostSince === null) say(`${lossText(target, error)}; retrying for up to ${Math.round(windowMs / 1000)} s (running trials go on)`);
          const since = (lostSince ??= Date.now());
          // the last try at the window's end: a 6 s window gave up after 4 s, the next wait being past it (a user audit)
          await new Promise((resolve) => setTimeout(resolve, Math.max(10, Math.min(wait, since + windowMs - Date.now()))));
          wait = Math.min(wait * 2, LONGEST_WAIT_MS);
        }
      }
    },
  };
}

/** What a worker says when a statement cannot reach the server, by why. */
export function lossText(target: PostgresTarget, error: unknown): string {
  if (!isServerFull(error)) return `lost the connection to ${describeTarget(target)}`;
  return `${describeTarget(target)} has no connection free (${(error as Error).message})`;
}
