// A PostgreSQL URL without sslmode is read as libpq reads it, `prefer`: a URL copied from psql connects to a
// server that takes only SSL (hostssl in pg_hba.conf), which pg's own default (no SSL) was refused by,
// and still to one without SSL, by falling back to a plain connection.
import { afterAll, describe, expect, it } from 'vitest';
import { QUADRATIC_SPACE, SH, hypertune, program, tempDir, writeFile } from './helpers/hypertune.js';
import { POSTGRES, dropStudies, studyNamer, withDatabase } from './helpers/workers.js';

/**
 * A server that refuses plain connections (`hostssl ... trust` and `hostnossl ... reject`), as a URL
 * with no sslmode. None on a test machine by default: set it to run these tests.
 */
const SSL_ONLY = process.env['HYPERTUNE_TEST_POSTGRES_SSL_ONLY'];

function withSslMode(url: string, mode: string | null): string {
  const target = new URL(url);
  if (mode === null) target.searchParams.delete('sslmode');
  else target.searchParams.set('sslmode', mode);
  return target.toString();
}

/** A study of two trials run through `storage`, as a user starts one: its exit code and stderr. */
async function runStudy(storage: string, study: string): Promise<{ exitCode: number | undefined; stderr: string }> {
  const dir = tempDir();
  writeFile(dir, 'quad.yaml', QUADRATIC_SPACE);
  const run = await hypertune(['run', 'quad.yaml', '--storage', storage, '--study', study, '--trials', '2', '--', SH, program('loop-quadratic.sh')], { cwd: dir });
  return { exitCode: run.exitCode, stderr: run.stderr };
}

describe.skipIf(POSTGRES === undefined)('a URL without sslmode on a server without SSL (the test server)', () => {
  const names = studyNamer();
  afterAll(() => dropStudies(names.prefix));

  it('connects, falling back to a plain connection as psql does; sslmode=require is still refused', async () => {
    const plainUrl = withSslMode(POSTGRES ?? '', null);
    const serverSsl = await withDatabase(async (client) => (await client.query<{ ssl: string }>('SHOW ssl')).rows[0]?.ssl, withSslMode(plainUrl, 'disable'));
    const run = await runStudy(plainUrl, names.next());
    expect(run.exitCode, run.stderr).toBe(0);
    // only a server with ssl = off makes the first try fail and the fallback happen
    if (serverSsl === 'off') {
      const required = await hypertune(['studies', '--storage', withSslMode(plainUrl, 'require')], { cwd: tempDir() });
      expect(required.exitCode).toBe(1);
      expect(required.stderr).toContain('the server does not support SSL connections');
    }
  });
});

describe.skipIf(SSL_ONLY === undefined)(`a URL without sslmode on a server that takes only SSL (${SSL_ONLY === undefined ? 'skipped: HYPERTUNE_TEST_POSTGRES_SSL_ONLY is not set' : 'real server'})`, () => {
  const names = studyNamer();
  afterAll(async () => {
    await withDatabase((client) => client.query('DELETE FROM hypertune_studies WHERE name LIKE $1', [`${names.prefix}%`]), withSslMode(SSL_ONLY ?? '', 'no-verify')).catch(() => undefined);
  });

  it('connects over SSL, as psql does; sslmode=disable is refused with what to do', async () => {
    const url = withSslMode(SSL_ONLY ?? '', null);
    const disabled = await hypertune(['studies', '--storage', withSslMode(url, 'disable')], { cwd: tempDir() });
    expect(disabled.exitCode).toBe(1);
    expect(disabled.stderr).toMatch(/no encryption \(the server takes only SSL connections: give sslmode=prefer or require, or none\)$/);
    const run = await runStudy(url, names.next());
    expect(run.exitCode, run.stderr).toBe(0);
  });
});
