import { existsSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withFakeServer } from '../store/fake-postgres.js';
import { hypertune, NODE, program, QUADRATIC_SPACE, tempDir, writeFile } from './helpers/hypertune.js';
import { POSTGRES, SKIP_REASON, withPassword } from './helpers/workers.js';

const secret = 'Sw0rdfish-77';

async function failing(args: string[], env: Record<string, string> = {}): Promise<{ exitCode: number | undefined; line: string; dir: string }> {
  const dir = tempDir();
  writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
  const result = await hypertune(args, { cwd: dir, env });
  const printed = `${result.stdout}\n${result.stderr}`;
  expect(printed).not.toContain(secret);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  // nothing falls back to the embedded journal
  expect(existsSync(join(dir, '.hypertune'))).toBe(false);
  return { exitCode: result.exitCode, line: lines[0] ?? '', dir };
}

const run = (storage: string): string[] => ['run', 'space.yaml', '--storage', storage, '--study', 's', '--', NODE, '-e', '0'];

describe.concurrent('storage errors: one line naming host, port and database, exit 1, never the password', () => {
  it('no server listening on the port (run)', async () => {
    const { exitCode, line } = await failing(run(`postgresql://alice:${secret}@127.0.0.1:1/hypertune_test`));
    expect(line).toBe('hypertune: cannot connect to PostgreSQL at 127.0.0.1:1, database "hypertune_test": connection refused (is the server running and listening there?)');
    expect(exitCode).toBe(1);
  });

  it('a host that does not exist, given through HYPERTUNE_STORAGE (summary)', async () => {
    const { exitCode, line } = await failing(['summary', '--study', 's'], { HYPERTUNE_STORAGE: `postgresql://alice:${secret}@no-such-host.invalid:6543/tuning` });
    expect(line).toMatch(/^hypertune: cannot connect to PostgreSQL at no-such-host\.invalid:6543, database "tuning": /);
    expect(exitCode).toBe(1);
  });

  it('another kind of server on the port (a MySQL-like greeting): says it does not answer as PostgreSQL, with and without SSL (a user audit)', async () => {
    // a server-first protocol, as MySQL's: its greeting goes out before the client says anything
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.write(Buffer.from('4a0000000a382e302e3333', 'hex'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      for (const sslmode of ['', '?sslmode=disable']) {
        const { exitCode, line } = await failing(['summary', '--storage', `postgresql://alice:${secret}@127.0.0.1:${port}/db${sslmode}`]);
        expect(line).toMatch(new RegExp(`^hypertune: cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${port}, database "db": the server there does not answer as PostgreSQL does \\(.+\\): another kind of server on port ${port}\\? PostgreSQL's usual port is 5432$`));
        expect(exitCode).toBe(1);
      }
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a wrong password (a protocol-level stand-in server: the local PostgreSQL trusts every loopback connection) (resume)', async () => {
    await withFakeServer(async (port) => {
      const { exitCode, line } = await failing(['resume', '--storage', `postgresql://alice:${secret}@127.0.0.1:${port}/metrics`, '--study', 's']);
      expect(line).toBe(`hypertune: cannot connect to PostgreSQL at 127.0.0.1:${port}, database "metrics": password authentication failed for user "alice"`);
      expect(exitCode).toBe(1);
    });
  });

  it('a server that asks for a password the URL does not give: the line, then exit at once, not after its authentication timeout (found by a user audit)', async () => {
    await withFakeServer(async (port) => {
      const started = Date.now();
      const { exitCode, line } = await failing(['studies', '--storage', `postgresql://alice@127.0.0.1:${port}/metrics`]);
      expect(line).toBe(`hypertune: cannot connect to PostgreSQL at 127.0.0.1:${port}, database "metrics": the server asks for a password and the URL gives none`);
      expect(exitCode).toBe(1);
      // the stand-in server never answers, as a real one waits a minute for the password
      expect(Date.now() - started).toBeLessThan(15_000);
    }, 'scram');
  }, 30_000);

  it.skipIf(POSTGRES === undefined)(`a database missing on a real server (${POSTGRES === undefined ? SKIP_REASON : 'real server'})`, async () => {
    const database = `hypertune_missing_${process.pid}`;
    const url = withPassword(POSTGRES ?? '', secret, { database });
    const { hostname, port } = new URL(url);
    const { exitCode, line } = await failing(run(url));
    expect(line).toBe(`hypertune: cannot connect to PostgreSQL at ${hostname}:${port || 5432}, database "${database}": database "${database}" does not exist`);
    expect(exitCode).toBe(1);
  });

  it.skipIf(POSTGRES === undefined)(`sslmode=require is read as libpq reads it, without pg's nine-line warning (${POSTGRES === undefined ? SKIP_REASON : 'real server'})`, async () => {
    const url = `${POSTGRES ?? ''}${(POSTGRES ?? '').includes('?') ? '&' : '?'}sslmode=require`;
    const result = await hypertune(['studies', '--storage', url], { cwd: tempDir() });
    expect(result.stderr).not.toMatch(/SECURITY WARNING|Warning:/);
    // a server without SSL refuses in one line; one with it (any certificate, as libpq's require takes) lists
    if (result.exitCode !== 0) expect(result.stderr.trim()).toMatch(/^hypertune: cannot connect to PostgreSQL at .*: the server does not support SSL connections \(the sslmode asks for SSL: sslmode=prefer connects without it\)$/);
  });

  it.skipIf(POSTGRES === undefined)(`sslmode=prefer and allow connect to a server without SSL, as psql does (pg took them as SSL required) (${POSTGRES === undefined ? SKIP_REASON : 'real server'})`, async () => {
    for (const mode of ['prefer', 'allow']) {
      const url = `${POSTGRES ?? ''}${(POSTGRES ?? '').includes('?') ? '&' : '?'}sslmode=${mode}`;
      const result = await hypertune(['studies', '--storage', url], { cwd: tempDir() });
      expect(result.stderr).toBe('');
      expect(result.exitCode).toBe(0);
    }
  });

  it('an sslmode libpq does not know, in the URL or PGSSLMODE, is bad input: exit 2, one line naming the field, the password masked', async () => {
    const { exitCode, line } = await failing(run(`postgresql://alice:${secret}@127.0.0.1:1/tuning?sslmode=bogus`));
    expect(line).toBe('hypertune: invalid PostgreSQL URL "postgresql://alice:***@127.0.0.1:1/tuning?sslmode=bogus": sslmode "bogus" is not one of disable, allow, prefer, require, verify-ca, verify-full');
    expect(exitCode).toBe(2);
    const fromEnv = await failing(['summary', '--study', 's'], { HYPERTUNE_STORAGE: `postgresql://alice:${secret}@127.0.0.1:1/tuning`, PGSSLMODE: 'preferred' });
    expect(fromEnv.line).toBe('hypertune: invalid PGSSLMODE "preferred": it is not one of disable, allow, prefer, require, verify-ca, verify-full');
    expect(fromEnv.exitCode).toBe(2);
  });

  it('a URL that does not parse is bad input: exit 2, the password masked', async () => {
    const { exitCode, line } = await failing(run(`postgresql://alice:${secret}@db.example:port/tuning`));
    expect(line).toBe(`hypertune: invalid PostgreSQL URL "postgresql://alice:***@db.example:port/tuning": expected postgresql://user:password@host:port/database (a password's @, /, :, # or ? percent-encoded: @ as %40)`);
    expect(exitCode).toBe(2);
    const percent = await failing(run(`postgresql://alice:${secret}%@db.example:5432/tuning`));
    expect(percent.line).toBe(
      'hypertune: invalid PostgreSQL URL "postgresql://alice:***@db.example:5432/tuning": a % must start an escape such as %25 (write a password\'s %, @, : or / percent-encoded, e.g. se%25cret)',
    );
    expect(percent.exitCode).toBe(2);
  });
});

describe('a role with its own timeouts', () => {
  it.skipIf(POSTGRES === undefined)(`runs whatever statement_timeout and idle_in_transaction_session_timeout the role sets: hypertune's sessions set their own (a user audit: workers ended mid-study) (${POSTGRES === undefined ? SKIP_REASON : 'real server'})`, async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    // the startup options stand in for ALTER ROLE ... SET: the session's default before hypertune's SET
    const storage = `${POSTGRES ?? ''}${(POSTGRES ?? '').includes('?') ? '&' : '?'}options=${encodeURIComponent('-c statement_timeout=1ms -c idle_in_transaction_session_timeout=20ms')}`;
    const study = `timeouts-${process.pid}-${Date.now()}`;
    const result = await hypertune(['run', 'space.yaml', '--storage', storage, '--study', study, '--trials', '6', '--parallel', '2', '--', NODE, program('prints-loss.mjs')], { cwd: dir });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Done: 6 of 6 trials finished (6 complete, 0 failed)');
    await hypertune(['remove', study, '--storage', POSTGRES ?? '', '--yes'], { cwd: dir });
  });
});
