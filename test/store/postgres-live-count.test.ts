import type pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureSchema } from '../../src/store/postgres/schema.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import type { NewTrial } from '../../src/study/events.js';
import { withDatabase } from '../cli/helpers/workers.js';

// Schema 6: the target check reads a live-trial counter kept on the study row by a trigger instead
// of counting the study's trials at every creation. Checked at 100,000 trials against count(*).
const url = process.env['HYPERTUNE_TEST_POSTGRES'];
const title = url ? 'PostgreSQL live-trial counter' : 'PostgreSQL live-trial counter (skipped: HYPERTUNE_TEST_POSTGRES is not set)';
const prefix = `live${process.pid}-`;
const MANY = 100_000;

const asked = (x: number, retryOf: number | null = null): NewTrial => ({ params: { x }, startup: false, sampler: 'tpe', worker: 'w', at: Date.now(), retryOf });

async function counts(study: string): Promise<{ live: number; counted: number }> {
  return withDatabase(async (client) => {
    const { rows } = await client.query<{ live: number; counted: number }>(
      `SELECT s.live, (SELECT count(*)::int FROM hypertune_trials t WHERE t.study = s.name AND t.state NOT IN ('interrupted', 'queued')) AS counted
       FROM hypertune_studies s WHERE s.name = $1`,
      [study],
    );
    return rows[0] ?? { live: -1, counted: -2 };
  });
}

describe.skipIf(!url)(title, () => {
  afterAll(() => withDatabase((client) => client.query('DELETE FROM hypertune_studies WHERE name LIKE $1', [`${prefix}%`])));

  it(`keeps the count through creations, take-overs, queued claims and finishes at ${MANY.toLocaleString('en')} trials, and the target check stays exact`, async () => {
    const store: Store = await openStore({ storage: url });
    try {
      const study = `${prefix}many`;
      await store.createStudy({ name: study, spaceText: 'x', spaceFile: null, command: ['true'], options: {}, target: MANY + 3, createdAt: Date.now() });
      // a long study's history, written in one statement: finished, failed and interrupted trials
      await withDatabase((client) =>
        client.query(
          `WITH ids AS (UPDATE hypertune_studies SET next_id = $2 WHERE name = $1 RETURNING name)
           INSERT INTO hypertune_trials (study, id, params, startup, sampler, state, value, asked_at, finished_at)
           SELECT $1, i, jsonb_build_object('x', i), false, 'tpe', CASE WHEN i % 10 = 0 THEN 'interrupted' WHEN i % 10 = 1 THEN 'failed' ELSE 'complete' END,
             i, 0, 0 FROM ids, generate_series(0, $2 - 1) AS i`,
          [study, MANY],
        ),
      );
      expect(await counts(study)).toEqual({ live: MANY * 0.9, counted: MANY * 0.9 });
      // the target (MANY + 3) is MANY * 0.1 + 3 trials away: fill all but three at once
      await store.setTarget(study, MANY * 0.9 + 3, Date.now());
      const a = await store.createSharedTrial?.(study, asked(0.1), null);
      const b = await store.createSharedTrial?.(study, asked(0.2), null);
      const c = await store.createSharedTrial?.(study, asked(0.3), null);
      expect([a, b, c]).toEqual([{ id: MANY }, { id: MANY + 1 }, { id: MANY + 2 }]);
      expect(await store.createSharedTrial?.(study, asked(0.4), null)).toEqual({ refused: 'target-reached' });
      // a finish keeps the trial live; a take-over frees its place, and its re-run takes it again
      await store.append(study, { type: 'trial_finished', id: MANY, state: 'complete', value: 1, exitCode: 0, error: null, at: Date.now() });
      expect(await store.createSharedTrial?.(study, asked(0.4), null)).toEqual({ refused: 'target-reached' });
      expect((await store.claimStale?.(study, 0, Date.now() + 1000, 'w2'))?.id).toBe(MANY + 1);
      expect(await counts(study)).toEqual({ live: MANY * 0.9 + 2, counted: MANY * 0.9 + 2 });
      expect(await store.createSharedTrial?.(study, asked(0.2, MANY + 1), null)).toEqual({ id: MANY + 3 });
      // a queued configuration is not live until claimed, and is claimed only within the target
      const [queued] = await store.enqueueTrials(study, [{ x: 0.5 }], Date.now());
      expect(await counts(study)).toEqual({ live: MANY * 0.9 + 3, counted: MANY * 0.9 + 3 });
      expect(await store.claimQueued(study, queued ?? -1, { params: { x: 0.5 }, worker: 'w', at: Date.now() })).toBe('target-reached');
      await store.setTarget(study, MANY * 0.9 + 4, Date.now());
      expect(await store.claimQueued(study, queued ?? -1, { params: { x: 0.5 }, worker: 'w', at: Date.now() })).toBe('claimed');
      expect(await counts(study)).toEqual({ live: MANY * 0.9 + 4, counted: MANY * 0.9 + 4 });
      // a trial recorded whole (`hypertune add`) counts too
      await store.recordTrials(study, [{ trial: asked(0.6), finish: { state: 'complete', value: 2, error: null, at: Date.now() } }]);
      expect(await counts(study)).toEqual({ live: MANY * 0.9 + 5, counted: MANY * 0.9 + 5 });
    } finally {
      await store.close();
    }
  }, 120_000);

  it('migrates a version 6 database in place: each study starts with its live trials counted', async () => {
    const database = `hypertune_migrate7_${process.pid}`;
    const admin = url as string;
    await withDatabase((client) => client.query(`DROP DATABASE IF EXISTS ${database}`).then(() => client.query(`CREATE DATABASE ${database}`)), admin);
    const target = new URL(admin);
    target.pathname = `/${database}`;
    try {
      await withDatabase(async (client) => {
        await ensureSchema(client as unknown as pg.PoolClient, 6);
        await client.query(`INSERT INTO hypertune_studies (name, meta, target, created_at, next_id) VALUES ('old', '{}', 4, 0, 5)`);
        await client.query(
          `INSERT INTO hypertune_trials (study, id, params, startup, sampler, state, asked_at)
           SELECT 'old', i, '{}', false, 'tpe', (ARRAY['complete', 'failed', 'running', 'interrupted', 'queued'])[i + 1], 0 FROM generate_series(0, 4) i`,
        );
      }, target.toString());
      const store = await openStore({ storage: target.toString() });
      try {
        const live = await withDatabase((client) => client.query<{ live: number }>(`SELECT live FROM hypertune_studies WHERE name = 'old'`), target.toString());
        expect(live.rows[0]?.live).toBe(3);
        expect(await store.createSharedTrial?.('old', asked(0.5), null)).toEqual({ id: 5 });
        expect(await store.createSharedTrial?.('old', asked(0.6), null)).toEqual({ refused: 'target-reached' });
      } finally {
        await store.close();
      }
    } finally {
      await withDatabase((client) => client.query(`DROP DATABASE IF EXISTS ${database}`), admin);
    }
  }, 60_000);
});
