import { describe, expect, it } from 'vitest';
import { createTrialWriter } from '../../src/loop/trial-writer.js';
import type { Store } from '../../src/store/types.js';
import type { TrialEvent } from '../../src/study/events.js';
import { journalWithTrial } from './journal-with-trial.js';

// A kill -9 campaign on PostgreSQL found a trial stored with steps 1..5, 7, 8, 6: a value a pruner
// judges is written at once, and while the batch before it was still on its way, values no pruner
// judges queued behind it went out ahead of it. The store here is a real journal whose first batch is
// held until the test lets it go, as a slow round trip holds it.
describe('a trial writer keeps a trial values in the order they came', () => {
  const journal = journalWithTrial('hypertune-writer-order-');

  it('a judged value written while a batch is on its way stays ahead of the values that came after it', async () => {
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let batches = 0;
    const slowAppend: Store['appendBatch'] = async (study, writes) => {
      if (batches++ === 0) await gate;
      return journal.store().appendBatch(study, writes);
    };
    const slow = new Proxy(journal.store(), {
      get(target, key) {
        if (key === 'appendBatch') return slowAppend;
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    }) as Store;
    const recorded: number[] = [];
    const writer = createTrialWriter(slow, 's', 0, 'tail', (event) => {
      if (event.type === 'trial_intermediate' && event.step !== undefined) recorded.push(event.step);
    });
    const value = (step: number): TrialEvent => ({ type: 'trial_intermediate', id: 0, value: 10 - step, step, at: step });
    const first = writer.now(value(1)); // on its way, held
    const judged = writer.now(value(2)); // a rung's value: written at once, so queued behind the first
    writer.later(value(3)); // values between rungs wait for the next write
    writer.later(value(4));
    release();
    await Promise.all([first, judged]);
    await writer.finish({ type: 'trial_finished', id: 0, state: 'complete', value: 6, exitCode: 0, error: null, at: 5 });
    const trial = (await journal.store().load('s'))?.trials[0];
    expect(trial?.steps).toEqual([1, 2, 3, 4]);
    expect(trial?.intermediate).toEqual([9, 8, 7, 6]);
    expect(recorded).toEqual([1, 2, 3, 4]);
  });
});
