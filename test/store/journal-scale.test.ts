import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { replay } from '../../src/study/replay.js';
import type { StudyEvent } from '../../src/study/events.js';
import { asked, makeMeta } from './conformance.js';
import { JournalFile } from '../../src/store/journal/journal-file.js';

// big enough that a replay in n² (each new trial searched for among all before it) takes seconds
const TRIALS = 20_000;

describe('a journal of tens of thousands of trials', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hypertune-scale-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is read whole, each new trial placed at the end without a search (a replay in n² took 4-8 s at 40,000 trials; timed in docs/journal.md)', async () => {
    const writer = await openStore({ dir });
    await writer.createStudy(makeMeta('big', { target: TRIALS }));
    const finish = { state: 'complete' as const, value: 1, error: null, at: 2000 };
    await writer.recordTrials('big', Array.from({ length: TRIALS }, (_, i) => ({ trial: asked({ x: i }), finish: { ...finish, value: i } })));
    await writer.close();

    // a fresh process's view: a new store reads the file from its start, as summary or show does
    const reader = await openStore({ dir });
    const state = await reader.load('big');
    await reader.close();
    expect(state?.trials.length).toBe(TRIALS);
    expect(state?.trials.every((trial, index) => trial.id === index && trial.state === 'complete' && trial.value === index)).toBe(true);
  });

  it('still finds trials asked out of order, with gaps, and ignores a repeated ask of one', () => {
    const meta = makeMeta('gaps');
    const ask = (id: number, x: number): StudyEvent => ({ type: 'trial_asked', id, params: { x }, startup: false, worker: 'w', at: id, retryOf: null });
    const state = replay([{ type: 'study_created', meta }, ask(5, 1), ask(2, 2), ask(9, 3), ask(2, 4), ask(5, 5), ask(7, 6), { type: 'trial_intermediate', id: 2, value: 0.5, step: 1, at: 10 }]);
    expect(state?.trials.map((trial) => [trial.id, trial.params['x']])).toEqual([[2, 2], [5, 1], [7, 6], [9, 3]]);
    expect(state?.trials[0]?.intermediate).toEqual([0.5]);
  });
});

describe('the state a journal file keeps for the writes made under its lock', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hypertune-kept-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is what a replay of every event read gives, as two writers append in turn and after the file is replaced', async () => {
    const path = join(dir, 'journal.jsonl');
    const [one, two] = [new JournalFile(path), new JournalFile(path)];
    const write = (file: JournalFile, events: StudyEvent[]): void => {
      file.catchUp();
      file.appendLocked(events);
    };
    const ask = (id: number): StudyEvent => ({ type: 'trial_asked', id, params: { x: id }, startup: false, worker: 'w', at: id, retryOf: null });
    write(one, [{ type: 'study_created', meta: makeMeta('kept') }, ask(0)]);
    expect(one.lines.state?.trials.length).toBe(1);
    write(two, [ask(1), { type: 'trial_intermediate', id: 0, value: 0.5, step: 1, at: 3 }]);
    write(one, [{ type: 'trial_finished', id: 0, state: 'complete', value: 0.5, exitCode: 0, error: null, at: 4 }, { type: 'target_changed', target: 9, at: 5 }]);
    write(two, [ask(2)]);
    for (const file of [one, two]) {
      file.catchUp();
      expect(file.lines.state).toEqual(replay(file.all));
    }
    expect(one.lines.state?.trials.map((trial) => trial.state)).toEqual(['complete', 'running', 'running']);
    await Promise.all([one.close(), two.close()]);
    await rm(path);
    const again = new JournalFile(path);
    write(again, [{ type: 'study_created', meta: makeMeta('again') }]);
    one.catchUp();
    expect(one.lines.state?.meta.name).toBe('again');
    expect(one.lines.state?.trials).toEqual([]);
    await Promise.all([one.close(), again.close()]);
  });

  it('gives asks and tells of a long study, decided on the kept state, the ids and results a replay of the file gives', async () => {
    const writer = await openStore({ dir });
    await writer.createStudy(makeMeta('long', { target: 100_000 }));
    const finish = { state: 'complete' as const, value: 1, error: null, at: 2000 };
    await writer.recordTrials('long', Array.from({ length: 3_000 }, (_, i) => ({ trial: asked({ x: i }), finish })));
    const teller = await openStore({ dir });
    await teller.load('long');
    for (let i = 0; i < 20; i++) {
      const made = await teller.createSharedTrial?.('long', asked({ x: -i }), null);
      if (made === undefined || !('id' in made)) throw new Error('no trial made');
      expect(made.id).toBe(3_000 + i);
      expect(await teller.finishRunning('long', made.id, [{ type: 'trial_finished', id: made.id, state: 'complete', value: i, exitCode: null, error: null, at: 3000 }])).toBe(true);
      // told once: a second tell of the same trial finds it no longer running
      expect(await teller.finishRunning('long', made.id, [{ type: 'trial_finished', id: made.id, state: 'complete', value: -1, exitCode: null, error: null, at: 3001 }])).toBe(false);
    }
    const state = await writer.load('long');
    await Promise.all([writer.close(), teller.close()]);
    expect(state?.trials.length).toBe(3_020);
    expect(state?.trials.slice(3_000).map((trial) => [trial.state, trial.value])).toEqual(Array.from({ length: 20 }, (_, i) => ['complete', i]));
  });
});
