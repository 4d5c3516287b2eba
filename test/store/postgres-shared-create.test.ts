import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { RetryTakenError, type SharedCreate, type Store } from '../../src/store/types.js';
import type { NewTrial } from '../../src/study/events.js';

const url = process.env['HYPERTUNE_TEST_POSTGRES'];
const title = url ? 'PostgreSQL createSharedTrial' : 'PostgreSQL createSharedTrial (skipped: HYPERTUNE_TEST_POSTGRES is not set)';
if (!url) process.stderr.write(`${title}; set it to e.g. postgresql://postgres@127.0.0.1:5432/hypertune_test\n`);
const prefix = `sc${process.pid}-`;
let serial = 0;

async function newStudy(store: Store, target: number): Promise<string> {
  const name = `${prefix}${serial++}`;
  await store.createStudy({ name, spaceText: 'x', spaceFile: null, command: ['true'], options: {}, target, createdAt: Date.now() });
  return name;
}

const trial = (x: number, retryOf: number | null = null): NewTrial => ({ params: { x }, startup: true, sampler: 'startup', worker: 'w', at: Date.now(), retryOf });
const ids = (results: SharedCreate[]): number[] => results.flatMap((r) => ('id' in r ? [r.id] : [])).sort((a, b) => a - b);

describe.skipIf(!url)(title, () => {
  afterAll(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('DELETE FROM hypertune_studies WHERE name LIKE $1', [`${prefix}%`]);
    await client.end();
  });

  it('never creates past the target, however many workers ask at once', async () => {
    const stores = await Promise.all([0, 1, 2, 3].map(() => openStore({ storage: url })));
    try {
      const study = await newStudy(stores[0] as Store, 5);
      const results = await Promise.all(
        Array.from({ length: 16 }, (_, i) => (stores[i % 4] as Store).createSharedTrial?.(study, trial(i), null) as Promise<SharedCreate>),
      );
      expect(ids(results)).toEqual([0, 1, 2, 3, 4]);
      expect(results.filter((r) => 'refused' in r && r.refused === 'target-reached')).toHaveLength(11);
      const state = await stores[0]?.load(study);
      expect(state?.trials).toHaveLength(5);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  it('refuses a proposal made for an id another worker took, and counts only live trials toward the target', async () => {
    const store = await openStore({ storage: url });
    try {
      const study = await newStudy(store, 2);
      expect(await store.createSharedTrial?.(study, trial(0.1), 0)).toEqual({ id: 0 });
      expect(await store.createSharedTrial?.(study, trial(0.2), 0)).toEqual({ refused: 'id-moved' });
      expect(await store.createSharedTrial?.(study, trial(0.2), 1)).toEqual({ id: 1 });
      expect(await store.createSharedTrial?.(study, trial(0.3), 2)).toEqual({ refused: 'target-reached' });
      const claimed = await store.claimStale?.(study, 0, Date.now() + 1, 'rescuer');
      expect(claimed?.id).toBe(0);
      expect(await store.createSharedTrial?.(study, trial(0.1, 0), null)).toEqual({ id: 2 });
      await store.append(study, { type: 'trial_finished', id: 1, state: 'interrupted', value: null, exitCode: null, error: 'gone', at: Date.now() });
      expect(await store.createSharedTrial?.(study, trial(0.2, 1), null)).toEqual({ id: 3 });
      await store.setTarget(study, 10, Date.now());
      await expect(store.createSharedTrial?.(study, trial(0.2, 1), null)).rejects.toBeInstanceOf(RetryTakenError);
    } finally {
      await store.close();
    }
  });
});
