import { describe, expect, it } from 'vitest';
import type { StudyEvent, StudyMeta } from '../../src/study/events.js';
import { learnedHistory, reRunIds } from '../../src/study/history.js';
import { replay, upsertTrial } from '../../src/study/replay.js';

const meta: StudyMeta = { name: 's', spaceText: 'params: {}', spaceFile: null, command: ['x'], options: {}, target: 9, createdAt: 0 };
const asked = (id: number, x: number, retryOf: number | null = null): StudyEvent => ({ type: 'trial_asked', id, params: { x }, startup: false, worker: 'w', at: id, retryOf });
const finished = (id: number, state: 'complete' | 'failed' | 'interrupted', value: number | null): StudyEvent => ({
  type: 'trial_finished', id, state, value, exitCode: state === 'failed' ? 1 : 0, error: null, at: 100 + id,
});

// 0 crashed and 2 re-ran it (complete); 1 failed for good; 3 was interrupted and 4 re-ran it; 5 crashed and 6 re-runs it still
const study = replay([
  { type: 'study_created', meta },
  asked(0, 0.1), finished(0, 'failed', null),
  asked(1, 0.2), finished(1, 'failed', null),
  asked(2, 0.1, 0), finished(2, 'complete', 0.5),
  asked(3, 0.3), finished(3, 'interrupted', null),
  asked(4, 0.3, 3), finished(4, 'complete', 0.7),
  asked(5, 0.4), finished(5, 'failed', null),
  asked(6, 0.4, 5),
]);

describe('the history the samplers learn from', () => {
  it('reads a failed trial that a later trial re-ran as interrupted, and every other trial as it is', () => {
    if (study === null) throw new Error('no study');
    expect(study.trials.map((t) => t.retryOf ?? null)).toEqual([null, null, 0, null, 3, null, 5]);
    expect(learnedHistory(study.trials).map((t) => t.state)).toEqual(['interrupted', 'failed', 'complete', 'interrupted', 'complete', 'interrupted', 'running']);
    // the trial a record reads is untouched
    expect(study.trials[0]?.state).toBe('failed');
  });

  it('takes only the re-runs asked before a trial, as its proposal saw them (explain, the report)', () => {
    if (study === null) throw new Error('no study');
    expect([...reRunIds(study.trials, 2)]).toEqual([]);
    expect([...reRunIds(study.trials, 3)]).toEqual([0]);
    expect([...reRunIds(study.trials)]).toEqual([0, 3, 5]);
  });

  it("keeps a re-run's origin when a shared store's copy of the trial replaces the state's", () => {
    if (study === null) throw new Error('no study');
    const copy = replay([{ type: 'study_created', meta }, asked(0, 0.1), finished(0, 'failed', null)]);
    if (copy === null) throw new Error('no study');
    const rerun = { ...(study.trials[2] as NonNullable<(typeof study.trials)[number]>) };
    delete rerun.retryOf;
    upsertTrial(copy, rerun, 0);
    expect(copy.trials[1]?.retryOf).toBe(0);
    expect(copy.retried.has(0)).toBe(true);
    expect(learnedHistory(copy.trials).map((t) => t.state)).toEqual(['interrupted', 'complete']);
  });
});
