// A GP proposal's fit (`fit`) given to a later ask (`gpFit`): taken as it is when that ask fits the very
// same trials, so the proposal is the one a new fit gives, without the fit's work; ignored otherwise.
// What a shared study's worker does when others started trials while it proposed (loop/ask-locked.ts).
import { describe, expect, it } from 'vitest';
import { propose } from '../../../src/engine/index.js';
import type { OptimizerOptions } from '../../../src/engine/index.js';
import type { Config } from '../../../src/space/types.js';
import type { TrialRecord } from '../../../src/study/types.js';
import { sequentialHistory } from '../../helpers/sequential-history.js';
import { uniformSpace } from '../spaces.js';

const square = uniformSpace([['x', -5, 5], ['y', -5, 5]]);
const bowl = (p: Config): number => (Number(p.x) - 1) ** 2 + (Number(p.y) + 2) ** 2;
const options: OptimizerOptions = { algo: 'auto', seed: 3 };

describe('a GP fit given to a later ask', () => {
  const history = sequentialHistory(square, bowl, options, 14);
  const early = propose(square, history, 14, options);

  it('comes with the GP\'s proposals only', () => {
    expect(propose(square, history, 14, { algo: 'tpe', seed: 3 })?.fit).toBeUndefined();
    expect(propose(square, history.slice(0, 5), 5, options)?.fit).toBeUndefined(); // a start-up point
    expect(early?.fit?.theta).toHaveLength(2 + 2); // two length scales, the signal and the noise
    expect(['none', 'log']).toContain(early?.fit?.warp);
  });

  it('is taken as it is when only running trials were added, and the proposal is the one a new fit gives', () => {
    // another worker took id 14 with the point this one proposed, and id 15 elsewhere
    const now: TrialRecord[] = [
      ...history,
      { id: 14, params: early?.params ?? {}, state: 'running', value: null },
      { id: 15, params: { x: 4, y: 4 }, state: 'running', value: null },
    ];
    const again = propose(square, now, 16, { ...options, gpFit: early?.fit });
    expect(again?.fit).toBe(early?.fit);
    expect(again).toEqual(propose(square, now, 16, options));
    expect(again?.params).not.toEqual(early?.params);
  });

  it('is ignored when a trial finished, or under other settings, and fitted anew', () => {
    const finished: TrialRecord[] = [...history, { id: 14, params: early?.params ?? {}, state: 'complete', value: bowl(early?.params ?? {}) }];
    const fresh = propose(square, finished, 15, options);
    const given = propose(square, finished, 15, { ...options, gpFit: early?.fit });
    expect(given?.fit).not.toBe(early?.fit);
    expect(given).toEqual(fresh);
    const other: OptimizerOptions = { ...options, gp: { noiseRate: 10 } };
    expect(propose(square, history, 14, { ...other, gpFit: early?.fit })).toEqual(propose(square, history, 14, other));
  });
});
