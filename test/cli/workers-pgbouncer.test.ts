// Workers behind PgBouncer in transaction pooling mode, as a cluster puts it in front of a server
// whose max_connections is smaller than its workers: each transaction may run on another server
// connection, so nothing of a session (locks, prepared statements, LISTEN) may outlive one.
import { execa, type ResultPromise } from 'execa';
import { existsSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { hypertune, QUADRATIC_SPACE, tempDir, writeFile } from './helpers/hypertune.js';
import { dropStudies, POSTGRES, runSharedStudy, SKIP_REASON, studyNamer, trialRows, withDatabase } from './helpers/workers.js';

const PGBOUNCER = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'].find((path) => existsSync(path));
const skip = POSTGRES === undefined ? SKIP_REASON : PGBOUNCER === undefined ? 'skipped: pgbouncer is not installed (Debian package pgbouncer)' : undefined;
if (POSTGRES !== undefined && PGBOUNCER === undefined) process.stderr.write(`PgBouncer tests ${skip}\n`);
const studies = studyNamer();
const SERVER_CONNECTIONS = 2;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** A PgBouncer in transaction mode with two server connections in front of the test server; its URL. */
async function startBouncer(dir: string): Promise<{ url: string; bouncer: ResultPromise }> {
  const server = new URL(POSTGRES ?? '');
  const database = server.pathname.slice(1);
  const user = decodeURIComponent(server.username || 'postgres');
  const port = await freePort();
  const ini = writeFile(
    dir,
    'pgbouncer.ini',
    [
      '[databases]',
      `${database} = host=${server.hostname} port=${server.port || '5432'} dbname=${database} user=${user}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'auth_type = any',
      'pool_mode = transaction',
      `default_pool_size = ${SERVER_CONNECTIONS}`,
      'max_client_conn = 200',
      'unix_socket_dir =',
      '',
    ].join('\n'),
  );
  // PgBouncer refuses to run as root; `-u` drops to the server's own account
  chmodSync(dir, 0o755);
  const asUser = process.getuid?.() === 0 ? ['-u', 'postgres'] : [];
  const bouncer = execa(PGBOUNCER ?? '', [...asUser, ini], { reject: false });
  const url = `postgresql://${user}@127.0.0.1:${port}/${database}`;
  for (let i = 0; i < 100; i++) {
    const ready = await withDatabase((client) => client.query('SELECT 1'), url).then(() => true, () => false);
    if (ready) return { url, bouncer };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  bouncer.kill('SIGKILL');
  throw new Error(`pgbouncer did not start: ${(await bouncer).stderr}`);
}

describe.skipIf(skip !== undefined)(`workers behind PgBouncer (${skip ?? 'real server, pgbouncer in transaction mode, two server connections'})`, () => {
  afterAll(async () => {
    await dropStudies(studies.prefix);
  });

  it('six workers of two trials each share two server connections: every worker ends well and every trial completes once', async () => {
    const dir = tempDir();
    const { url, bouncer } = await startBouncer(dir);
    try {
      writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
      const study = studies.next();
      // the study and its schema are made first, through the bouncer as well
      await runSharedStudy(dir, url, study, { trials: 30, count: 6, sleepMs: 200 });
      const rows = await trialRows(study);
      expect(rows.map((row) => row.state)).toEqual(Array(30).fill('complete'));
      // every worker ran some of them: the bouncer shared its two connections, it did not serialise the study
      expect(new Set(rows.map((row) => row.worker)).size).toBeGreaterThanOrEqual(4);
      const summary = await hypertune(['summary', '--storage', url, '--study', study, '--format', 'json'], { cwd: dir });
      expect(summary.exitCode, summary.stderr).toBe(0);
      expect((JSON.parse(summary.stdout) as { trials: unknown[] }).trials).toHaveLength(30);
    } finally {
      bouncer.kill('SIGTERM');
      await bouncer;
    }
  });
});
