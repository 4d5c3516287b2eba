import { describe, expect, it } from 'vitest';
import { selfStoppingNotice, selfStoppingRuns } from '../../src/loop/self-stopping.js';
import type { Curve } from '../../src/engine/index.js';

const curve = (id: number, state: Curve['state'], last: number): Curve => ({ id, state, steps: Array.from({ length: last }, (_, i) => i + 1), values: Array.from({ length: last }, () => 1) });

describe('selfStoppingRuns: complete trials that ended short of a full run', () => {
  it('is null while every complete trial ran as long as the longest, or as max_steps', () => {
    expect(selfStoppingRuns([], null)).toBeNull();
    expect(selfStoppingRuns([curve(0, 'complete', 20), curve(1, 'complete', 20), curve(2, 'pruned', 3), curve(3, 'running', 5)], null)).toBeNull();
    expect(selfStoppingRuns([curve(0, 'complete', 27)], 27)).toBeNull();
    // one complete run says nothing of the length of others
    expect(selfStoppingRuns([curve(0, 'complete', 8)], null)).toBeNull();
  });

  it('names a short complete trial and the longest one, or max_steps', () => {
    const seen = selfStoppingRuns([curve(0, 'complete', 20), curve(1, 'pruned', 3), curve(2, 'complete', 8), curve(3, 'complete', 20)], null);
    expect(seen).toEqual({ short: { id: 2, step: 8 }, full: { id: 0, step: 20 } });
    expect(selfStoppingNotice('median', seen!, 2)).toBe(
      "--prune median: trial 2 ended by itself at step 8, where trial 0 ran 20 steps (the program's own early stopping, or a run length that varies): a decision now waits up to 2 s for the run's next value, so that a run ending meanwhile stays complete; a full run is taken to be 20 steps, the longest complete one (give --max-steps N to a new study if runs can go longer)",
    );
    const declared = selfStoppingRuns([curve(0, 'complete', 12)], 27);
    expect(declared).toEqual({ short: { id: 0, step: 12 }, full: { id: null, step: 27 } });
    expect(selfStoppingNotice('asha', declared!, 2)).toMatch(/^--prune asha: trial 0 ended by itself at step 12, short of max_steps 27 \(.*stays complete$/);
  });
});
