// The proposal a shared study's worker makes before it takes the ask lock (loop/ask-locked.ts): it
// stands when the history read under the lock is the one it was made on, and is made again otherwise,
// with the early one's GP fit when the finished trials are the same. Either way it is the proposal a
// single process asking in turn would make.
import { describe, expect, it } from 'vitest';
import { propose, type OptimizerOptions } from '../../src/engine/index.js';
import { newEarlyPacing, pace, proposalUnderLock } from '../../src/loop/ask-locked.js';
import type { Config } from '../../src/space/types.js';
import type { TrialRecord } from '../../src/study/types.js';
import { uniformSpace } from '../engine/spaces.js';
import { sequentialHistory } from '../helpers/sequential-history.js';

const space = uniformSpace([['x', -5, 5], ['y', -5, 5]]);
const bowl = (p: Config): number => (Number(p.x) - 1) ** 2 + (Number(p.y) + 2) ** 2;
const options: OptimizerOptions = { algo: 'auto', seed: 11 };

describe('the proposal under the ask lock', () => {
  const before = sequentialHistory(space, bowl, options, 12);
  const early = { history: before, id: 12, proposal: propose(space, before, 12, options) };

  it('is the early one when the history read under the lock is the same', () => {
    expect(early.proposal?.sampler).toBe('gp');
    const reread = before.map((record) => ({ ...record, params: { ...record.params } }));
    expect(proposalUnderLock(space, reread, 12, options, early)).toBe(early.proposal);
  });

  it('is made again when another worker started a trial meanwhile, away from that trial', () => {
    // the other worker took id 12 with the very point this worker proposed early
    const taken = early.proposal?.params ?? {};
    const now: TrialRecord[] = [...before, { id: 12, params: taken, state: 'running', value: null }];
    const again = proposalUnderLock(space, now, 13, options, early);
    expect(again).not.toBe(early.proposal);
    expect(again?.sampler).toBe('gp');
    expect(again?.params).not.toEqual(taken);
    // the finished trials are the same, so is the fit: taken from the early proposal, and the
    // proposal is the one a new fit gives
    expect(again?.fit).toBe(early.proposal?.fit);
    expect(again).toEqual(propose(space, now, 13, options));
  });

  it('is made again when a trial finished meanwhile', () => {
    const running: TrialRecord[] = [...before.slice(0, 11), { ...(before[11] as TrialRecord), state: 'running', value: null }];
    const earlier = { history: running, id: 12, proposal: propose(space, running, 12, options) };
    const again = proposalUnderLock(space, before, 12, options, earlier);
    expect(again).not.toBe(earlier.proposal);
    expect(again?.fit).not.toBe(earlier.proposal?.fit);
    expect(again).toEqual(propose(space, before, 12, options));
  });

  it('without an early proposal (the TPE in charge) is the plain proposal', () => {
    expect(proposalUnderLock(space, before, 12, options, null)).toEqual(propose(space, before, 12, options));
  });
});

describe('the pacing of early proposals', () => {
  it('skips 1, 3, 7, 15, 15 asks after 1 to 5 wasted in a row, and comes down one step for each one used', () => {
    const pacing = newEarlyPacing();
    const skips = [false, false, false, false, false, true, true, false, true, true, true, true].map((used) => {
      pace(pacing, used);
      return pacing.skip;
    });
    expect(skips).toEqual([1, 3, 7, 15, 15, 7, 3, 7, 3, 1, 0, 0]);
    expect(pacing).toEqual({ wasted: 0, skip: 0 });
  });
});
