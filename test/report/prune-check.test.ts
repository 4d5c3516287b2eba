import { describe, expect, it } from 'vitest';
import { pruneCheck, pruneCheckJson, pruneCheckLines, type CheckedTrial } from '../../src/report/prune-check.js';

/** A trial with values at steps 1, 2, ...; a pruned one stopped at its last. */
const trial = (id: number, state: 'complete' | 'pruned', values: number[]): CheckedTrial => ({
  id,
  state,
  value: values[values.length - 1] as number,
  curve: { steps: values.map((_, i) => i + 1), values },
});

// Runs that start slowly end best: a run's value at step 1 is 1 - x, at step 4 x^2 (x from 0 to 1).
const slowBest = (id: number, x: number, state: 'complete' | 'pruned'): CheckedTrial => {
  const curve = [1 - x, 1 - x, 0.5, x * x];
  return trial(id, state, state === 'complete' ? curve : curve.slice(0, 1));
};

describe('pruneCheck: where the trial that ended best stood at the steps where trials were stopped', () => {
  it('names a step where the best run stood in the worse half, and the step from which it stood well', () => {
    // three complete runs; x = 0.1 ends best (0.01) but stood worst at step 1 (0.9)
    const trials = [slowBest(0, 0.1, 'complete'), slowBest(1, 0.5, 'complete'), slowBest(2, 0.9, 'complete')];
    // eight trials stopped at step 1, all better there (0.3-0.65) than the best run
    for (let i = 0; i < 8; i++) trials.push(slowBest(3 + i, 0.35 + 0.05 * i, 'pruned'));
    const check = pruneCheck(trials, 'minimize');
    expect(check).not.toBeNull();
    expect(check?.best).toEqual({ id: 0, value: 0.010000000000000002 });
    // 11 trials reached step 1; the best run's 0.9 is the worst of them
    expect(check?.badSteps).toEqual([{ step: 1, rank: 11, reached: 11, stopped: 8 }]);
    expect(check?.looked).toBe(1);
    // at steps 2 and 3 fewer than 8 trials reached; at 4 too: no step showed it standing well
    expect(check?.safeFrom).toBeNull();
    const lines = pruneCheckLines(check, 'loss');
    expect(lines[0]).toBe('Pruning check: the trial that ended best (trial 0, loss 0.01) ranked 11 of the 11 trials at step 1 (8 stopped there).');
    expect(lines[1]).toContain('Early values did not foretell the end here');
    expect(pruneCheckJson(check)).toEqual({ best_trial: 0, steps_looked: 1, bad_steps: [{ step: 1, rank: 11, reached: 11, stopped: 8 }], safe_from: null });
  });

  it('says nothing where the best run stood well where others were stopped, and gives the first step it stood well from', () => {
    // early values foretell the end: value at every step x, so the best run leads throughout
    const steady = (id: number, x: number, state: 'complete' | 'pruned'): CheckedTrial => trial(id, state, state === 'complete' ? [x + 0.3, x + 0.2, x + 0.1, x] : [x + 0.3]);
    const trials = [steady(0, 0.1, 'complete'), steady(1, 0.5, 'complete'), steady(2, 0.2, 'complete')];
    for (let i = 0; i < 8; i++) trials.push(steady(3 + i, 0.6 + 0.05 * i, 'pruned'));
    const check = pruneCheck(trials, 'minimize');
    expect(check?.badSteps).toEqual([]);
    expect(check?.safeFrom).toBe(1);
    expect(pruneCheckLines(check, 'loss')).toEqual([]);
  });

  it('reads a metric to maximize the other way round', () => {
    const flip = (t: CheckedTrial): CheckedTrial => ({ ...t, value: -(t.value as number), curve: { steps: t.curve?.steps ?? [], values: (t.curve?.values ?? []).map((v) => -v) } });
    const trials = [slowBest(0, 0.1, 'complete'), slowBest(1, 0.5, 'complete'), slowBest(2, 0.9, 'complete')];
    for (let i = 0; i < 8; i++) trials.push(slowBest(3 + i, 0.35 + 0.05 * i, 'pruned'));
    const check = pruneCheck(trials.map(flip), 'maximize');
    expect(check?.best.id).toBe(0);
    expect(check?.badSteps).toEqual([{ step: 1, rank: 11, reached: 11, stopped: 8 }]);
  });

  it('tells nothing from too little: fewer than 3 complete runs, fewer than 8 trials at a step, or fewer than 3 stopped there', () => {
    const two = [slowBest(0, 0.1, 'complete'), slowBest(1, 0.5, 'complete')];
    for (let i = 0; i < 8; i++) two.push(slowBest(3 + i, 0.35 + 0.05 * i, 'pruned'));
    expect(pruneCheck(two, 'minimize')).toBeNull();
    const few = [slowBest(0, 0.1, 'complete'), slowBest(1, 0.5, 'complete'), slowBest(2, 0.9, 'complete'), slowBest(3, 0.4, 'pruned'), slowBest(4, 0.45, 'pruned'), slowBest(5, 0.5, 'pruned')];
    expect(pruneCheck(few, 'minimize')).toBeNull();
    const oneStop = [slowBest(0, 0.1, 'complete'), slowBest(1, 0.5, 'complete'), slowBest(2, 0.9, 'complete'), slowBest(3, 0.4, 'pruned')];
    for (let i = 0; i < 6; i++) oneStop.push(slowBest(4 + i, 0.1 + 0.01 * i, 'complete'));
    expect(pruneCheck(oneStop, 'minimize')).toBeNull();
  });

  it("takes a pruned trial's stopping step where it is known, not its curve's last step", () => {
    const trials = [slowBest(0, 0.1, 'complete'), slowBest(1, 0.5, 'complete'), slowBest(2, 0.9, 'complete')];
    for (let i = 0; i < 8; i++) trials.push({ ...slowBest(3 + i, 0.35 + 0.05 * i, 'pruned'), stoppedAt: 2 });
    // stopped at step 2, by the record: step 1 saw no stop, and at step 2 only the three complete runs and none of the stopped reached
    expect(pruneCheck(trials, 'minimize')).toBeNull();
  });
});
