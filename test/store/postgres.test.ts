import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { RuntimeFailure, UsageError } from '../../src/errors.js';
import { openStore, type StoreOptions } from '../../src/store/open.js';
import { outsideTrialsConformance } from './conformance-outside.js';
import { batchConformance } from './conformance-batch.js';
import { storeConformance } from './conformance.js';
import { withFakeServer } from './fake-postgres.js';

const url = process.env['HYPERTUNE_TEST_POSTGRES'];
const title = url ? 'PostgreSQL store' : 'PostgreSQL store (skipped: HYPERTUNE_TEST_POSTGRES is not set)';
// the default reporter hides skipped titles; say why once
if (!url) process.stderr.write(`${title}; set it to e.g. postgresql://postgres@127.0.0.1:5432/hypertune_test\n`);
// the database the URL names (any test database will do, e.g. one per branch while schema versions differ)
const database = url ? new URL(url).pathname.slice(1) : 'hypertune_test';
const escaped = database.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const at = url ? `${new URL(url).hostname}:${new URL(url).port || 5432}` : '127.0.0.1:5432';
const escapedAt = at.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Studies made by this run start with t<pid>-; remove them so the test database does not grow. */
async function dropOwnStudies(): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DELETE FROM hypertune_studies WHERE name LIKE $1', [`t${process.pid}-%`]);
  } finally {
    await client.end();
  }
}

function withPassword(base: string, user: string, password: string, database?: string): string {
  const target = new URL(base);
  target.username = user;
  target.password = password;
  if (database !== undefined) target.pathname = `/${database}`;
  return target.toString();
}

async function failure(storage: string): Promise<RuntimeFailure> {
  const error: unknown = await openStore({ storage }).then(
    () => new Error('expected openStore to fail'),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(RuntimeFailure);
  return error as RuntimeFailure;
}

describe.skipIf(!url)(title, () => {
  afterAll(dropOwnStudies);

  describe('conformance', () => {
    const postgres = {
      // the trials' own folders go under this machine's --dir
      setUp: async () => ({ storage: url, dir: await mkdtemp(join(tmpdir(), 'hypertune-pg-local-')) }),
      tearDown: async (options: StoreOptions) => {
        if (options.dir !== undefined) await rm(options.dir, { recursive: true, force: true });
      },
      exclusiveRunLock: false,
    };
    storeConformance(postgres);
    outsideTrialsConformance(postgres);
    batchConformance(postgres);
  });

  describe('connection errors: one line naming host, port and database, never the password', () => {
    const secret = 'hunter2-Secret';

    it('a closed port', async () => {
      const error = await failure(`postgresql://someone:${secret}@127.0.0.1:1/hypertune_test`);
      expect(error.message).toBe('cannot connect to PostgreSQL at 127.0.0.1:1, database "hypertune_test": connection refused (is the server running and listening there?)');
    });

    it('a missing database', async () => {
      const error = await failure(withPassword(url ?? '', 'postgres', secret, 'hypertune_no_such_db'));
      expect(error.message).toBe(`cannot connect to PostgreSQL at ${at}, database "hypertune_no_such_db": database "hypertune_no_such_db" does not exist`);
      expect(error.message).not.toContain(secret);
    });

    it('a role the server does not know', async () => {
      const error = await failure(withPassword(url ?? '', 'hypertune_no_such_role', secret));
      expect(error.message).toMatch(new RegExp(`^cannot connect to PostgreSQL at ${escapedAt}, database "${escaped}": .*hypertune_no_such_role`));
      expect(error.message).not.toContain(secret);
    });

    it('a wrong password (a protocol-level stand-in: the local server trusts every loopback connection)', async () => {
      await withFakeServer(async (port) => {
        const error = await failure(`postgresql://alice:${secret}@127.0.0.1:${port}/metrics`);
        expect(error.message).toBe(`cannot connect to PostgreSQL at 127.0.0.1:${port}, database "metrics": password authentication failed for user "alice"`);
      });
    });

    it('shows the URL with its password masked as the location', async () => {
      const store = await openStore({ storage: withPassword(url ?? '', 'postgres', secret) });
      try {
        expect(store.location).toBe(`postgresql://postgres:***@127.0.0.1:5432/${database}`);
      } finally {
        await store.close();
      }
    });

    it('refuses a string that is not a URL as bad input, without echoing the password', async () => {
      const error: unknown = await openStore({ storage: `postgresql://bob:${secret}@[bad/db` }).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).not.toContain(secret);
    });
  });
});
