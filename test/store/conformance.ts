import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openStore, type StoreOptions } from '../../src/store/open.js';
import { RetryTakenError, type Store } from '../../src/store/types.js';
import type { NewTrial, StudyEvent, StudyMeta, TrialEvent } from '../../src/study/events.js';
import { replay, studyStartFolder } from '../../src/study/replay.js';
import { finished, startChild, waitForLine } from './child.js';

export interface ConformanceTarget {
  /** openStore options naming the store under test; called before each test. */
  setUp(): Promise<StoreOptions>;
  tearDown(options: StoreOptions): Promise<void>;
  /** The journal allows one tuner per study; PostgreSQL shares a study between workers. */
  exclusiveRunLock: boolean;
}

let serial = 0;
/** Study names unique across runs, since a database outlives a test run. */
export function uniqueStudy(label: string): string {
  serial += 1;
  return `t${process.pid}-${Date.now().toString(36)}-${serial}-${label}`;
}

export function makeMeta(name: string, extra: Partial<StudyMeta> = {}): StudyMeta {
  return {
    name,
    spaceText: 'lr: loguniform(1e-5, 1)\nlayers: choice([1, 2, 3])  # ünïcode ✓\n',
    spaceFile: '/tmp/space.yaml',
    command: ['python', 'train.py', '--flag=a b', '$(rm -rf /)'],
    options: { algo: 'tpe', seed: 7, metric: 'loss', goal: 'minimize', nested: { list: [1, 'two', null] } },
    target: 20,
    createdAt: 1_700_000_000_000,
    ...extra,
  };
}

export function asked(params: NewTrial['params'], at = 1000, retryOf: number | null = null): NewTrial {
  return { params, startup: true, sampler: 'startup', worker: 'host:1', at, retryOf };
}

/**
 * Stores for the tests of a suite: `open()` gives a store on the target (set up before each test),
 * and every store opened is closed, and the target torn down, after each test.
 */
export function storesFor(target: ConformanceTarget): { open(): Promise<Store> } {
  let options: StoreOptions;
  const opened: Store[] = [];
  beforeEach(async () => {
    options = await target.setUp();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await target.tearDown(options);
  });
  return {
    open: async () => {
      const store = await openStore(options);
      opened.push(store);
      return store;
    },
  };
}

