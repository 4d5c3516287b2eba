// Pieces of a PostgreSQL URL read apart from the URL parser (connection.ts): the connect timeout,
// which pg's JavaScript client does not read from the URL, and a mask for text that is no URL.
import { UsageError } from '../../errors.js';

/** Without `connect_timeout`: long enough for a loaded server, short enough that a wrong host does not hang. */
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** libpq's rule: whole seconds, 0 or less waits without limit, and at least 2 s. */
export function connectTimeoutOf(inUrl: string | null, url: string): number {
  const text = inUrl ?? process.env['PGCONNECT_TIMEOUT'];
  if (text === undefined || text === '') return DEFAULT_CONNECT_TIMEOUT_MS;
  const where = inUrl === null ? 'PGCONNECT_TIMEOUT' : `PostgreSQL URL ${JSON.stringify(maskLoosely(url))}: connect_timeout`;
  if (!/^-?\d+$/.test(text.trim())) throw new UsageError(`invalid ${where} ${JSON.stringify(text)}: not a whole number of seconds`);
  const seconds = Number(text);
  return seconds <= 0 ? 0 : Math.max(2, seconds) * 1000;
}

/**
 * For a string that is not even a URL: hide whatever sits between `user:` and the last `@`, the host's
 * (a user audit: the mask stopped at an `@` inside the password and showed the rest of it).
 */
export function maskLoosely(text: string): string {
  return text.replace(/\/\/([^:/@]*):.*@/, '//$1:***@');
}
