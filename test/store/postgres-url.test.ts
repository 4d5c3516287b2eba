import { describe, expect, it } from 'vitest';
import { createServer, type Socket } from 'node:net';
import pg from 'pg';
import { describeTarget, parsePostgresUrl } from '../../src/store/postgres/connection.js';
import { openPostgresStore } from '../../src/store/postgres/open-postgres.js';
import { SSL_REFUSED, SslChoice, SslFellBack } from '../../src/store/postgres/ssl-mode.js';
import { UsageError } from '../../src/errors.js';

const POSTGRES = process.env['HYPERTUNE_TEST_POSTGRES'];

describe('parsePostgresUrl, as messages name the server', () => {
  it('names a socket folder written percent-encoded, or as ?host= with ?port= (found by a user audit)', () => {
    expect(describeTarget(parsePostgresUrl('postgresql://tuner:s3cret@%2Ftmp%2Fpg:5544/tuning'))).toBe('PostgreSQL at /tmp/pg:5544, database "tuning"');
    expect(describeTarget(parsePostgresUrl('postgresql:///tuning?host=/tmp/pg&port=5544&user=postgres'))).toBe('PostgreSQL at /tmp/pg:5544, database "tuning"');
    expect(describeTarget(parsePostgresUrl('postgresql://db.example/tuning'))).toBe('PostgreSQL at db.example:5432, database "tuning"');
  });

  it("takes libpq's socket form with a user and no host, the socket folder in ?host= (pg reads it; the URL parser refused it)", () => {
    const target = parsePostgresUrl('postgresql://tuner:s3cret@/tuning?host=/var/run/postgresql&port=5433');
    expect(describeTarget(target)).toBe('PostgreSQL at /var/run/postgresql:5433, database "tuning"');
    expect(target.user).toBe('tuner');
    expect(target.password).toBe('s3cret');
    expect(target.masked).toBe('postgresql://tuner:***@/tuning?host=/var/run/postgresql&port=5433');
    expect(describeTarget(parsePostgresUrl('postgresql://tuner@/tuning'))).toBe('PostgreSQL at localhost:5432, database "tuning"');
    expect(parsePostgresUrl('postgresql:///tuning?host=/tmp&user=alice').user).toBe('alice');
    expect(() => parsePostgresUrl('postgresql://tuner@:port/tuning')).toThrow('invalid PostgreSQL URL');
  });

  it.skipIf(POSTGRES === undefined)("connects through the server's Unix socket given as postgresql://user@/db?host=<folder> (real server)", async () => {
    const probe = new pg.Client({ connectionString: POSTGRES });
    await probe.connect();
    const server = await probe.query<{ dirs: string; user: string; database: string; port: string }>(
      `SELECT current_setting('unix_socket_directories') AS dirs, current_user AS user, current_database() AS database, current_setting('port') AS port`,
    );
    const { dirs, user, database, port } = server.rows[0] ?? { dirs: '', user: '', database: '', port: '' };
    const folder = dirs.split(',')[0]?.trim() ?? '';
    await probe.end();
    const store = await openPostgresStore(`postgresql://${user}@/${database}?host=${folder}&port=${port}`);
    try {
      expect(store.location).toBe(`postgresql://${user}@/${database}?host=${folder}&port=${port}`);
      expect(Array.isArray(await store.listStudies())).toBe(true);
    } finally {
      await store.close();
    }
    await expect(openPostgresStore(`postgresql://${user}@/${database}?host=/nonexistent-folder&port=${port}`)).rejects.toThrow(
      `cannot connect to PostgreSQL at /nonexistent-folder:${port}, database "${database}": no server socket /nonexistent-folder/.s.PGSQL.${port} (is the server running, and is this its unix_socket_directories?)`,
    );
  });

  it('never shows a password that breaks the URL: an @ or / in it is masked to the host, and one read as the path is refused (a user audit)', () => {
    const shown = (url: string): string => {
      try {
        parsePostgresUrl(url);
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    };
    for (const url of ['postgresql://alice:Xy@9%zz@127.0.0.1:5533/t', 'postgresql://alice:p@ss:w%rd/x@127.0.0.1:5533/t', 'postgresql://alice:hunter2@corp/prod@127.0.0.1:5533/t']) {
      const message = shown(url);
      expect(message).toContain('postgresql://alice:***@127.0.0.1:5533/t');
      for (const secret of ['Xy', '9%zz', 'ss:w', 'hunter2', 'corp/prod']) expect(message).not.toContain(secret);
    }
    expect(shown('postgresql://alice:hunter2@corp/prod@127.0.0.1:5533/t')).toContain("write a password's @, /, :, # or ? percent-encoded (@ as %40, / as %2F)");
  });

  it('never keeps the password in what it shows', () => {
    const target = parsePostgresUrl('postgresql://tuner:s3cret@db.example:5433/tuning');
    expect(target.masked).toBe('postgresql://tuner:***@db.example:5433/tuning');
    expect(target.password).toBe('s3cret');
  });
});

describe('connect_timeout and the port, which pg does not check', () => {
  it("reads connect_timeout as libpq does (whole seconds, at least 2, 0 or less: no limit; 10 s without it) and refuses what is not a number", () => {
    expect(parsePostgresUrl('postgresql://h/db').connectTimeoutMs).toBe(10_000);
    expect(parsePostgresUrl('postgresql://h/db?connect_timeout=30').connectTimeoutMs).toBe(30_000);
    expect(parsePostgresUrl('postgresql://h/db?connect_timeout=1').connectTimeoutMs).toBe(2_000);
    expect(parsePostgresUrl('postgresql://h/db?connect_timeout=0').connectTimeoutMs).toBe(0);
    expect(() => parsePostgresUrl('postgresql://u:pw@h/db?connect_timeout=abc')).toThrow('invalid PostgreSQL URL "postgresql://u:***@h/db?connect_timeout=abc": connect_timeout "abc": not a whole number of seconds');
    expect(() => parsePostgresUrl('postgresql://h/db?connect_timeout=2.5')).toThrow('not a whole number of seconds');
    expect(() => parsePostgresUrl('postgresql://h/db?port=54x2')).toThrow('port "54x2" is not a port number (1-65535)');
    expect(() => parsePostgresUrl('postgresql://h/db?port=70000')).toThrow('is not a port number');
  });

  it('gives up on a server that accepts the connection but never answers after connect_timeout, not the default 10 s', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const started = Date.now();
    try {
      await expect(openPostgresStore(`postgresql://postgres@127.0.0.1:${port}/db?connect_timeout=2`)).rejects.toThrow(/127\.0\.0\.1:\d+/);
      const tookMs = Date.now() - started;
      expect(tookMs).toBeGreaterThanOrEqual(1_900);
      expect(tookMs).toBeLessThan(8_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});

describe('sslmode, read as libpq reads it', () => {
  it('asks pg for libpq\'s reading (require without a certificate check, no nine-line warning); a URL that says how already stays as it is', () => {
    const choice = (url: string): string => new SslChoice(url, parsePostgresUrl(url).sslMode).current();
    expect(choice('postgresql://h/db?sslmode=require')).toBe('postgresql://h/db?sslmode=require&uselibpqcompat=true');
    expect(choice('postgresql://h/db?sslmode=require&uselibpqcompat=false')).toBe('postgresql://h/db?sslmode=require&uselibpqcompat=false');
    // pg's libpq reading takes allow as verify-full: it is asked for prefer's SSL (no certificate check)
    expect(choice('postgresql://h/db?sslmode=allow&application_name=x')).toBe('postgresql://h/db?sslmode=prefer&application_name=x&uselibpqcompat=true');
  });

  it("without sslmode (or PGSSLMODE) prefers SSL, as libpq and psql do; not over a Unix socket, nor where the URL sets pg's own SSL parameters", () => {
    const saved = process.env['PGSSLMODE'];
    delete process.env['PGSSLMODE'];
    try {
      const choice = (url: string): string => new SslChoice(url, parsePostgresUrl(url).sslMode).current();
      // pg's own default was no SSL: a server that takes only SSL (hostssl) refused what psql connects to
      expect(parsePostgresUrl('postgresql://h/db').sslMode).toBe('prefer');
      expect(choice('postgresql://h/db')).toBe('postgresql://h/db?sslmode=prefer&uselibpqcompat=true');
      expect(choice('postgresql://h/db?application_name=x#f')).toBe('postgresql://h/db?application_name=x&sslmode=prefer&uselibpqcompat=true#f');
      for (const url of ['postgresql://u@%2Ftmp%2Fpg/db', 'postgresql://u@/db?host=/var/run/postgresql', 'postgresql://h/db?ssl=true', 'postgresql://h/db?sslrootcert=/ca.pem', 'postgresql://h/db?uselibpqcompat=false']) {
        expect([url, parsePostgresUrl(url).sslMode]).toEqual([url, null]);
        expect(choice(url)).toBe(url);
      }
    } finally {
      if (saved !== undefined) process.env['PGSSLMODE'] = saved;
    }
  });

  it('under prefer and allow, a server that refuses SSL turns the next connection, and every later one, plain; under require it stays refused', () => {
    for (const mode of ['prefer', 'allow'] as const) {
      const choice = new SslChoice(`postgresql://h/db?sslmode=${mode}`, mode);
      expect(choice.connectError(new Error('connection refused'))).toBeInstanceOf(Error);
      expect(choice.current()).toBe('postgresql://h/db?sslmode=prefer&uselibpqcompat=true');
      expect(choice.connectError(new Error(SSL_REFUSED))).toBeInstanceOf(SslFellBack);
      expect(choice.current()).toBe('postgresql://h/db?sslmode=disable&uselibpqcompat=true');
    }
    const required = new SslChoice('postgresql://h/db?sslmode=require', 'require');
    expect(required.connectError(new Error(SSL_REFUSED))).not.toBeInstanceOf(SslFellBack);
    expect(required.current()).toContain('sslmode=require');
  });

  it('PGSSLMODE counts where the URL gives no sslmode (as for libpq: pg took PGSSLMODE=prefer as SSL required)', () => {
    const saved = process.env['PGSSLMODE'];
    try {
      process.env['PGSSLMODE'] = 'prefer';
      expect(parsePostgresUrl('postgresql://h/db').sslMode).toBe('prefer');
      expect(parsePostgresUrl('postgresql://h/db?sslmode=disable').sslMode).toBe('disable');
      expect(new SslChoice('postgresql://h/db', 'prefer').current()).toBe('postgresql://h/db?sslmode=prefer&uselibpqcompat=true');
      process.env['PGSSLMODE'] = 'Prefer';
      expect(() => parsePostgresUrl('postgresql://h/db')).toThrow('invalid PGSSLMODE "Prefer": it is not one of disable, allow, prefer, require, verify-ca, verify-full');
    } finally {
      if (saved === undefined) delete process.env['PGSSLMODE'];
      else process.env['PGSSLMODE'] = saved;
    }
  });

  it('refuses an sslmode libpq does not know, as bad input naming the field, the password masked (pg took sslmode=bogus as verify-full)', () => {
    for (const mode of ['bogus', 'no-verify', '']) {
      const refusal = (() => {
        try {
          parsePostgresUrl(`postgresql://tuner:s3cret@db/tuning?sslmode=${mode}`);
          return null;
        } catch (error) {
          return error;
        }
      })();
      expect(refusal).toBeInstanceOf(UsageError);
      expect((refusal as Error).message).toBe(
        `invalid PostgreSQL URL "postgresql://tuner:***@db/tuning?sslmode=${mode}": sslmode "${mode}" is not one of disable, allow, prefer, require, verify-ca, verify-full`,
      );
    }
  });

  it.skipIf(POSTGRES === undefined)('sslmode=prefer and allow connect to a server without SSL, plain, as psql does; require is refused with what to do (real server)', async () => {
    const url = (mode: string): string => `${POSTGRES ?? ''}${(POSTGRES ?? '').includes('?') ? '&' : '?'}sslmode=${mode}`;
    const probe = new pg.Client({ connectionString: POSTGRES });
    await probe.connect();
    const serverSsl = (await probe.query<{ ssl: string }>('SHOW ssl')).rows[0]?.ssl;
    await probe.end();
    for (const mode of ['prefer', 'allow']) {
      const store = await openPostgresStore(url(mode));
      try {
        expect(Array.isArray(await store.listStudies())).toBe(true);
      } finally {
        await store.close();
      }
    }
    if (serverSsl === 'off') {
      await expect(openPostgresStore(url('require'))).rejects.toThrow(/: the server does not support SSL connections \(the sslmode asks for SSL: sslmode=prefer connects without it\)$/);
    }
  });
});
