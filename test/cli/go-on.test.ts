// The last lines of a run that ended on its time budget: a resume that raises it, even where the
// stored trial time shows a little less than the budget (the loop counts a trial from its ask).
import { describe, expect, it } from 'vitest';
import { goOnLines } from '../../src/cli/go-on.js';
import type { RunSettings, StudyRunResult } from '../../src/loop/index.js';
import type { Space } from '../../src/space/types.js';
import type { StudyEvent, StudyMeta } from '../../src/study/events.js';
import { replay } from '../../src/study/replay.js';
import { NO_TRIAL_TARGET } from '../../src/study/types.js';

const meta: StudyMeta = { name: 's', spaceText: 'params: {}', spaceFile: null, command: ['x'], options: {}, target: NO_TRIAL_TARGET, createdAt: 0 };
const events: StudyEvent[] = [
  { type: 'study_created', meta },
  { type: 'trial_asked', id: 0, params: { x: 0 }, startup: true, worker: 'w', at: 0, retryOf: null },
  { type: 'trial_finished', id: 0, state: 'complete', value: 1, exitCode: 0, error: null, at: 1400 },
];
const settings = { algo: 'auto', goal: 'minimize', metric: 'loss', stop: { at: null, patience: null, minDelta: 0 } } as unknown as RunSettings;
const space = {} as unknown as Space;

function lines(reason: StudyRunResult['reason'], spentS: number, budgetS: number | null, target?: number): string[] {
  const state = replay(target === undefined ? events : [{ type: 'study_created', meta: { ...meta, target } }, ...events.slice(1)]);
  if (state === null) throw new Error('no study');
  const result: StudyRunResult = { reason, error: null, state, reclaimed: [] };
  return goOnLines({ result, settings, space, finished: 1, where: '--study s', spentS, budgetS });
}

describe('the lines after a run', () => {
  it('raise a spent time budget, from the budget or the time spent, whichever is more', () => {
    expect(lines('budget', 1.6, 1.5)).toEqual(['Raise the budget with:', '  hypertune resume --study s --time-budget 4s']);
    // ended by its budget, though the trials' stored time is 1.4 s of 1.5 s (a busy machine)
    expect(lines('budget', 1.4, 1.5)).toEqual(['Raise the budget with:', '  hypertune resume --study s --time-budget 3s']);
    expect(lines('budget', 7200, 3600)).toEqual(['Raise the budget with:', '  hypertune resume --study s --time-budget 3h']);
  });

  it('say only how to go on after an interruption, and how to raise the target when it was reached all the same', () => {
    expect(lines('interrupted', 0.5, 1.5)).toEqual(['Go on with:', '  hypertune resume --study s']);
    // a worker stopped by SIGTERM while another finished the last trial: a plain resume would run nothing (a user audit)
    expect(lines('interrupted', 0.5, null, 1)).toEqual(['Raise the budget with:', '  hypertune resume --study s --trials 2']);
  });
});
