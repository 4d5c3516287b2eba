import { describe, expect, it } from 'vitest';
import { createEndWait, FIRST_WAIT_MS } from '../../src/loop/end-wait.js';
import type { StudyEvent } from '../../src/study/events.js';
import { replay, type StudyState } from '../../src/study/replay.js';
import { asked, makeMeta } from '../store/conformance.js';

/** A study whose trials each ran `durationMs` (started, finished), and `running` more still running. */
function studyOf(durationsMs: readonly number[], running = 1): StudyState {
  const events: StudyEvent[] = [{ type: 'study_created', meta: makeMeta('s', { target: durationsMs.length + running }) }];
  durationsMs.forEach((duration, id) => {
    events.push({ type: 'trial_asked', id, ...asked({ x: id }, 1000) });
    events.push({ type: 'trial_started', id, worker: 'w', at: 1010 });
    events.push({ type: 'trial_finished', id, state: 'complete', value: 1, exitCode: 0, error: null, at: 1010 + duration });
  });
  for (let i = 0; i < running; i++) events.push({ type: 'trial_asked', id: durationsMs.length + i, ...asked({ x: -i }, 2000) });
  const state = replay(events);
  if (state === null) throw new Error('no study');
  return state;
}

const waits = (state: StudyState, heartbeatMs: number, count: number): number[] => {
  const wait = createEndWait(heartbeatMs);
  return Array.from({ length: count }, () => wait.next(state));
};

describe('createEndWait: how long a worker waits for the last trials of a shared study', () => {
  it('backs off from 50 ms to a quarter of the typical trial: 125 ms on 0.5 s trials', () => {
    expect(waits(studyOf([500, 480, 520]), 5000, 4)).toEqual([FIRST_WAIT_MS, 100, 125, 125]);
  });

  it('backs off to 2 s on long trials, and to the heartbeat period when it is shorter', () => {
    expect(waits(studyOf([3_600_000, 3_500_000]), 5000, 7)).toEqual([50, 100, 200, 400, 800, 1600, 2000]);
    expect(waits(studyOf([3_600_000]), 300, 4)).toEqual([50, 100, 200, 300]);
  });

  it('with no finished trial yet backs off as on long ones; never below 50 ms, and starts again after a reset', () => {
    expect(waits(studyOf([]), 5000, 6)).toEqual([50, 100, 200, 400, 800, 1600]);
    const wait = createEndWait(5000);
    const quick = studyOf([10, 12, 8]);
    expect([wait.next(quick), wait.next(quick)]).toEqual([50, 50]);
    const slow = studyOf([60_000]);
    expect([wait.next(slow), wait.next(slow)]).toEqual([100, 200]);
    wait.reset();
    expect(wait.next(slow)).toBe(50);
  });
});
