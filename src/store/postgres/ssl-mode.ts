import { UsageError } from '../../errors.js';

/** libpq's sslmode values. pg's own `no-verify` is not one: psql refuses it, and pg's libpq reading takes it as verify-full. */
const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

/** What pg says when the server answers an SSLRequest with N (it has ssl = off). */
export const SSL_REFUSED = 'The server does not support SSL connections';

/**
 * The URL's sslmode, else PGSSLMODE (libpq reads both; pg took PGSSLMODE=prefer as "SSL required"), else
 * `fallback`. An unknown value is bad input: pg took `sslmode=bogus` as verify-full SSL. `masked`
 * is the URL as messages show it.
 */
export function sslModeOf(inUrl: string | null, masked: string, fallback: SslMode | null): SslMode | null {
  const fromEnv = process.env['PGSSLMODE'];
  const text = inUrl ?? (fromEnv === '' ? undefined : fromEnv);
  if (text === undefined) return fallback;
  if ((SSL_MODES as readonly string[]).includes(text)) return text as SslMode;
  const known = `is not one of ${SSL_MODES.join(', ')}`;
  if (inUrl === null) throw new UsageError(`invalid PGSSLMODE ${JSON.stringify(text)}: it ${known}`);
  throw new UsageError(`invalid PostgreSQL URL ${JSON.stringify(masked)}: sslmode ${JSON.stringify(text)} ${known}`);
}

/** A server that refused SSL under sslmode prefer or allow: the next connection, plain, may be made at once. */
export class SslFellBack extends Error {
  // connection_exception's class: the reconnecting code tries a statement again on it
  readonly code = '08001';
  constructor() {
    super(`${SSL_REFUSED} (sslmode prefers SSL: connecting without it)`);
  }
}

/**
 * The URL pg connects with, read as libpq reads its sslmode. pg's own reading takes prefer and allow as
 * "SSL required", so a server without SSL was refused where psql connects (a user audit), and takes
 * require and verify-ca as verify-full (with a nine-line warning on stderr). Here require skips the
 * certificate check as libpq does, and prefer and allow try SSL first and, on a server that refuses it,
 * connect without: from then on every connection of this store does (libpq asks again each time; a
 * server's SSL setting changes only with a restart). allow tries SSL first too, which libpq's allow
 * would try second: the same outcome on any server that takes plain connections.
 * A URL that says `uselibpqcompat` chose pg's reading itself, and is left as it is.
 */
export class SslChoice {
  private plain = false;

  constructor(
    private readonly url: string,
    private readonly mode: SslMode | null,
  ) {}

  /** The URL for the next connection. */
  current(): string {
    if (this.mode === null || /[?&]uselibpqcompat=/.test(this.url)) return this.url;
    const mode = this.plain ? 'disable' : this.mode === 'allow' ? 'prefer' : this.mode;
    return withParam(withParam(this.url, 'sslmode', mode), 'uselibpqcompat', 'true');
  }

  /** `error` as the connection attempt should report it: a server's refusal of SSL, where the mode allows plain, turns every later connection plain. */
  connectError(error: unknown): unknown {
    if (this.plain || (this.mode !== 'prefer' && this.mode !== 'allow') || !(error instanceof Error) || error.message !== SSL_REFUSED) return error;
    this.plain = true;
    return new SslFellBack();
  }
}

/** `url` with query parameter `name` set to `value` (replaced where it is, else added before any #fragment). */
function withParam(url: string, name: string, value: string): string {
  const existing = new RegExp(`([?&])${name}=[^&#]*`);
  if (existing.test(url)) return url.replace(existing, `$1${name}=${value}`);
  const [base, fragment] = url.split('#', 2) as [string, string | undefined];
  return `${base}${base.includes('?') ? '&' : '?'}${name}=${value}${fragment === undefined ? '' : `#${fragment}`}`;
}
