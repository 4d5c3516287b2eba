// When pruning cannot work on a program, the run says why, once: a single value per trial, or values
// that all arrived at the trial's end (buffered output).
import { describe, expect, it } from 'vitest';
import { createPruneAdvice, type ValueArrivals } from '../../src/loop/prune-advice.js';
import { resolveSettings } from '../../src/loop/settings.js';
import type { TrialOutcome } from '../../src/runner/index.js';
import { parseSpace } from '../../src/space/index.js';

const space = parseSpace('metric: loss\nparams:\n  x: uniform(0, 1)\n');
const outcome = (durationS: number, state: TrialOutcome['state'] = 'complete'): TrialOutcome => ({
  state, value: 1, intermediate: [], exitCode: 0, signal: null, timedOut: false, durationS, error: null,
});
// a 10 s trial that ended at t = 10 000 ms
const spread: ValueArrivals = { count: 10, firstAt: 1000, lastAt: 10_000, endedAt: 10_000 };
const burst: ValueArrivals = { count: 10, firstAt: 9_990, lastAt: 9_995, endedAt: 10_000 };

function advisor(prune: 'none' | 'median') {
  const said: string[] = [];
  const advise = createPruneAdvice(resolveSettings(space, { prune: { name: prune } }, () => 0), (text) => said.push(text));
  return { advise, said };
}

describe('prune advice', () => {
  it('says nothing of a program whose values come as it runs, nor without a pruner', () => {
    const { advise, said } = advisor('median');
    advise(0, outcome(10), spread);
    const off = advisor('none');
    off.advise(0, outcome(10), burst);
    off.advise(1, outcome(10), { ...spread, count: 1 });
    expect([...said, ...off.said]).toEqual([]);
  });

  it('names a buffered program once: values in the last moments of a long enough trial', () => {
    const { advise, said } = advisor('median');
    advise(3, outcome(0.5), { count: 5, firstAt: 490, lastAt: 495, endedAt: 500 }); // too short to tell
    advise(4, outcome(10), { ...burst, count: 2 }); // two values say little
    advise(5, outcome(10, 'pruned'), burst); // only complete trials
    expect(said).toEqual([]);
    advise(6, outcome(10), burst);
    advise(7, outcome(10), burst);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^trial 6's 10 values all arrived as it ended: its output looks buffered/);
  });

  it("names the program's logger when its values come from a metric file written only at the end", () => {
    const said: string[] = [];
    const settings = resolveSettings(space, { prune: { name: 'asha' }, metricFile: '{trial_dir}/tb/events.out.tfevents.*' }, () => 0);
    createPruneAdvice(settings, (text) => said.push(text))(2, outcome(10), burst);
    expect(said).toEqual([
      "trial 2's 10 values all arrived as it ended: its metric file {trial_dir}/tb/events.out.tfevents.* looks written only at the end, so --prune could not judge it while it ran; have the program flush it after each epoch (a file it writes: f.flush(); a TensorBoard writer: writer.flush())",
    ]);
  });

  it('names a program of one value once', () => {
    const { advise, said } = advisor('median');
    advise(1, outcome(10), { count: 1, firstAt: 9_999, lastAt: 9_999, endedAt: 10_000 });
    advise(2, outcome(10), { count: 1, firstAt: 9_999, lastAt: 9_999, endedAt: 10_000 });
    expect(said).toEqual(['trial 1 reported a single value: --prune median judges a trial by the values it prints while it runs; print the metric after every epoch (or evaluation) to have hopeless trials stopped']);
  });
});

describe('prune advice on the length of a run', () => {
  it('names a max_steps shorter than the steps a complete trial reported, once', () => {
    const said: string[] = [];
    const advise = createPruneAdvice(resolveSettings(space, { prune: { name: 'median', maxSteps: 6 } }, () => 0), (text) => said.push(text));
    advise(0, outcome(10), { ...spread, lastStep: 6 });
    expect(said).toEqual([]);
    advise(1, outcome(10), { ...spread, lastStep: 15 });
    advise(2, outcome(10), { ...spread, lastStep: 15 });
    expect(said).toEqual(['trial 1 reported step 15, past max_steps 6: --prune median takes step 6 for a full run and judges no step after it; give the run\'s own length (--max-steps 15)']);
  });
});

describe('prune advice on steps counted from 0', () => {
  it('names a max_steps given as the epoch count to a program that counts from 0 (Lightning), once', () => {
    const said: string[] = [];
    const advise = createPruneAdvice(resolveSettings(space, { prune: { name: 'median', maxSteps: 9 } }, () => 0), (text) => said.push(text));
    advise(0, outcome(10), { ...spread, firstStep: 1, lastStep: 8 });
    expect(said).toEqual([]);
    advise(1, outcome(10), { ...spread, firstStep: 0, lastStep: 8 });
    expect(said).toEqual(["trial 1 counted its steps from 0 and ended at step 8: --prune median takes step 9 (max_steps) for a full run, which such a program never reports; a study keeps its pruner's settings: give --max-steps 8 to a new study (--study NAME)"]);
  });
});

describe('prune advice on steps that go back', () => {
  it('names a step counter that started again (two fit() calls), once (found by a user audit)', () => {
    const { advise, said } = advisor('median');
    advise(0, outcome(10), { ...spread, lastStep: 6 });
    advise(1, outcome(10), { ...spread, lastStep: 6, wentBack: { from: 3, to: 1 } });
    advise(2, outcome(10), { ...spread, lastStep: 6, wentBack: { from: 3, to: 1 } });
    expect(said).toEqual([
      "trial 1's steps went back from 3 to 1 (a second training phase counting its epochs from 1 again?): its values share steps, and --prune median compares them at the wrong ones; let the count run on (Keras: fit(..., initial_epoch=3))",
    ]);
  });
});
