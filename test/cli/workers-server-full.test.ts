// A server with no connection free (SQLSTATE 53300), as when a Slurm array starts more workers than
// max_connections allows. A role's CONNECTION LIMIT makes the real server refuse the same way.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeFailure } from '../../src/errors.js';
import { openPostgresStore } from '../../src/store/postgres/open-postgres.js';
import { hypertune, QUADRATIC_SPACE, tempDir, writeFile } from './helpers/hypertune.js';
import { dropStudies, POSTGRES, runSharedStudy, SKIP_REASON, studyNamer, trialRows, withDatabase } from './helpers/workers.js';

const studies = studyNamer();
const role = `ht_limited_${randomUUID().slice(0, 8)}`;
const LIMIT = 2;

/** The test server's URL as the limited role (the loopback server trusts it without a password). */
function limitedUrl(): string {
  const url = new URL(POSTGRES ?? '');
  url.username = role;
  url.password = '';
  return url.toString();
}

describe.skipIf(POSTGRES === undefined)(`a server with no connection free (${POSTGRES === undefined ? SKIP_REASON : 'real server, a role limited to 2 connections'})`, () => {
  beforeAll(async () => {
    // the schema exists before the limited role comes: a worker of the usual role made it
    const store = await openPostgresStore(POSTGRES ?? '');
    await store.close();
    await withDatabase(async (client) => {
      await client.query(`CREATE ROLE ${role} LOGIN CONNECTION LIMIT ${LIMIT}`);
      await client.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
      await client.query(`GRANT ALL ON ALL TABLES IN SCHEMA public TO ${role}`);
      await client.query(`GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
      await client.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${role}`);
    });
  });

  afterAll(async () => {
    await dropStudies(studies.prefix);
    await withDatabase(async (client) => {
      await client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1`, [role]);
      await client.query(`DROP OWNED BY ${role}`);
      await client.query(`DROP ROLE ${role}`);
    });
  });

  /** Holds every connection the role has, until released. */
  async function holdEveryConnection(): Promise<pg.Client[]> {
    const held: pg.Client[] = [];
    for (let i = 0; i < LIMIT; i++) held.push(await connectWhenFree());
    return held;
  }

  /** A connection of the role, tried again while a connection just closed still counts against its limit. */
  async function connectWhenFree(): Promise<pg.Client> {
    for (let attempt = 0; ; attempt++) {
      const client = new pg.Client({ connectionString: limitedUrl() });
      try {
        await client.connect();
        return client;
      } catch (error) {
        if (attempt >= 50 || !/too many connections/.test(String(error))) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  it('opening waits for a connection to free up, and says so; past the window it fails with one line that says what to do', async () => {
    const held = await holdEveryConnection();
    try {
      const said: string[] = [];
      const opening = openPostgresStore(limitedUrl(), { reconnectWindowMs: 20_000, onConnection: (text) => said.push(text) });
      await new Promise((resolve) => setTimeout(resolve, 600));
      await held.pop()?.end();
      const store = await opening;
      await store.close();
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(/has no connection free \(too many connections for role "ht_limited_\w+"\); waiting up to 20 s for one$/);

      // the store's closed connection may still count until its backend exits: the test's own connect tries again
      held.push(await connectWhenFree());
      const refused = await openPostgresStore(limitedUrl(), { reconnectWindowMs: 1_000 }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(RuntimeFailure);
      expect((refused as Error).message).toMatch(
        /^cannot connect to PostgreSQL at .+: too many connections for role "ht_limited_\w+" \(every connection it allows is in use: raise its max_connections or the CONNECTION LIMIT, or put PgBouncer in front of it\); still so after \d+ s of retrying$/,
      );
    } finally {
      for (const client of held) await client.end().catch(() => undefined);
    }
  });

  it('a read (summary, studies) says it waits for a connection, gets one that frees up, and past connect_timeout stops with what to do (it hung silently for 2 minutes: a user audit)', async () => {
    const held = await holdEveryConnection();
    try {
      const started = Date.now();
      const summary = await hypertune(['summary', '--study', 'any', '--storage', `${limitedUrl()}?connect_timeout=2`], { cwd: tempDir() });
      const tookMs = Date.now() - started;
      expect(summary.exitCode).toBe(1);
      expect(summary.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/^hypertune: PostgreSQL at .+ has no connection free \(too many connections for role "ht_limited_\w+"\); waiting up to 2 s for one$/),
        expect.stringMatching(/^hypertune: cannot connect to PostgreSQL at .+: too many connections for role "ht_limited_\w+" \(every connection it allows is in use: raise its max_connections or the CONNECTION LIMIT, or put PgBouncer in front of it\); still so after \d+ s of retrying$/),
      ]);
      expect(tookMs).toBeGreaterThanOrEqual(1_900);
      expect(tookMs).toBeLessThan(8_000);

      const listing = hypertune(['studies', '--storage', limitedUrl()], { cwd: tempDir() });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await held.pop()?.end();
      const listed = await listing;
      expect(listed.exitCode, listed.stderr).toBe(0);
      // the database is shared with the other test files, whose studies it lists several at a time: a
      // second connection may meet the limit again and be retried (said on lines of its own)
      expect(listed.stderr.split('\n')[0]).toMatch(/^hypertune: PostgreSQL at .+ has no connection free \(too many connections for role "ht_limited_\w+"\); waiting up to 10 s for one$/);
    } finally {
      for (const client of held) await client.end().catch(() => undefined);
    }
  });

  it('five workers of two trials each on two connections: every worker waits its turn and ends well, every trial completes once', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
    const study = studies.next();
    const workers = await runSharedStudy(dir, limitedUrl(), study, { trials: 16, count: 5, sleepMs: 300 });
    // more workers than connections: some had to wait (the refusal is the server's, not a guess of ours)
    expect(workers.filter((worker) => /has no connection free \(too many connections for role/.test(worker.stderr)).length).toBeGreaterThan(0);
    const rows = await trialRows(study);
    expect(rows.map((row) => row.state)).toEqual(Array(16).fill('complete'));
  });
});
