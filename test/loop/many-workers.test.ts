import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSettings, runStudy, settingsToStored } from '../../src/loop/index.js';
import { parseSpace } from '../../src/space/index.js';
import { openPostgresStore } from '../../src/store/postgres/open-postgres.js';
import type { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { Trial } from '../../src/study/types.js';
import { dropStudies } from '../cli/helpers/workers.js';

// Issue 14: the guarantees of a shared study under contention, with the real server and real trial
// processes (a shell script: cheap to start, so 200 trials stay fast on 2 cores).
const url = process.env['HYPERTUNE_TEST_POSTGRES'];
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const title = url ? 'many workers on one PostgreSQL study' : 'many workers on one PostgreSQL study (skipped: HYPERTUNE_TEST_POSTGRES is not set)';
const SPACE = 'metric: loss\nparams:\n  x: uniform(-1, 1)\n  y: loguniform(0.001, 1)\n';

describe.skipIf(!url)(title, () => {
  const prefix = `many-${randomUUID().slice(0, 8)}-`;
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hypertune-many-'));
    // the loss is a function of the parameters, so every stored value can be checked against its trial
    writeFileSync(join(dir, 'trial.sh'), '#!/bin/sh\necho "loss=$HP_X"\n');
    chmodSync(join(dir, 'trial.sh'), 0o755);
  });
  afterAll(async () => {
    await dropStudies(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  /** `workers` in-process workers, one connection each, run a new study of `target` trials to its end. */
  async function runWorkers(study: string, algo: 'tpe' | 'auto', seed: number, workers: number, target: number, check: (trials: Trial[], stores: PostgresStore[]) => void): Promise<void> {
    const space = parseSpace(SPACE);
    const settings = resolveSettings(space, { seed, algo }, () => 0);
    const command = [join(dir, 'trial.sh')];
    const stores: PostgresStore[] = [];
    try {
      for (let i = 0; i < workers; i++) stores.push(await openPostgresStore(url ?? '', { connections: 1 }));
      await stores[0]?.createStudy({ name: study, spaceText: SPACE, spaceFile: null, command, options: settingsToStored(settings), target, createdAt: Date.now() });
      const results = await Promise.all(stores.map((store, i) => runStudy({ store, study, space, command, settings, worker: `w${i}`, shared: true, cwd: dir })));
      expect(results.map((result) => result.reason)).toEqual(Array(workers).fill('target'));
      check((await stores[0]?.load(study))?.trials ?? [], stores);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  }

  it('16 workers finish a 200-trial study: exactly 200 trials, unique ids and points, every result stored, one ask per trial', async () => {
    await runWorkers(`${prefix}200`, 'tpe', 7, 16, 200, (trials, stores) => {
      expect(trials).toHaveLength(200);
      expect(trials.every((trial) => trial.state === 'complete')).toBe(true);
      expect(new Set(trials.map((trial) => trial.id)).size).toBe(200);
      // distinct points: no two trials (so no two running at once) with the same parameters
      expect(new Set(trials.map((trial) => JSON.stringify(trial.params))).size).toBe(200);
      for (const trial of trials) expect(trial.value).toBe(trial.params['x']);
      expect(new Set(trials.map((trial) => trial.worker)).size).toBeGreaterThan(8);
      expect(stores.reduce((sum, store) => sum + store.stats.created, 0)).toBe(200);
      expect(stores.reduce((sum, store) => sum + store.stats.createCalls, 0)).toBe(200);
    });
  }, 60_000);

  it('under auto, 4 workers whose GP proposes before the lock: 24 distinct points, the GP\'s after the start-up, one ask under the lock each', async () => {
    await runWorkers(`${prefix}auto`, 'auto', 3, 4, 24, (trials, stores) => {
      expect(trials.map((trial) => trial.id)).toEqual([...Array(24).keys()]);
      expect(new Set(trials.map((trial) => JSON.stringify(trial.params))).size).toBe(24);
      // the GP once 8 trials have finished: with 4 running, from trial 8 to 12 on
      const firstGp = trials.findIndex((trial) => trial.sampler === 'gp');
      expect(firstGp).toBeGreaterThanOrEqual(8);
      expect(firstGp).toBeLessThanOrEqual(12);
      expect(trials.slice(firstGp).every((trial) => trial.sampler === 'gp')).toBe(true);
      for (const trial of trials) expect(trial.value).toBe(trial.params['x']);
      expect(stores.reduce((sum, store) => sum + store.stats.locked, 0)).toBe(24);
    });
  }, 60_000);

  it('a worker killed while it holds the ask lock leaves nothing half-created, and the others go on', async () => {
    const study = `${prefix}killed`;
    const other = await openPostgresStore(url ?? '', { connections: 1 });
    try {
      await other.createStudy({ name: study, spaceText: 'x', spaceFile: null, command: ['true'], options: {}, target: 5, createdAt: Date.now() });
      // a worker that takes the lock, says so, and is killed while it proposes (a busy loop: its process
      // never gets to create or commit)
      const script = join(dir, 'stuck-worker.mjs');
      writeFileSync(script, [
        `import { openPostgresStore } from ${JSON.stringify(join(root, 'dist', 'store', 'postgres', 'open-postgres.js'))};`,
        'const store = await openPostgresStore(process.argv[2]);',
        "await store.askUnderLock(process.argv[3], null, () => { process.stdout.write('locked\\n'); for (;;); });",
      ].join('\n'));
      const child = spawn(process.execPath, [script, url ?? '', study], { stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise((resolvePromise) => child.on('exit', resolvePromise));
      await new Promise<void>((resolvePromise) => child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolvePromise()));
      let createdAt = 0;
      const creating = other.createSharedTrial(study, { params: { x: 0.25 }, startup: true, sampler: 'startup', worker: 'w', at: Date.now(), retryOf: null }, null).then((created) => {
        createdAt = Date.now();
        return created;
      });
      await new Promise((resolvePromise) => setTimeout(resolvePromise, 300));
      expect(createdAt).toBe(0); // the other worker waits for the lock meanwhile
      const killedAt = Date.now();
      child.kill('SIGKILL');
      await exited;
      expect(await creating).toEqual({ id: 0 });
      expect(createdAt).toBeGreaterThanOrEqual(killedAt);
      const state = await other.load(study);
      expect(state?.trials.map((t) => [t.id, t.params['x']])).toEqual([[0, 0.25]]);
    } finally {
      await other.close();
    }
  }, 60_000);
});
