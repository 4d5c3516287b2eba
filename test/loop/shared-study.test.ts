import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dropStudies } from '../cli/helpers/workers.js';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveSettings, runStudy, settingsToStored } from '../../src/loop/index.js';
import type { NumericNode, Space } from '../../src/space/types.js';
import { openStore } from '../../src/store/open.js';

const url = process.env['HYPERTUNE_TEST_POSTGRES'];
const programs = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'programs');
const command = ['/bin/sh', join(programs, 'loop-quadratic.sh')];
const x: NumericNode = {
  kind: 'numeric', label: 'x', condition: null, position: { line: 2, column: 6 }, family: 'uniform', args: [-1, 1],
  low: -1, high: 1, mu: null, sigma: null, q: null, log: false, integer: false, grid: null,
};
const space: Space = { params: [x], nodes: [x], metric: 'loss', goal: 'minimize', trials: null, grid: null, pattern: null, objective: 'last', metricStream: 'stdout', metricFile: null, file: null, text: 'x' };

describe.skipIf(url === undefined)('runStudy on shared PostgreSQL storage (set HYPERTUNE_TEST_POSTGRES to run)', () => {
  const prefix = `loop-${randomUUID().slice(0, 8)}-`;
  let serial = 0;
  const newName = (): string => `${prefix}${serial++}`;
  // the trials' own folders go under this machine's --dir, here a temporary one
  const dir = mkdtempSync(join(tmpdir(), 'hypertune-shared-'));
  // the database outlives the test: leave no study behind
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await dropStudies(prefix);
  });

  it('three workers finish exactly the target between them, with unique ids', async () => {
    const study = newName();
    const settings = resolveSettings(space, { seed: 3, heartbeatTimeoutS: 30 }, () => 0);
    const stores = await Promise.all([0, 1, 2].map(() => openStore({ storage: url, dir })));
    try {
      await stores[0]?.createStudy({ name: study, spaceText: 'x', spaceFile: null, command, options: settingsToStored(settings), target: 9, createdAt: Date.now() });
      await Promise.all(
        stores.map((store, worker) => runStudy({ store, study, space, command, settings, worker: `w${worker}`, shared: true })),
      );
      const state = await stores[0]?.load(study);
      const live = state?.trials.filter((t) => t.state !== 'interrupted') ?? [];
      expect(live).toHaveLength(9);
      expect(live.every((t) => t.state === 'complete')).toBe(true);
      const ids = state?.trials.map((t) => t.id) ?? [];
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(live.map((t) => t.worker)).size).toBeGreaterThan(1);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  it('takes over a trial whose worker stopped sending heartbeats and re-runs its parameters', async () => {
    const study = newName();
    const settings = resolveSettings(space, { seed: 3, heartbeatTimeoutS: 0.5 }, () => 0);
    const store = await openStore({ storage: url, dir });
    try {
      await store.createStudy({ name: study, spaceText: 'x', spaceFile: null, command, options: settingsToStored(settings), target: 2, createdAt: Date.now() });
      const dead = await store.createTrial(study, { params: { x: 0.125 }, startup: true, sampler: 'startup', worker: 'dead:1', at: Date.now() - 5000, retryOf: null });
      const notices: string[] = [];
      await runStudy({ store, study, space, command, settings, worker: 'alive:2', shared: true, listener: { notice: (t) => notices.push(t) } });
      const state = await store.load(study);
      expect(state?.trials.find((t) => t.id === dead)?.state).toBe('interrupted');
      expect(state?.trials.find((t) => t.id !== dead && t.state === 'complete' && t.params['x'] === 0.125)).toBeDefined();
      expect(state?.trials.filter((t) => t.state === 'complete')).toHaveLength(2);
      expect(notices.join('\n')).toContain(`taking over trial ${dead}`);
    } finally {
      await store.close();
    }
  });
});
