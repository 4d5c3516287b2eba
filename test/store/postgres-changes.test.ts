import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStudyView } from '../../src/loop/study-view.js';
import { openStore } from '../../src/store/open.js';
import { ensureSchema, SCHEMA_VERSION } from '../../src/store/postgres/schema.js';
import { StudyGoneError, type StudyChanges, type Store } from '../../src/store/types.js';
import type { NewTrial } from '../../src/study/events.js';
import { withDatabase } from '../cli/helpers/workers.js';

const url = process.env['HYPERTUNE_TEST_POSTGRES'];
const title = url ? 'PostgreSQL change tracking and migration' : 'PostgreSQL change tracking and migration (skipped: HYPERTUNE_TEST_POSTGRES is not set)';
if (!url) process.stderr.write(`${title}; set it to e.g. postgresql://postgres@127.0.0.1:5432/hypertune_test\n`);
const prefix = `ch${process.pid}-`;
let serial = 0;

async function newStudy(store: Store, target = 100): Promise<string> {
  const name = `${prefix}${serial++}`;
  await store.createStudy({ name, spaceText: 'x', spaceFile: null, command: ['true'], options: {}, target, createdAt: Date.now() });
  return name;
}

const asked = (x: number): NewTrial => ({ params: { x }, startup: false, sampler: 'tpe', worker: 'w', at: Date.now(), retryOf: null });
const changedIds = (changes: StudyChanges | null | undefined): number[] => (changes?.trials ?? []).map((c) => c.trial.id).sort((a, b) => a - b);

function withClient<T>(connection: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  return withDatabase(work, connection);
}

