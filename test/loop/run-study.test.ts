import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveSettings, runStudy, settingsFromStored, settingsToStored, type RunSettings } from '../../src/loop/index.js';
import type { ChoiceNode, NumericNode, Space } from '../../src/space/types.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';

const programs = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'programs');
const quadratic = ['/bin/sh', join(programs, 'loop-quadratic.sh')];
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const x: NumericNode = {
  kind: 'numeric', label: 'x', condition: null, position: { line: 2, column: 6 }, family: 'uniform', args: [-1, 1],
  low: -1, high: 1, mu: null, sigma: null, q: null, log: false, integer: false, grid: null,
};
const act: ChoiceNode = {
  kind: 'choice', label: 'act', condition: null, position: { line: 3, column: 6 }, family: 'choice',
  options: [{ value: 'a', params: [] }, { value: 'b', params: [] }, { value: 'c', params: [] }],
  probabilities: [1 / 3, 1 / 3, 1 / 3],
};

function spaceOf(...params: Space['params']): Space {
  return { params, nodes: params, metric: 'loss', goal: 'minimize', trials: null, grid: null, pattern: null, objective: 'last', metricStream: 'stdout', metricFile: null, file: null, text: 'test' };
}

async function studyWith(space: Space, settings: RunSettings, target: number): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), 'hypertune-loop-'));
  dirs.push(dir);
  const store = await openStore({ dir });
  await store.createStudy({ name: 's', spaceText: space.text, spaceFile: null, command: quadratic, options: settingsToStored(settings), target, createdAt: Date.now() });
  return store;
}

const base = (space: Space, overrides: Partial<RunSettings> = {}): RunSettings => resolveSettings(space, { seed: 1, ...overrides }, () => 0);

describe('runStudy', () => {
  it('runs exactly the target in parallel slots, recording every event of every trial', async () => {
    const space = spaceOf(x);
    const settings = base(space, { parallel: 2 });
    const store = await studyWith(space, settings, 5);
    const progress: number[] = [];
    const result = await runStudy({
      store, study: 's', space, command: quadratic, settings, worker: 'test:1', shared: false,
      listener: { progress: (p) => progress.push(p.finished) },
    });
    expect(result.reason).toBe('target');
    expect(result.state.trials.map((t) => [t.id, t.state])).toEqual([0, 1, 2, 3, 4].map((id) => [id, 'complete']));
    const events = await store.readEvents('s');
    for (const type of ['trial_asked', 'trial_started', 'trial_finished']) expect(events.filter((e) => e.type === type)).toHaveLength(5);
    expect(events.filter((e) => e.type === 'trial_intermediate')).toHaveLength(10);
    expect(progress.at(-1)).toBe(5);
    for (const trial of result.state.trials) expect(trial.value).toBeCloseTo(((trial.params['x'] as number) - 0.3) ** 2, 12);
    expect(await store.readOutput('s', 0, 'stdout')).toMatch(/^epoch 1 loss=.*\nloss=.*\n$/);
    await store.close();
  });

  it('stops when a grid has no point left', async () => {
    const space = spaceOf(act);
    const settings = base(space, { algo: 'grid' });
    const store = await studyWith(space, settings, 10);
    const result = await runStudy({ store, study: 's', space, command: quadratic, settings, worker: 'test:1', shared: false });
    expect(result.reason).toBe('exhausted');
    expect(result.state.trials.map((t) => t.params['act']).sort()).toEqual(['a', 'b', 'c']);
    await store.close();
  });

  it('re-runs first, with the same parameters, a trial a dead tuner left running', async () => {
    const space = spaceOf(x);
    const settings = base(space);
    const store = await studyWith(space, settings, 2);
    // proposed by TPE (say): its re-run keeps that, though a new proposal would be a start-up trial now
    const orphan = await store.createTrial('s', { params: { x: 0.25 }, startup: false, sampler: 'tpe', worker: 'dead:1', at: Date.now(), retryOf: null });
    const notices: string[] = [];
    const result = await runStudy({ store, study: 's', space, command: quadratic, settings, worker: 'test:1', shared: false, listener: { notice: (t) => notices.push(t) } });
    expect(result.reclaimed).toEqual([orphan]);
    expect(notices[0]).toContain(`trial ${orphan} was left running by a stopped tuner: running it again first`);
    const [first, second, third] = result.state.trials;
    expect(first?.state).toBe('interrupted');
    expect(second?.params).toEqual({ x: 0.25 });
    expect([second?.startup, second?.sampler, third?.sampler]).toEqual([false, 'tpe', 'startup']);
    expect((await store.load('s'))?.trials.map((t) => t.sampler)).toEqual(['tpe', 'tpe', 'startup']);
    expect(result.state.retried.has(orphan)).toBe(true);
    expect(second?.state).toBe('complete');
    expect(third?.state).toBe('complete');
    expect(result.state.trials).toHaveLength(3);
    await store.close();
  });

  it('kills running trials when told to, recording them as interrupted', async () => {
    const space = spaceOf(x);
    const settings = base(space, { parallel: 2 });
    const store = await studyWith(space, settings, 4);
    const kill = new AbortController();
    const previous = process.env['LOOP_SLEEP_MS'];
    process.env['LOOP_SLEEP_MS'] = '20000';
    try {
      const result = await runStudy({
        store, study: 's', space, command: quadratic, settings, worker: 'test:1', shared: false,
        control: { kill: kill.signal },
        listener: { trialStarted: (t) => { if (t.id === 1) setTimeout(() => kill.abort(), 50); } },
      });
      expect(result.reason).toBe('interrupted');
      expect(result.state.trials.map((t) => t.state)).toEqual(['interrupted', 'interrupted']);
    } finally {
      if (previous === undefined) delete process.env['LOOP_SLEEP_MS'];
      else process.env['LOOP_SLEEP_MS'] = previous;
      await store.close();
    }
  });
});

describe('run settings', () => {
  it('take flags over the space file, and read back what was stored', () => {
    const space = { ...spaceOf(x), metric: 'acc', goal: 'maximize' as const, pattern: 'acc (\\d+)' };
    const settings = resolveSettings(space, { metric: 'val', gpus: ['0', '1'] }, () => 77);
    expect(settings).toMatchObject({ metric: 'val', goal: 'maximize', pattern: 'acc (\\d+)', seed: 77, parallel: 2, maxFailures: 5, algo: 'auto' });
    expect(settingsFromStored(JSON.parse(JSON.stringify(settingsToStored(settings))) as Record<string, unknown>, space)).toEqual(settings);
    expect(() => resolveSettings(space, { parallel: 3, gpus: ['0'] }, () => 1)).toThrow(/--parallel 3 needs at least 3 GPU ids/);
    // the algorithm: --algo, else the space file's algo:, else auto; a study stored without one ran tpe
    expect(resolveSettings({ ...space, algo: 'tpe' }, {}, () => 1).algo).toBe('tpe');
    expect(resolveSettings({ ...space, algo: 'tpe' }, { algo: 'random' }, () => 1).algo).toBe('random');
    expect(settingsFromStored({ seed: 3 }, space).algo).toBe('tpe');
    expect(settingsFromStored({ algo: 'gp' }, space).algo).toBe('gp');
  });
});
