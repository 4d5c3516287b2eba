import { describe, expect, it } from 'vitest';
import type { StudyEvent, StudyMeta } from '../../src/study/events.js';
import { applyEvent, countByState, finishedCount, replay, upsertTrial } from '../../src/study/replay.js';

const meta: StudyMeta = { name: 's', spaceText: 'params: {}', spaceFile: null, command: ['x'], options: {}, target: 3, createdAt: 0 };
const asked = (id: number, retryOf: number | null = null): StudyEvent => ({
  type: 'trial_asked', id, params: { x: id }, startup: false, worker: 'w', at: id, retryOf,
});
const finished = (id: number, state: 'complete' | 'failed' | 'interrupted', value: number | null): StudyEvent => ({
  type: 'trial_finished', id, state, value, exitCode: state === 'failed' ? 1 : 0, error: null, at: 100 + id,
});

const log: StudyEvent[] = [
  { type: 'trial_asked', id: 9, params: {}, startup: false, worker: 'w', at: 0, retryOf: null }, // before the study: ignored
  { type: 'study_created', meta },
  asked(1),
  asked(0),
  { type: 'trial_intermediate', id: 1, value: 0.5, at: 2 },
  finished(1, 'complete', 0.4),
  { type: 'trial_intermediate', id: 1, value: 9, at: 3 }, // after the finish: ignored
  finished(1, 'failed', null), // a second finish: ignored
  finished(0, 'interrupted', null),
  asked(2, 0),
  asked(2), // a duplicate id: ignored
  { type: 'target_changed', target: 5, at: 4 },
  { type: 'trial_heartbeat', id: 2, worker: 'v', at: 7 },
  finished(7, 'complete', 1), // an unknown trial: ignored
];

describe('replay', () => {
  it('folds a log into trials in id order, ignoring what a crashed writer may leave', () => {
    const state = replay(log);
    expect(state?.trials.map((trial) => [trial.id, trial.state])).toEqual([[0, 'interrupted'], [1, 'complete'], [2, 'running']]);
    expect(state?.trials[1]?.intermediate).toEqual([0.5]);
    expect(state?.trials[1]?.value).toBe(0.4);
    expect(state?.trials[2]).toMatchObject({ worker: 'v', heartbeatAt: 7 });
    expect(state?.target).toBe(5);
    expect([...(state?.retried ?? [])]).toEqual([0]);
    expect(state && countByState(state)).toEqual({ running: 1, complete: 1, failed: 0, pruned: 0, interrupted: 1, queued: 0 });
    expect(state && finishedCount(state)).toBe(1);
  });

  it('gives the same state when events are applied one at a time to a kept state', () => {
    let state = replay(log.slice(0, 3));
    for (const event of log.slice(3)) state = applyEvent(state, event);
    expect(state).toEqual(replay(log));
  });

  it('is null without a study_created event', () => {
    expect(replay([asked(0)])).toBeNull();
  });
});

describe('upsertTrial (a shared store copy of a trial)', () => {
  it('replaces or inserts trials in id order and notes re-runs, but never turns a finished trial back to running', () => {
    const state = replay([{ type: 'study_created', meta }, asked(0), asked(2), finished(0, 'complete', 0.5)]);
    if (state === null) throw new Error('no state');
    const stored = (id: number, trialState: 'running' | 'complete', value: number | null) => ({
      id, params: { x: id }, state: trialState, value, intermediate: [], startup: false, askedAt: id,
      startedAt: null, finishedAt: null, exitCode: null, error: null, worker: 'other', heartbeatAt: id,
    });
    upsertTrial(state, stored(1, 'running', null), 0);
    upsertTrial(state, stored(2, 'complete', 0.25), null);
    // a read that began before trial 0's finish was recorded here
    upsertTrial(state, stored(0, 'running', null), null);
    expect(state.trials.map((t) => [t.id, t.state, t.value])).toEqual([[0, 'complete', 0.5], [1, 'running', null], [2, 'complete', 0.25]]);
    expect([...state.retried]).toEqual([0]);
  });
});

describe('which sampler proposed a trial', () => {
  const created = (options: Record<string, unknown>): StudyEvent => ({ type: 'study_created', meta: { ...meta, options } });
  const old = (id: number, startup: boolean): StudyEvent => ({ type: 'trial_asked', id, params: { x: id }, startup, worker: 'w', at: id, retryOf: null });

  it('keeps what the journal says', () => {
    const state = replay([created({ algo: 'auto' }), { ...old(0, true), sampler: 'startup' }, { ...old(1, false), sampler: 'gp' }, { ...old(2, false), sampler: 'tpe' }]);
    expect(state?.trials.map((t) => t.sampler)).toEqual(['startup', 'gp', 'tpe']);
  });

  it('tells it for journals written before samplers were recorded: start-up, else the study\'s one algorithm (tpe when none is stored)', () => {
    expect(replay([created({}), old(0, true), old(1, false)])?.trials.map((t) => t.sampler)).toEqual(['startup', 'tpe']);
    expect(replay([created({ algo: 'tpe' }), old(0, false)])?.trials.map((t) => t.sampler)).toEqual(['tpe']);
    expect(replay([created({ algo: 'random' }), old(0, false)])?.trials.map((t) => t.sampler)).toEqual(['random']);
    expect(replay([created({ algo: 'grid' }), old(0, false)])?.trials.map((t) => t.sampler)).toEqual(['grid']);
    // auto picks per trial: a record without the sampler cannot tell which
    expect(replay([created({ algo: 'auto' }), old(0, false), { ...old(1, false), sampler: 'nonsense' } as StudyEvent])?.trials.map((t) => t.sampler)).toEqual([null, null]);
  });
});
