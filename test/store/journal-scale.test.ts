import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { replay } from '../../src/study/replay.js';
import type { StudyEvent } from '../../src/study/events.js';
import { asked, makeMeta } from './conformance.js';

const TRIALS = 40_000;

describe('a journal of tens of thousands of trials', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hypertune-scale-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is read in time linear in its trials: each new trial is placed without a search (n² before: 4-8 s here)', async () => {
    const writer = await openStore({ dir });
    await writer.createStudy(makeMeta('big', { target: TRIALS }));
    const finish = { state: 'complete' as const, value: 1, error: null, at: 2000 };
    await writer.recordTrials('big', Array.from({ length: TRIALS }, (_, i) => ({ trial: asked({ x: i }), finish: { ...finish, value: i } })));
    await writer.close();

    // a fresh process's view: a new store reads the file from its start, as summary or show does
    const reader = await openStore({ dir });
    const started = performance.now();
    const state = await reader.load('big');
    const took = performance.now() - started;
    await reader.close();
    expect(state?.trials.length).toBe(TRIALS);
    expect(state?.trials.every((trial, index) => trial.id === index && trial.state === 'complete' && trial.value === index)).toBe(true);
    expect(took).toBeLessThan(2_000);
  });

  it('still finds trials asked out of order, with gaps, and ignores a repeated ask of one', () => {
    const meta = makeMeta('gaps');
    const ask = (id: number, x: number): StudyEvent => ({ type: 'trial_asked', id, params: { x }, startup: false, worker: 'w', at: id, retryOf: null });
    const state = replay([{ type: 'study_created', meta }, ask(5, 1), ask(2, 2), ask(9, 3), ask(2, 4), ask(5, 5), ask(7, 6), { type: 'trial_intermediate', id: 2, value: 0.5, step: 1, at: 10 }]);
    expect(state?.trials.map((trial) => [trial.id, trial.params['x']])).toEqual([[2, 2], [5, 1], [7, 6], [9, 3]]);
    expect(state?.trials[0]?.intermediate).toEqual([0.5]);
  });
});