describe.skipIf(!url)(title, () => {
  afterAll(async () => {
    await withClient(url as string, (client) => client.query('DELETE FROM hypertune_studies WHERE name LIKE $1', [`${prefix}%`]));
  });

  it("stops a worker's view of a study removed, or removed and made again, while it ran (a user audit: the old worker's trial became the new study's best)", async () => {
    const store = await openStore({ storage: url });
    try {
      const study = await newStudy(store);
      await store.createTrial(study, asked(0.1));
      const view = await openStudyView(store, study, true);
      await view.refresh();
      await withClient(url as string, (client) => client.query('DELETE FROM hypertune_studies WHERE name = $1', [study]));
      await expect(view.refresh()).rejects.toThrow(`study "${study}" no longer exists in`);
      await store.createStudy({ name: study, spaceText: 'y', spaceFile: null, command: ['true'], options: {}, target: 5, createdAt: Date.now() + 1 });
      await expect(view.refresh()).rejects.toThrow(`study "${study}" was removed and made again in`);
      await expect(store.createTrial(study, asked(0.2))).resolves.toBe(0);
      // this store read the first study: its writes (an old worker's heartbeats and output) are refused, not stored in the new trial 0
      const old = await openStore({ storage: url });
      try {
        await withClient(url as string, (client) => client.query('DELETE FROM hypertune_studies WHERE name = $1', [study]));
        await store.createStudy({ name: study, spaceText: 'z', spaceFile: null, command: ['true'], options: {}, target: 5, createdAt: Date.now() + 2 });
        await old.load(study);
        await store.createTrial(study, asked(0.3));
        await withClient(url as string, (client) => client.query('DELETE FROM hypertune_studies WHERE name = $1', [study]));
        await store.createStudy({ name: study, spaceText: 'w', spaceFile: null, command: ['true'], options: {}, target: 5, createdAt: Date.now() + 3 });
        await store.createTrial(study, asked(0.4));
        await expect(old.appendBatch(study, [{ output: { trialId: 0, stream: 'stdout', text: 'epoch 4 loss=1\n' } }, { event: { type: 'trial_heartbeat', id: 0, worker: 'old', at: Date.now() } }])).rejects.toBeInstanceOf(StudyGoneError);
        expect(await store.readOutput(study, 0, 'stdout')).toBe('');
      } finally {
        await old.close();
      }
      await withClient(url as string, (client) => client.query('DELETE FROM hypertune_studies WHERE name = $1', [study]));
      await expect(store.append(study, { type: 'trial_intermediate', id: 0, value: 1, step: 1, at: Date.now() })).rejects.toThrow(/was removed \(and perhaps made again\) while this worker ran/);
    } finally {
      await store.close();
    }
  });

  it('returns every trial first, then only the trials written since, with the target', async () => {
    const store = await openStore({ storage: url });
    try {
      const study = await newStudy(store);
      for (let i = 0; i < 5; i++) await store.createTrial(study, asked(i / 10));
      const all = await store.readChanges?.(study, null);
      expect(changedIds(all)).toEqual([0, 1, 2, 3, 4]);
      expect(all?.target).toBe(100);
      await store.append(study, { type: 'trial_finished', id: 3, state: 'complete', value: 0.5, exitCode: 0, error: null, at: Date.now() });
      await store.createTrial(study, asked(0.9));
      await store.setTarget(study, 120, Date.now());
      const next = await store.readChanges?.(study, all?.cursor ?? null);
      // the cursor is the server's oldest open transaction: a transaction open anywhere on the server
      // (another test, another database) may bring unchanged trials again, never fewer
      expect(changedIds(next)).toEqual(expect.arrayContaining([3, 5]));
      expect(next?.trials.find((c) => c.trial.id === 3)?.trial).toMatchObject({ state: 'complete', value: 0.5 });
      expect(next?.target).toBe(120);
      const quiet = await store.readChanges?.(study, next?.cursor ?? null);
      expect(quiet?.trials.every((c) => c.trial.id !== 3 || c.trial.state === 'complete')).toBe(true);
      expect(await store.readChanges?.(`${prefix}missing`, null)).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('never misses a write that commits after a read although it began before it', async () => {
    const store = await openStore({ storage: url });
    try {
      const study = await newStudy(store);
      for (let i = 0; i < 3; i++) await store.createTrial(study, asked(i / 10));
      const first = await store.readChanges?.(study, null);
      await withClient(url as string, async (slow) => {
        // a worker's finish that is still in flight while others write and read
        await slow.query('BEGIN');
        await slow.query(`UPDATE hypertune_trials SET state = 'complete', value = 1, finished_at = $2 WHERE study = $1 AND id = 1`, [study, Date.now()]);
        await store.createTrial(study, asked(0.7));
        const during = await store.readChanges?.(study, first?.cursor ?? null);
        expect(changedIds(during)).toEqual(expect.arrayContaining([3]));
        await slow.query('COMMIT');
        const after = await store.readChanges?.(study, during?.cursor ?? null);
        expect(changedIds(after)).toContain(1);
        expect(after?.trials.find((c) => c.trial.id === 1)?.trial.state).toBe('complete');
      });
    } finally {
      await store.close();
    }
  });

  it('migrates a version 1 database in place: old trials are kept and read, new ones are created in one call', async () => {
    const database = `hypertune_migrate_${process.pid}`;
    const admin = new URL(url as string);
    await withClient(admin.toString(), (client) => client.query(`DROP DATABASE IF EXISTS ${database}`).then(() => client.query(`CREATE DATABASE ${database}`)));
    const target = new URL(url as string);
    target.pathname = `/${database}`;
    try {
      await withClient(target.toString(), async (client) => {
        await ensureSchema(client as unknown as pg.PoolClient, 1);
        await client.query(`INSERT INTO hypertune_studies (name, meta, target, created_at, next_id) VALUES ('old', $1::jsonb, 10, 0, 1)`, [
          JSON.stringify({ name: 'old', spaceText: 'x', spaceFile: null, command: ['true'], options: {}, target: 10, createdAt: 0 }),
        ]);
        await client.query(
          `INSERT INTO hypertune_trials (study, id, params, startup, state, value, asked_at) VALUES ('old', 0, '{"x": 0.25}', true, 'complete', 3, 0)`,
        );
      });
      const store = await openStore({ storage: target.toString() });
      try {
        const versions = await withClient(target.toString(), (client) => client.query<{ version: number }>('SELECT version FROM hypertune_schema_version ORDER BY version'));
        expect(versions.rows.map((row) => row.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
        const all = await store.readChanges?.('old', null);
        expect(all?.trials.map((c) => c.trial)).toMatchObject([{ id: 0, params: { x: 0.25 }, state: 'complete', value: 3 }]);
        expect(await store.createSharedTrial?.('old', asked(0.5), 1)).toEqual({ id: 1 });
        expect(changedIds(await store.readChanges?.('old', all?.cursor ?? null))).toEqual(expect.arrayContaining([1]));
      } finally {
        await store.close();
      }
    } finally {
      await withClient(admin.toString(), (client) => client.query(`DROP DATABASE IF EXISTS ${database}`));
    }
  });

  it('migrates a version 2 database in place to 3 and on: old trials get the sampler they had, new ones record theirs', async () => {
    const database = `hypertune_migrate3_${process.pid}`;
    const admin = new URL(url as string);
    await withClient(admin.toString(), (client) => client.query(`DROP DATABASE IF EXISTS ${database}`).then(() => client.query(`CREATE DATABASE ${database}`)));
    const target = new URL(url as string);
    target.pathname = `/${database}`;
    const meta = (name: string, options: Record<string, unknown>) =>
      JSON.stringify({ name, spaceText: 'x', spaceFile: null, command: ['true'], options, target: 10, createdAt: 0 });
    try {
      await withClient(target.toString(), async (client) => {
        await ensureSchema(client as unknown as pg.PoolClient, 2);
        await client.query(`INSERT INTO hypertune_studies (name, meta, target, created_at) VALUES ('old', $1::jsonb, 10, 0), ('rand', $2::jsonb, 10, 0)`, [
          meta('old', { seed: 1 }),
          meta('rand', { algo: 'random', seed: 1 }),
        ]);
        // version 2's own way of creating trials: the function without a sampler
        for (const [study, startup] of [['old', true], ['old', false], ['rand', false]] as const) {
          await client.query('SELECT hypertune_create_trial($1, $2::jsonb, $3, $4, $5, $6, $7)', [study, '{"x": 0.5}', startup, 'w', null, 0, null]);
        }
      });
      const store = await openStore({ storage: target.toString() });
      try {
        const versions = await withClient(target.toString(), (client) => client.query<{ version: number }>('SELECT version FROM hypertune_schema_version ORDER BY version'));
        // every later migration runs too, in order
        expect(versions.rows.map((row) => row.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
        expect((await store.load('old'))?.trials.map((t) => t.sampler)).toEqual(['startup', 'tpe']);
        expect((await store.load('rand'))?.trials.map((t) => t.sampler)).toEqual(['random']);
        const all = await store.readChanges?.('old', null);
        expect(all?.trials.map((c) => c.trial.sampler)).toEqual(['startup', 'tpe']);
        expect(await store.createSharedTrial?.('old', { ...asked(0.75), sampler: 'gp' }, 2)).toEqual({ id: 2 });
        expect(await store.createTrial('old', { ...asked(0.8), sampler: 'random' })).toBe(3);
        expect((await store.load('old'))?.trials.map((t) => t.sampler)).toEqual(['startup', 'tpe', 'gp', 'random']);
        expect(changedIds(await store.readChanges?.('old', all?.cursor ?? null))).toEqual(expect.arrayContaining([2, 3]));
        // the old function is gone: an older hypertune refuses a version 3 database before calling it
        const overloads = await withClient(target.toString(), (client) =>
          client.query<{ n: string }>(`SELECT count(*)::text AS n FROM pg_proc WHERE proname = 'hypertune_create_trial'`),
        );
        expect(overloads.rows[0]?.n).toBe('1');
      } finally {
        await store.close();
      }
    } finally {
      await withClient(admin.toString(), (client) => client.query(`DROP DATABASE IF EXISTS ${database}`));
    }
  });
  it('migrates a version 3 database to 4 in place: old curves get ordinal steps, trials may be pruned', async () => {
    const database = `hypertune_migrate4_${process.pid}`;
    const admin = new URL(url as string);
    await withClient(admin.toString(), (client) => client.query(`DROP DATABASE IF EXISTS ${database}`).then(() => client.query(`CREATE DATABASE ${database}`)));
    const target = new URL(url as string);
    target.pathname = `/${database}`;
    try {
      await withClient(target.toString(), async (client) => {
        await ensureSchema(client as unknown as pg.PoolClient, 3);
        await client.query(`INSERT INTO hypertune_studies (name, meta, target, created_at) VALUES ('old', $1::jsonb, 10, 0)`, [
          JSON.stringify({ name: 'old', spaceText: 'x', spaceFile: null, command: ['true'], options: { seed: 1 }, target: 10, createdAt: 0 }),
        ]);
        await client.query('SELECT hypertune_create_trial($1, $2::jsonb, $3, $4, $5, $6, $7, $8)', ['old', '{"x": 0.5}', true, 'startup', 'w', null, 0, null]);
        await client.query(`UPDATE hypertune_trials SET intermediate = '{0.9, 0.8, 0.7}' WHERE study = 'old'`);
        // version 3 refuses the new state
        await expect(client.query(`UPDATE hypertune_trials SET state = 'pruned' WHERE study = 'old'`)).rejects.toThrow(/check constraint/);
      });
      const store = await openStore({ storage: target.toString() });
      try {
        const versions = await withClient(target.toString(), (client) => client.query<{ version: number }>('SELECT version FROM hypertune_schema_version ORDER BY version'));
        expect(versions.rows.map((row) => row.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
        expect((await store.load('old'))?.trials[0]).toMatchObject({ intermediate: [0.9, 0.8, 0.7], steps: [1, 2, 3] });
        await store.append('old', { type: 'trial_intermediate', id: 0, value: 0.6, step: 8, at: 10 });
        await store.append('old', { type: 'trial_finished', id: 0, state: 'pruned', value: 0.6, exitCode: null, error: 'pruned', at: 11 });
        expect((await store.load('old'))?.trials[0]).toMatchObject({ state: 'pruned', value: 0.6, steps: [1, 2, 3, 8] });
      } finally {
        await store.close();
      }
    } finally {
      await withClient(admin.toString(), (client) => client.query(`DROP DATABASE IF EXISTS ${database}`));
    }
  });
});
