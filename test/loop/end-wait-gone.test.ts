import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { createEndWait } from '../../src/loop/end-wait.js';
import type { StudyEvent } from '../../src/study/events.js';
import { replay } from '../../src/study/replay.js';
import { asked, makeMeta } from '../store/conformance.js';

describe("createEndWait's notice, when a running trial's worker is gone from this machine", () => {
  it('says that trial is taken over two heartbeats after its last, not only the heartbeat timeout', () => {
    // a real process that ran here and ended: its pid runs no more (a tuner killed with -9)
    const gonePid = spawnSync('true').pid;
    const events: StudyEvent[] = [
      { type: 'study_created', meta: makeMeta('s', { target: 2 }) },
      { type: 'trial_asked', id: 0, ...asked({ x: 0 }, 1000) },
      { type: 'trial_started', id: 0, worker: `${hostname()}:${gonePid}`, at: 1010 },
      { type: 'trial_asked', id: 1, ...asked({ x: 1 }, 1000) },
      { type: 'trial_started', id: 1, worker: `elsewhere:${process.pid}`, at: 1010 },
    ];
    const state = replay(events);
    if (state === null) throw new Error('no study');
    const said: string[] = [];
    createEndWait(5000, (text) => said.push(text), 60_000).next(state, true);
    expect(said).toEqual([
      `the target is covered by trials 0, 1, running elsewhere: waiting for them to end, and taking over any whose worker sends no heartbeat for 60 s (--heartbeat-timeout); trial 0's worker (${hostname()}:${gonePid}) is no longer running on this machine: it is taken over 10 s after its last heartbeat`,
    ]);
  });
});