/** The shared contract every Store must meet; call inside a describe. */
export function storeConformance(target: ConformanceTarget): void {
  let options: StoreOptions;
  let store: Store;
  const opened: Store[] = [];
  const another = async (): Promise<Store> => {
    const extra = await openStore(options);
    opened.push(extra);
    return extra;
  };

  beforeEach(async () => {
    options = await target.setUp();
    store = await openStore(options);
    opened.push(store);
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((each) => each.close()));
    await target.tearDown(options);
  });

  it('creates a study once and keeps its meta exactly', async () => {
    const name = uniqueStudy('meta');
    const meta = makeMeta(name);
    expect(await store.createStudy(meta)).toEqual({ created: true, meta });
    const second = await store.createStudy(makeMeta(name, { spaceText: 'other: uniform(0, 1)\n', target: 5 }));
    expect(second).toEqual({ created: false, meta });
    const fresh = await another();
    const state = await fresh.load(name);
    expect(state?.meta).toEqual(meta);
    expect(state?.target).toBe(20);
    expect(state?.trials).toEqual([]);
  });

  it('reports a missing study as null and no events', async () => {
    const name = uniqueStudy('missing');
    expect(await store.load(name)).toBeNull();
    expect(await store.readEvents(name)).toEqual([]);
    await expect(store.createTrial(name, asked({ x: 1 }))).rejects.toThrow(/does not exist/);
  });

  it('stores trial events so that replay gives the same state, non-finite values included', async () => {
    const name = uniqueStudy('events');
    await store.createStudy(makeMeta(name));
    const first = await store.createTrial(name, asked({ lr: 0.001, layers: 2, act: 'relu', on: true, none: null }, 1000));
    const second = await store.createTrial(name, asked({ lr: 0.1, layers: 1, act: 'tanh', on: false, none: null }, 1001));
    expect([first, second]).toEqual([0, 1]);
    const events: StudyEvent[] = [
      { type: 'trial_started', id: 0, worker: 'host:2', at: 1010 },
      { type: 'trial_heartbeat', id: 0, worker: 'host:2', at: 1020 },
      { type: 'trial_intermediate', id: 0, value: 0.5, at: 1021 },
      { type: 'trial_intermediate', id: 0, value: Number.NaN, at: 1022 },
      { type: 'trial_intermediate', id: 0, value: Number.POSITIVE_INFINITY, at: 1023 },
      { type: 'trial_intermediate', id: 0, value: -0.25, at: 1024 },
      { type: 'trial_finished', id: 0, state: 'complete', value: -0.25, exitCode: 0, error: null, at: 1030 },
      { type: 'trial_finished', id: 0, state: 'failed', value: null, exitCode: 1, error: 'ignored: already finished', at: 1031 },
      { type: 'trial_started', id: 1, worker: 'host:3', at: 1040 },
      { type: 'trial_finished', id: 1, state: 'failed', value: null, exitCode: 2, error: 'no value for "loss"\nlast line ✗', at: 1050 },
    ];
    for (const event of events) if (event.type !== 'study_created' && event.type !== 'target_changed' && event.type !== 'trial_asked') await store.append(name, event);
    const expected = replay([
      { type: 'study_created', meta: makeMeta(name) },
      { type: 'trial_asked', id: 0, ...asked({ lr: 0.001, layers: 2, act: 'relu', on: true, none: null }, 1000) },
      { type: 'trial_asked', id: 1, ...asked({ lr: 0.1, layers: 1, act: 'tanh', on: false, none: null }, 1001) },
      ...events,
    ]);
    const state = await (await another()).load(name);
    expect(state).toEqual(expected);
    expect(state?.trials[0]?.intermediate).toEqual([0.5, Number.NaN, Number.POSITIVE_INFINITY, -0.25]);
    expect(replay(await store.readEvents(name))).toEqual(expected);
  });

  it('finishes a running trial once: of two stores finishing it at the same moment, exactly one writes', async () => {
    const name = uniqueStudy('finish-once');
    await store.createStudy(makeMeta(name));
    const id = await store.createTrial(name, asked({ x: 1 }));
    const other = await another();
    const finish = (value: number): TrialEvent[] => [
      { type: 'trial_intermediate', id, value: value * 2, at: 1100 },
      { type: 'trial_finished', id, state: 'complete', value, exitCode: null, error: null, at: 1101 },
    ];
    const results = await Promise.all([store.finishRunning(name, id, finish(0.25)), other.finishRunning(name, id, finish(0.5))]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const trial = (await (await another()).load(name))?.trials[0];
    const kept = results[0] === true ? 0.25 : 0.5;
    expect(trial).toMatchObject({ state: 'complete', value: kept, intermediate: [kept * 2] });
    expect(await store.finishRunning(name, id, finish(0.75))).toBe(false);
  });

  it('keeps pruned trials with their last value and the step of every intermediate value, as they arrive', async () => {
    const name = uniqueStudy('pruned');
    await store.createStudy(makeMeta(name));
    await store.createTrial(name, asked({ x: 1 }, 1000));
    await store.createTrial(name, asked({ x: 2 }, 1001));
    // epochs reported as 2, 4, 6 by the program; the older form without a step is its ordinal
    for (const [value, step] of [[0.9, 2], [0.7, 4], [0.65, 6]] as const) await store.append(name, { type: 'trial_intermediate', id: 0, value, step, at: 1010 + step });
    await store.append(name, { type: 'trial_intermediate', id: 1, value: 0.5, at: 1020 });
    // another process sees a running trial's curve so far
    const running = await (await another()).load(name);
    expect(running?.trials[0]).toMatchObject({ state: 'running', intermediate: [0.9, 0.7, 0.65], steps: [2, 4, 6] });
    const error = 'pruned at step 6 (median): best value so far 0.65 is worse than the median 0.4 of 3 other trials at that step';
    await store.append(name, { type: 'trial_finished', id: 0, state: 'pruned', value: 0.65, exitCode: null, error, at: 1030 });
    const fresh = await another();
    const state = await fresh.load(name);
    expect(state?.trials[0]).toMatchObject({ state: 'pruned', value: 0.65, steps: [2, 4, 6], error });
    expect(state?.trials[1]).toMatchObject({ state: 'running', intermediate: [0.5], steps: [1] });
    expect(replay(await fresh.readEvents(name))).toEqual(state);
    const changes = await fresh.readChanges?.(name, null);
    if (changes != null) expect(changes.trials[0]?.trial).toMatchObject({ state: 'pruned', steps: [2, 4, 6] });
  });

  it("keeps a finished trial's extra metrics, through every way of reading it", async () => {
    const name = uniqueStudy('extras');
    await store.createStudy(makeMeta(name));
    await store.createTrial(name, asked({ x: 1 }, 1000));
    await store.createTrial(name, asked({ x: 2 }, 1001));
    await store.append(name, { type: 'trial_finished', id: 0, state: 'complete', value: 0.3, exitCode: 0, error: null, at: 1010, extras: { accuracy: 0.91, 'eval/f1': 0.5 } });
    await store.appendBatch(name, [{ event: { type: 'trial_finished', id: 1, state: 'complete', value: 0.4, exitCode: 0, error: null, at: 1011 } }]);
    // results added from a file (hypertune add) keep theirs too
    const finish = { state: 'complete' as const, value: 0.2, error: null, at: 1012, extras: { accuracy: 0.95 } };
    expect(await store.recordTrials(name, [{ trial: { ...asked({ x: 3 }, 1012), sampler: 'added', startup: false }, finish }])).toEqual([2]);
    const fresh = await another();
    const state = await fresh.load(name);
    expect(state?.trials[0]?.extras).toEqual({ accuracy: 0.91, 'eval/f1': 0.5 });
    expect(state?.trials[1]?.extras).toBeUndefined();
    expect(state?.trials[2]?.extras).toEqual({ accuracy: 0.95 });
    expect(replay(await fresh.readEvents(name))).toEqual(state);
    const changes = await fresh.readChanges?.(name, null);
    if (changes != null) expect(changes.trials.map(({ trial }) => trial.extras)).toEqual([{ accuracy: 0.91, 'eval/f1': 0.5 }, undefined, { accuracy: 0.95 }]);
  });

  it('keeps the folder each trial ran in, its latest start\'s, through every way of reading it', async () => {
    const name = uniqueStudy('cwd');
    await store.createStudy(makeMeta(name));
    await store.createTrial(name, asked({ x: 1 }, 1000));
    await store.createTrial(name, asked({ x: 2 }, 1001));
    await store.append(name, { type: 'trial_started', id: 0, worker: 'a:1', at: 1002, cwd: '/srv/a' });
    // started again by a worker elsewhere (a take-over): that start's folder
    await store.appendBatch(name, [{ event: { type: 'trial_started', id: 0, worker: 'b:2', at: 1003, cwd: '/scratch/b' } }]);
    await store.append(name, { type: 'trial_started', id: 1, worker: 'a:1', at: 1004 });
    const fresh = await another();
    const state = await fresh.load(name);
    expect(state?.trials[0]?.cwd).toBe('/scratch/b');
    expect(state?.trials[1]?.cwd).toBeUndefined();
    expect(replay(await fresh.readEvents(name))).toEqual(state);
    const changes = await fresh.readChanges?.(name, null);
    if (changes != null) expect(changes.trials.map(({ trial }) => trial.cwd)).toEqual(['/scratch/b', undefined]);
  });

  it('keeps which sampler proposed each trial, through every way of creating and reading trials', async () => {
    const name = uniqueStudy('sampler');
    await store.createStudy(makeMeta(name, { options: { algo: 'auto', seed: 1 } }));
    const samplers = ['startup', 'gp', 'tpe', 'random', 'grid'] as const;
    for (const [i, sampler] of samplers.entries()) {
      await store.createTrial(name, { ...asked({ x: i }, 1000 + i), startup: sampler === 'startup', sampler });
    }
    const claimed = await store.claimStale?.(name, 10, 5000, 'w:claim');
    if (claimed !== undefined) expect(claimed).toMatchObject({ id: 0, sampler: 'startup' });
    if (store.createSharedTrial !== undefined) {
      expect(await store.createSharedTrial(name, { ...asked({ x: 9 }, 6000), startup: false, sampler: 'gp' }, null)).toEqual({ id: 5 });
    }
    const fresh = await another();
    const state = await fresh.load(name);
    const expected = [...samplers, ...(store.createSharedTrial === undefined ? [] : ['gp'])];
    expect(state?.trials.map((trial) => trial.sampler)).toEqual(expected);
    expect(replay(await fresh.readEvents(name))?.trials.map((trial) => trial.sampler)).toEqual(expected);
    const changes = await fresh.readChanges?.(name, null);
    if (changes != null) expect(changes.trials.map(({ trial }) => trial.sampler)).toEqual(expected);
  });

  it('keeps target changes apart from the original meta', async () => {
    const name = uniqueStudy('target');
    await store.createStudy(makeMeta(name));
    await store.setTarget(name, 40, 2000);
    await store.setTarget(name, 55, 3000);
    const state = await (await another()).load(name);
    expect(state?.target).toBe(55);
    expect(state?.meta.target).toBe(20);
  });

  it('keeps time budget changes, none at first, the last one read back by another store and in the changes', async () => {
    const name = uniqueStudy('budget');
    await store.createStudy(makeMeta(name));
    expect((await (await another()).load(name))?.timeBudgetS).toBeUndefined();
    await store.setTimeBudget(name, 3600, 2000);
    await store.setTimeBudget(name, 7200, 3000);
    const fresh = await another();
    expect((await fresh.load(name))?.timeBudgetS).toBe(7200);
    const changes = await fresh.readChanges?.(name, null);
    if (changes != null) expect(changes.timeBudgetS).toBe(7200);
    await store.setTimeBudget(name, null, 4000);
    expect((await (await another()).load(name))?.timeBudgetS).toBeNull();
    await expect(store.setTimeBudget(uniqueStudy('nowhere'), 60, 5000)).rejects.toThrow(/does not exist|no study/);
  });

  it('keeps stop rule changes, none at first, the last one read back by another store and in the changes', async () => {
    const name = uniqueStudy('stop');
    await store.createStudy(makeMeta(name));
    expect((await (await another()).load(name))?.stopRule).toBeUndefined();
    await store.setStopRule(name, { at: 0.5, patience: null, minDelta: 0 }, 2000);
    await store.setStopRule(name, { at: null, patience: 30, minDelta: 0.001 }, 3000);
    const fresh = await another();
    expect((await fresh.load(name))?.stopRule).toEqual({ at: null, patience: 30, minDelta: 0.001 });
    const changes = await fresh.readChanges?.(name, null);
    if (changes != null) expect(changes.stopRule).toEqual({ at: null, patience: 30, minDelta: 0.001 });
    // a study's rule turned off is a change too, not the rule it was created with
    await store.setStopRule(name, { at: null, patience: null, minDelta: 0 }, 4000);
    expect((await (await another()).load(name))?.stopRule).toEqual({ at: null, patience: null, minDelta: 0 });
    await expect(store.setStopRule(uniqueStudy('nowhere'), { at: 1, patience: null, minDelta: 0 }, 5000)).rejects.toThrow(/does not exist|no study/);
  });

  it('keeps start folder changes (resume --here) apart from the original meta, the last one read back by another store', async () => {
    const name = uniqueStudy('folder');
    const meta = makeMeta(name, { options: { ...makeMeta(name).options, cwd: '/home/ana/proj' } });
    await store.createStudy(meta);
    const first = await (await another()).load(name);
    expect(first?.startFolder).toBeUndefined();
    expect(first === null ? null : studyStartFolder(first)).toBe('/home/ana/proj');
    await store.setStartFolder(name, '/scratch/proj', 2000);
    await store.setStartFolder(name, '/work/prój ✓/it\'s here', 3000);
    const fresh = await another();
    const state = await fresh.load(name);
    expect(state?.startFolder).toBe('/work/prój ✓/it\'s here');
    expect(state === null ? null : studyStartFolder(state)).toBe('/work/prój ✓/it\'s here');
    expect(state?.meta).toEqual(meta);
    // the events read back replay to the same folder, as any reader of them gets it
    expect(replay(await fresh.readEvents(name))?.startFolder).toBe('/work/prój ✓/it\'s here');
    await expect(store.setStartFolder(uniqueStudy('nowhere'), '/x', 4000)).rejects.toThrow(/does not exist|no study/);
  });

  it("keeps the extra metrics as last changed in the study's options, read back by another store and by its events", async () => {
    const name = uniqueStudy('extras');
    const meta = makeMeta(name, { options: { ...makeMeta(name).options, extraMetrics: ['acc'] } });
    await store.createStudy(meta);
    await store.setExtraMetrics(name, ['acc', 'f1'], 2000);
    await store.setExtraMetrics(name, ['acc', 'f1', "valid_0's auc"], 3000);
    const fresh = await another();
    const state = await fresh.load(name);
    expect(state?.meta.options['extraMetrics']).toEqual(['acc', 'f1', "valid_0's auc"]);
    // the rest of the meta is as it was made
    expect({ ...state?.meta, options: { ...state?.meta.options, extraMetrics: ['acc'] } }).toEqual(meta);
    expect(replay(await fresh.readEvents(name))?.meta.options['extraMetrics']).toEqual(['acc', 'f1', "valid_0's auc"]);
    await expect(store.setExtraMetrics(uniqueStudy('nowhere'), ['x'], 4000)).rejects.toThrow(/does not exist|no study/);
  });

  it('keeps trial outputs per stream, appended in order', async () => {
    const name = uniqueStudy('output');
    await store.createStudy(makeMeta(name));
    const id = await store.createTrial(name, asked({ x: 1 }));
    await store.appendOutput(name, id, 'stdout', 'epoch 1 loss=0.5\n');
    await store.appendOutput(name, id, 'stdout', 'epoch 2 loss=0.4 ✓\n');
    await store.appendOutput(name, id, 'stderr', 'warning\n');
    const fresh = await another();
    expect(await fresh.readOutput(name, id, 'stdout')).toBe('epoch 1 loss=0.5\nepoch 2 loss=0.4 ✓\n');
    expect(await fresh.readOutput(name, id, 'stderr')).toBe('warning\n');
    expect(await fresh.readOutput(name, id + 1, 'stdout')).toBe('');
    // in the trial's folder on this machine too, as README promises (for PostgreSQL, a copy of what the
    // database holds: what is left of a run should the server stay away; found by a user audit)
    const folder = await store.trialFolder(name, id);
    expect(readFileSync(join(folder, 'stdout.log'), 'utf8')).toBe('epoch 1 loss=0.5\nepoch 2 loss=0.4 ✓\n');
    expect(readFileSync(join(folder, 'stderr.log'), 'utf8')).toBe('warning\n');
  });

  it('refuses a new study name that a command line or a table cannot carry', async () => {
    await expect(store.createStudy(makeMeta(` ${uniqueStudy('spaced')}`))).rejects.toThrow(/starts or ends with a space/);
    await expect(store.createStudy(makeMeta(`-${uniqueStudy('dash')}`))).rejects.toThrow(/starts with -/);
  });

  it("gives each trial its own folder under this machine's folder, and writes files into it", async () => {
    const name = uniqueStudy('folders');
    await store.createStudy(makeMeta(name));
    const id = await store.createTrial(name, asked({ x: 1 }));
    const folder = await store.trialFolder(name, id);
    expect(folder).toBe(join(resolve(options.dir ?? '.hypertune'), name, 'trials', String(id)));
    expect(statSync(folder).isDirectory()).toBe(true);
    const file = await store.writeTrialFile(name, id, 'params.json', '{"x": 1}\n');
    expect(file).toBe(join(folder, 'params.json'));
    expect(readFileSync(file, 'utf8')).toBe('{"x": 1}\n');
    expect(await store.diskUsage(name)).toBeGreaterThanOrEqual('{"x": 1}\n'.length);
    await expect(store.writeTrialFile(name, id, '../escape', 'x')).rejects.toThrow(/invalid trial file name/);
    // a folder left by an earlier trial of the next id, whose record the study lost: moved aside, not mixed in
    const next = await store.createTrial(name, asked({ x: 2 }));
    const stale = join(resolve(options.dir ?? '.hypertune'), name, 'trials', String(next));
    mkdirSync(stale, { recursive: true });
    writeFileSync(join(stale, 'stdout.log'), 'epoch 1 loss=9\n');
    await store.appendOutput(name, next, 'stdout', 'epoch 1 loss=0.1\n');
    expect(readFileSync(join(stale, 'stdout.log'), 'utf8')).toBe('epoch 1 loss=0.1\n');
    const aside = readdirSync(join(stale, '..')).filter((entry) => entry.startsWith(`${next}.stale-`));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(stale, '..', aside[0] ?? '', 'stdout.log'), 'utf8')).toBe('epoch 1 loss=9\n');
  });

  it('gives unique ids 0..N-1 to trials created by several processes at once', async () => {
    const name = uniqueStudy('concurrent');
    await store.createStudy(makeMeta(name));
    const children = [0, 1, 2, 3].map(() => startChild('create-trials', options, name, '50', 'wait-for-go'));
    const results = children.map((child) => finished(child));
    await Promise.all(children.map((child) => waitForLine(child, 'ready')));
    for (const child of children) child.stdin?.end('go\n');
    const perChild = (await Promise.all(results)).map((result) => {
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout.replace('ready\n', '')) as number[];
    });
    const all = perChild.flat().sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 200 }, (_, index) => index));
    const state = await store.load(name);
    expect(state?.trials.map((trial) => trial.id)).toEqual(all);
    for (const ids of perChild) {
      const pids = new Set(ids.map((id) => state?.trials[id]?.params['pid']));
      expect(pids.size).toBe(1);
    }
  });

  it('lets only one caller take over a stale running trial, and only one re-run it', async () => {
    const name = uniqueStudy('stale');
    await store.createStudy(makeMeta(name));
    const old = await store.createTrial(name, asked({ x: 1 }, 1000));
    const fresh = await store.createTrial(name, asked({ x: 2 }, 1000));
    await store.append(name, { type: 'trial_heartbeat', id: fresh, worker: 'host:1', at: 9000 });
    const [a, b] = await Promise.all([store.claimStale!(name, 5000, 10_000, 'w:a'), (await another()).claimStale!(name, 5000, 10_000, 'w:b')]);
    const claims = [a, b].filter((trial) => trial !== null);
    expect(claims).toHaveLength(1);
    expect(claims[0]).toMatchObject({ id: old, state: 'interrupted', params: { x: 1 } });
    expect(claims[0]?.error).toMatch(/no heartbeat .* taken over by w:[ab]/);
    expect(await store.claimStale!(name, 5000, 10_000, 'w:c')).toBeNull();
    const state = await store.load(name);
    expect(state?.trials.map((trial) => trial.state)).toEqual(['interrupted', 'running']);
    const retry = await store.createTrial(name, asked({ x: 1 }, 10_001, old));
    await expect(store.createTrial(name, asked({ x: 1 }, 10_002, old))).rejects.toBeInstanceOf(RetryTakenError);
    expect((await store.load(name))?.retried).toEqual(new Set([old]));
    expect(retry).toBe(2);
  });

  it('takes over only the named workers\' trials when asked for gone workers, however recent, and says why', async () => {
    const name = uniqueStudy('gone');
    await store.createStudy(makeMeta(name));
    const ofGone = await store.createTrial(name, { ...asked({ x: 1 }, 1000), worker: 'here:41' });
    const ofLive = await store.createTrial(name, { ...asked({ x: 2 }, 1000), worker: 'here:42' });
    const leased = await store.createTrial(name, { ...asked({ x: 3 }, 1000), worker: 'here:41', external: true, leaseUntil: 2000 });
    await store.append(name, { type: 'trial_heartbeat', id: ofGone, worker: 'here:41', at: 9000 });
    // the gone worker beat 1 s ago: within the heartbeat timeout, past the short wait asked for
    expect(await store.claimStale!(name, 5000, 10_000, 'w:a', ['here:41'])).toBeNull();
    const claimed = await store.claimStale!(name, 500, 10_000, 'w:a', ['here:41']);
    expect(claimed).toMatchObject({ id: ofGone, state: 'interrupted' });
    expect(claimed?.error).toBe('its worker (here:41) is no longer running on this machine; taken over by w:a');
    expect(await store.claimStale!(name, 500, 10_000, 'w:a', ['here:41'])).toBeNull();
    const state = await (await another()).load(name);
    expect(state?.trials.map((t) => [t.id, t.state])).toEqual([[ofGone, 'interrupted'], [ofLive, 'running'], [leased, 'running']]);
  });

  it('keeps an asked trial\'s lease, and takes it over only once the lease has run out, however old its ask', async () => {
    const name = uniqueStudy('lease');
    await store.createStudy(makeMeta(name));
    const leased = await store.createTrial(name, { ...asked({ x: 1 }, 1000), external: true, leaseUntil: 50_000 });
    const open = await store.createTrial(name, { ...asked({ x: 2 }, 1000), external: true });
    expect((await (await another()).load(name))?.trials.map((t) => t.leaseUntil)).toEqual([50_000, undefined]);
    // silent for far longer than the heartbeat timeout: an asked trial is not a worker's, only its lease counts
    expect(await store.claimStale!(name, 5000, 49_999, 'w:a')).toBeNull();
    const claimed = await store.claimStale!(name, 5000, 50_001, 'w:a');
    expect(claimed).toMatchObject({ id: leased, state: 'interrupted' });
    expect(claimed?.error).toMatch(/^not told within its lease \(until 1970-01-01T00:00:50\.000Z\); given again by w:a$/);
    // without a lease it waits for its tell forever
    expect(await store.claimStale!(name, 5000, 10 ** 12, 'w:a')).toBeNull();
    expect((await store.load(name))?.trials.find((t) => t.id === open)?.state).toBe('running');
  });

  it(target.exclusiveRunLock ? 'lets one process at a time hold the run lock' : 'shares a study between workers (the run lock is a no-op)', async () => {
    const name = uniqueStudy('lock');
    await store.createStudy(makeMeta(name));
    const release = await store.acquireRunLock(name, 'host:1');
    const second = (await another()).acquireRunLock(name, 'host:2');
    if (target.exclusiveRunLock) {
      await expect(second).rejects.toThrow(new RegExp(`study "${name}" is being run by pid ${process.pid} on host .+ since .+; wait for it or use --study NAME`));
      await release();
      const again = await (await another()).acquireRunLock(name, 'host:2');
      await again();
    } else {
      await (await second)();
      await release();
    }
  });

  it('lists the studies it holds', async () => {
    const names = [uniqueStudy('list-b'), uniqueStudy('list-a')];
    for (const name of names) await store.createStudy(makeMeta(name));
    const listed = await (await another()).listStudies();
    expect(listed).toEqual(expect.arrayContaining(names));
    expect(listed).toEqual([...listed].sort());
  });

  it('removes a study, its trials and its folder here; a study of that name made again starts empty', async () => {
    const study = uniqueStudy('remove');
    await store.createStudy(makeMeta(study));
    const id = await store.createTrial(study, asked({ lr: 0.1 }));
    await store.appendOutput(study, id, 'stdout', 'epoch 1 loss=0.5\n');
    const folder = await store.trialFolder(study, id);
    expect(await store.removeStudy(study)).toBe(true);
    expect(await store.load(study)).toBeNull();
    expect((await (await another()).listStudies()).includes(study)).toBe(false);
    expect(() => statSync(folder)).toThrow();
    expect(await store.removeStudy(study)).toBe(false);
    await store.createStudy(makeMeta(study, { createdAt: 1_800_000_000_000 }));
    expect((await store.load(study))?.trials).toEqual([]);
    expect(await store.createTrial(study, asked({ lr: 0.2 }))).toBe(0);
  });
}
