import { describe, expect, it } from 'vitest';
import { createServer, type Socket } from 'node:net';
import { asLibpqReadsIt, describeTarget, parsePostgresUrl } from '../../src/store/postgres/connection.js';
import { openPostgresStore } from '../../src/store/postgres/open-postgres.js';

describe('parsePostgresUrl, as messages name the server', () => {
  it('names a socket folder written percent-encoded, or as ?host= with ?port= (found by a user audit)', () => {
    expect(describeTarget(parsePostgresUrl('postgresql://tuner:s3cret@%2Ftmp%2Fpg:5544/tuning'))).toBe('PostgreSQL at /tmp/pg:5544, database "tuning"');
    expect(describeTarget(parsePostgresUrl('postgresql:///tuning?host=/tmp/pg&port=5544&user=postgres'))).toBe('PostgreSQL at /tmp/pg:5544, database "tuning"');
    expect(describeTarget(parsePostgresUrl('postgresql://db.example/tuning'))).toBe('PostgreSQL at db.example:5432, database "tuning"');
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

describe('asLibpqReadsIt', () => {
  it("asks pg to read sslmode as libpq does, unless the URL says how already; other URLs stay as they are", () => {
    expect(asLibpqReadsIt('postgresql://h/db?sslmode=require')).toBe('postgresql://h/db?sslmode=require&uselibpqcompat=true');
    expect(asLibpqReadsIt('postgresql://h/db?sslmode=require&uselibpqcompat=false')).toBe('postgresql://h/db?sslmode=require&uselibpqcompat=false');
    expect(asLibpqReadsIt('postgresql://h/db')).toBe('postgresql://h/db');
    expect(asLibpqReadsIt('postgresql://h/db?application_name=x')).toBe('postgresql://h/db?application_name=x');
  });
});
