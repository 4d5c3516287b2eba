import { RuntimeFailure, StoreUnreachable, UsageError } from '../../errors.js';
import { SSL_REFUSED, sslModeOf, type SslMode } from './ssl-mode.js';
import { connectTimeoutOf, maskLoosely } from './url-text.js';

/** Where a PostgreSQL URL points, for messages; never the password. */
export interface PostgresTarget {
  host: string;
  port: number;
  database: string;
  user: string;
  /** The URL with its password replaced by ***. */
  masked: string;
  /** Kept only to scrub it from any text that could echo it. */
  password: string;
  /** How long a connection attempt may take: the URL's `connect_timeout` (or PGCONNECT_TIMEOUT) in ms; 0: no limit. */
  connectTimeoutMs: number;
  /** The URL's sslmode (or PGSSLMODE), checked; without either, `prefer` (defaultSslMode); null: the URL as pg reads it. */
  sslMode: SslMode | null;
}

/** A user and no host before the path, `postgresql://tuner@/tuning?host=/var/run/postgresql`: libpq's socket form, which pg reads. */
const USER_WITHOUT_HOST = /^(postgres(?:ql)?:\/\/[^/?#]*@)(?=\/)/i;
const PLACEHOLDER_HOST = 'host.invalid';

/** The URL as a WHATWG URL, the empty host of USER_WITHOUT_HOST (which it refuses) held by PLACEHOLDER_HOST; null if it does not parse. */
function urlOf(url: string): { parsed: URL; noHost: boolean } | null {
  try {
    return { parsed: new URL(url), noHost: false };
  } catch {
    if (!USER_WITHOUT_HOST.test(url)) return null;
  }
  try {
    return { parsed: new URL(url.replace(USER_WITHOUT_HOST, `$1${PLACEHOLDER_HOST}`)), noHost: true };
  } catch {
    return null;
  }
}

export function parsePostgresUrl(url: string): PostgresTarget {
  const read = urlOf(url);
  if (read === null) {
    throw new UsageError(`invalid PostgreSQL URL ${JSON.stringify(maskLoosely(url))}: expected postgresql://user:password@host:port/database (a password's @, /, :, # or ? percent-encoded: @ as %40)`);
  }
  const { parsed, noHost } = read;
  const decode = (part: string): string => {
    try {
      return decodeURIComponent(part);
    } catch {
      // a password such as `se%cret` written as it is: the % must start an escape
      throw new UsageError(`invalid PostgreSQL URL ${JSON.stringify(maskLoosely(url))}: a % must start an escape such as %25 (write a password's %, @, : or / percent-encoded, e.g. se%25cret)`);
    }
  };
  const password = decode(parsed.password) || (parsed.searchParams.get('password') ?? '');
  if (parsed.password !== '') parsed.password = '***';
  if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
  const user = decode(parsed.username) || parsed.searchParams.get('user') || process.env['PGUSER'] || process.env['USER'] || 'postgres';
  // `alice:hunter2@corp/prod@db:5432/x` parses, as host corp: an @ in what follows the host is a password's, unescaped
  if (parsed.pathname.includes('@')) throw new UsageError(`invalid PostgreSQL URL ${JSON.stringify(maskLoosely(url))}: write a password's @, /, :, # or ? percent-encoded (@ as %40, / as %2F)`);
  const socketHost = parsed.searchParams.get('host');
  const port = parsed.port || parsed.searchParams.get('port') || '5432';
  // pg's JavaScript client reads neither from the URL: checked and applied here (a user audit: connect_timeout=abc was taken)
  if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) throw new UsageError(`invalid PostgreSQL URL ${JSON.stringify(maskLoosely(url))}: port ${JSON.stringify(port)} is not a port number (1-65535)`);
  const masked = noHost ? parsed.toString().replace(`@${PLACEHOLDER_HOST}`, '@') : parsed.toString();
  // a socket folder is written percent-encoded in the host (%2Ftmp%2Fpg), or as ?host=/tmp/pg&port=5433
  const host = noHost || parsed.hostname === '' ? (socketHost ?? 'localhost') : decode(parsed.hostname.replace(/^\[|\]$/g, ''));
  return {
    host,
    port: Number(port),
    database: decode(parsed.pathname.replace(/^\//, '')) || user,
    user,
    masked,
    password,
    connectTimeoutMs: connectTimeoutOf(parsed.searchParams.get('connect_timeout'), url),
    // a URL that says uselibpqcompat chose pg's own reading of sslmode (SslChoice leaves it alone)
    sslMode: parsed.searchParams.has('uselibpqcompat') ? null : sslModeOf(parsed.searchParams.get('sslmode'), masked, defaultSslMode(host, parsed.searchParams)),
  };
}

/**
 * The sslmode of a URL that gives none (nor PGSSLMODE): libpq's `prefer`, so that a URL copied from
 * psql connects as psql does, to a server that takes only SSL (`hostssl` in pg_hba.conf) as to one
 * without (a user audit: pg's own default, no SSL, was refused by the first). None over a Unix
 * socket, where libpq uses no SSL either, and none when the URL sets pg's own SSL parameters
 * (`ssl`, `sslcert`, `sslkey`, `sslrootcert`): pg then requires SSL and checks the certificate, which
 * prefer would not.
 */
function defaultSslMode(host: string, params: URLSearchParams): SslMode | null {
  if (host.startsWith('/') || ['ssl', 'sslcert', 'sslkey', 'sslrootcert'].some((name) => params.has(name))) return null;
  return 'prefer';
}

export function describeTarget(target: PostgresTarget): string {
  return `PostgreSQL at ${target.host}:${target.port}, database "${target.database}"`;
}

interface PgLikeError {
  code?: unknown;
  message?: unknown;
  errors?: unknown;
}

function errorCode(error: PgLikeError): string | undefined {
  if (typeof error.code === 'string') return error.code;
  // a host name with several addresses fails with an AggregateError of per-address errors
  if (Array.isArray(error.errors) && error.errors.length > 0) return errorCode(error.errors[0] as PgLikeError);
  return undefined;
}

function reasonOf(error: unknown): string {
  const value = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as PgLikeError;
  const message = typeof value.message === 'string' && value.message !== '' ? value.message : String(error);
  switch (errorCode(value)) {
    case 'ECONNREFUSED':
      return 'connection refused (is the server running and listening there?)';
    case 'ENOENT':
      // a socket folder (host=/var/run/postgresql) without the server's socket in it
      return `no server socket ${(value as { address?: unknown }).address ?? ''} (is the server running, and is this its unix_socket_directories?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ETIMEDOUT':
      return 'connection timed out';
    case 'ECONNRESET':
      return 'the server closed the connection';
    case '23503':
      // a trial's row points at a study that is gone: removed while a worker wrote to it (a user audit)
      return /hypertune_/.test(message) ? 'the study no longer exists in the database (removed while this worker ran?)' : (message.split('\n')[0] ?? message);
    case '42501':
      // a grant revoked, or a role never given one for what it does now (connecting checks the usual ones)
      return `${message.split('\n')[0] ?? message} (the role lacks a privilege hypertune needs: see "A role for each user" in docs/storage.md)`;
    case '53300':
      return `${message.split('\n')[0] ?? message} (every connection it allows is in use: raise its max_connections or the CONNECTION LIMIT, or put PgBouncer in front of it)`;
    default:
      if (/timeout expired|Connection terminated due to connection timeout/i.test(message)) return 'connection timed out';
      if (/client password must be a string/i.test(message)) return 'the server asks for a password and the URL gives none';
      if (message === SSL_REFUSED) return 'the server does not support SSL connections (the sslmode asks for SSL: sslmode=prefer connects without it)';
      // pg_hba.conf's hostssl lines only: a plain connection (sslmode=disable) is refused
      if (/pg_hba\.conf.*, no encryption$/.test(message)) return `${message} (the server takes only SSL connections: give sslmode=prefer or require, or none)`;
      return message.split('\n')[0] ?? message;
  }
}

function scrub(text: string, password: string): string {
  // very short passwords would mangle ordinary words; the reasons above never contain one anyway
  return password.length >= 3 ? text.split(password).join('***') : text;
}

/**
 * What pg says when the first bytes back are not PostgreSQL's (another kind of server on that port:
 * MySQL's greeting, RabbitMQ's protocol header), said so: the raw words read as an SSL or protocol
 * fault of a PostgreSQL server (a user audit). A PostgreSQL server answers an SSL request with S or N,
 * and never sends those messages first. A connection merely closed is left alone: a restarting server does that.
 */
const NOT_POSTGRES = /^(There was an error establishing an SSL connection|Received unexpected \w+ message from backend|received invalid response: )/;

/** A connection-time failure (unreachable, authentication, missing database) as one clear line. */
export function connectFailure(target: PostgresTarget, error: unknown): RuntimeFailure {
  const raw = error instanceof Error ? error.message : '';
  const reason = NOT_POSTGRES.test(raw) ? `the server there does not answer as PostgreSQL does (${raw.replace(/\.$/, '')}): another kind of server on port ${target.port}?${target.port === 5432 ? '' : " PostgreSQL's usual port is 5432"}` : reasonOf(error);
  return new RuntimeFailure(scrub(`cannot connect to ${describeTarget(target)}: ${reason}`, target.password));
}

/**
 * A connection still lost when the window closed: the last error, and how long it was tried. The
 * worker's last line said only the last error (`connection refused`), not that it had waited two
 * minutes and given up, nor what to do (a user audit).
 */
export class OutageOutlasted extends Error {
  constructor(
    readonly lost: unknown,
    readonly seconds: number,
  ) {
    super(lost instanceof Error ? lost.message : String(lost));
  }
}

/** A failure of a query once connected (server gone, permissions, ...). */
export function queryFailure(target: PostgresTarget, error: unknown): RuntimeFailure {
  if (error instanceof OutageOutlasted) {
    return new StoreUnreachable(scrub(`${describeTarget(target)}: ${reasonOf(error.lost)}; still so after ${error.seconds} s of retrying`, target.password));
  }
  return new RuntimeFailure(scrub(`${describeTarget(target)}: ${reasonOf(error)}`, target.password));
}

/** SQLSTATE of a server error, if it is one. */
export function sqlState(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? errorCode(error as PgLikeError) : undefined;
}
