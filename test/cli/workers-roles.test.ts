// A team sharing one server, each user with a role of their own (docs/storage.md, "A role for each
// user"): the grants documented there suffice, and a missing one is said as what it is, before a trial runs.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres/open-postgres.js';
import { hypertune, QUADRATIC_SPACE, tempDir, writeFile } from './helpers/hypertune.js';
import { dropStudies, POSTGRES, SKIP_REASON, studyNamer, withDatabase } from './helpers/workers.js';

const studies = studyNamer();
const roles: string[] = [];
const WRITER_GRANTS = [
  'GRANT SELECT ON hypertune_schema_version TO %',
  'GRANT SELECT, INSERT, UPDATE ON hypertune_studies, hypertune_trials, hypertune_outputs TO %',
  'GRANT USAGE ON SEQUENCE hypertune_outputs_seq_seq TO %',
];
const READER_GRANTS = ['GRANT SELECT ON hypertune_schema_version, hypertune_studies, hypertune_trials, hypertune_outputs TO %'];

/** A new login role with only CONNECT (and PUBLIC's USAGE on public), then `grants`; its URL (the loopback server trusts it). */
async function roleWith(grants: string[]): Promise<string> {
  const role = `ht_role_${randomUUID().slice(0, 8)}`;
  roles.push(role);
  const url = new URL(POSTGRES ?? '');
  await withDatabase(async (client) => {
    await client.query(`CREATE ROLE ${role} LOGIN`);
    await client.query(`GRANT CONNECT ON DATABASE ${url.pathname.slice(1)} TO ${role}`);
    for (const grant of grants) await client.query(grant.replace('%', role));
  });
  url.username = role;
  url.password = '';
  return url.toString();
}

/** A run whose trial program leaves a file behind: whether a trial started shows. */
async function runAs(storage: string): Promise<{ exitCode: number | undefined; stdout: string; stderr: string; trialRan: boolean; dir: string; study: string }> {
  const dir = tempDir();
  writeFile(dir, 'space.yaml', QUADRATIC_SPACE);
  const study = studies.next();
  const result = await hypertune(['run', 'space.yaml', '--storage', storage, '--study', study, '--trials', '2', '--', 'sh', '-c', 'touch "$0.ran"; echo loss=1', join(dir, 'trial')], { cwd: dir });
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr, trialRan: existsSync(join(dir, 'trial.ran')), dir, study };
}

describe.skipIf(POSTGRES === undefined)(`roles of their own on a shared server (${POSTGRES === undefined ? SKIP_REASON : 'real server, real roles'})`, () => {
  beforeAll(async () => {
    // the tables exist before the users' roles come: the owner's first connection made them
    const store = await openPostgresStore(POSTGRES ?? '');
    await store.close();
  });

  afterAll(async () => {
    await dropStudies(studies.prefix);
    await withDatabase(async (client) => {
      for (const role of roles) {
        await client.query(`DROP OWNED BY ${role}`);
        await client.query(`DROP ROLE ${role}`);
      }
    });
  });

  it('a role given only CONNECT: the run is refused at once with what it lacks, not as a connection problem, and no trial runs', async () => {
    const { exitCode, stdout, stderr, trialRan } = await runAs(await roleWith([]));
    expect(exitCode).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).not.toContain('cannot connect');
    expect(stderr.trim()).toMatch(
      /^hypertune: PostgreSQL at [^:]+:\d+, database "\w+": permission denied for table hypertune_schema_version: the role "ht_role_\w+" lacks SELECT on hypertune_schema_version; SELECT, INSERT, UPDATE on hypertune_studies; SELECT, INSERT, UPDATE on hypertune_trials; SELECT, INSERT, UPDATE on hypertune_outputs; USAGE on sequence hypertune_outputs_seq_seq \(the tables' owner grants them: see "A role for each user" in docs\/storage\.md\)$/,
    );
    expect(trialRan).toBe(false);
  });

  it('a role missing only UPDATE on the trials: refused before its first trial, not when that trial\'s result could not be recorded', async () => {
    const storage = await roleWith([...WRITER_GRANTS, 'REVOKE UPDATE ON hypertune_trials FROM %']);
    const { exitCode, stderr, trialRan } = await runAs(storage);
    expect(stderr.trim()).toMatch(/^hypertune: PostgreSQL at .+: the role "ht_role_\w+" lacks UPDATE on hypertune_trials \(the tables' owner grants them: see "A role for each user" in docs\/storage\.md\)$/);
    expect(exitCode).toBe(1);
    expect(trialRan).toBe(false);
  });

  it("the grants docs/storage.md lists suffice: a writer's run completes and a reader's summary reads it; the reader may not run, nor the writer remove", async () => {
    const writer = await roleWith(WRITER_GRANTS);
    const run = await runAs(writer);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.trialRan).toBe(true);
    const reader = await roleWith(READER_GRANTS);
    const summary = await hypertune(['summary', '--storage', reader, '--study', run.study, '--format', 'json'], { cwd: run.dir });
    expect(summary.stderr).toBe('');
    expect(JSON.parse(summary.stdout).counts.complete).toBe(2);
    const readerRun = await runAs(reader);
    expect(readerRun.stderr).toMatch(/the role "ht_role_\w+" lacks INSERT, UPDATE on hypertune_studies; INSERT, UPDATE on hypertune_trials; INSERT, UPDATE on hypertune_outputs; USAGE on sequence hypertune_outputs_seq_seq /);
    expect(readerRun.trialRan).toBe(false);
    const remove = await hypertune(['remove', run.study, '--storage', writer, '--yes'], { cwd: run.dir });
    expect(remove.stderr.trim()).toMatch(/: the role "ht_role_\w+" lacks DELETE on hypertune_studies \(/);
    expect(remove.exitCode).toBe(1);
  });

  it('a search_path with no schema it may use: says the tables cannot be created there, not that it cannot connect', async () => {
    const storage = `${POSTGRES ?? ''}${(POSTGRES ?? '').includes('?') ? '&' : '?'}options=${encodeURIComponent('-c search_path=no_such_schema')}`;
    const result = await hypertune(['studies', '--storage', storage], { cwd: tempDir() });
    expect(result.stderr.trim()).toMatch(
      /^hypertune: PostgreSQL at .+: cannot create hypertune's tables: no schema has been selected to create in \(no schema of the role's search_path exists or may be used by it: the role needs USAGE on the schema that holds hypertune's tables, see "A role for each user" in docs\/storage\.md\)$/,
    );
    expect(result.exitCode).toBe(1);
  });
});
