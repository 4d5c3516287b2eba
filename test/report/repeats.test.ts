// Configurations run more than once: their complete runs' mean and spread, and the runs that failed or
// were pruned beside them (a configuration that often crashes is no reliable one; a re-audit).
import { describe, expect, it } from 'vitest';
import { repeatedConfigs, repeatsLines } from '../../src/report/repeats.js';
import type { TrialSummary } from '../../src/report/summary.js';

function trial(id: number, x: number, state: TrialSummary['state'], value: number | null): TrialSummary {
  return { id, state, value, params: { x }, intermediate: [], steps: [], stoppedAt: null, durationS: 1, exitCode: 0, error: null } as unknown as TrialSummary;
}

describe('repeatedConfigs', () => {
  it('counts failed and pruned runs of a configuration beside the complete ones, best mean first by the goal', () => {
    const trials = [trial(0, 0.1, 'complete', 1), trial(1, 0.5, 'complete', 3), trial(2, 0.1, 'failed', null), trial(3, 0.1, 'complete', 2), trial(4, 0.5, 'complete', 5), trial(5, 0.9, 'complete', 9), trial(6, 0.1, 'pruned', 4), trial(7, 0.7, 'failed', null), trial(8, 0.7, 'failed', null)];
    const minimized = repeatedConfigs(trials, 'minimize');
    // x=0.7 never completed: no mean, not listed; x=0.9 ran once
    expect(minimized.map((r) => r.params['x'])).toEqual([0.1, 0.5]);
    expect(minimized[0]).toMatchObject({ ids: [0, 2, 3, 6], complete: 2, failed: 1, pruned: 1, mean: 1.5 });
    expect(minimized[0]?.sd).toBeCloseTo(Math.SQRT1_2, 12);
    expect(repeatedConfigs(trials, 'maximize').map((r) => r.params['x'])).toEqual([0.5, 0.1]);
    const lines = repeatsLines(minimized, 3, 'loss');
    expect(lines).toContain('  trials 0, 2, 3, 6: mean 1.5 \u00b1 0.707 (sd of 2 complete runs; 1 failed, 1 pruned of 4)');
    // the pruned run was stopped for poor early values: the mean of the others flatters the configuration
    expect(lines).toContain('  A mean is of the complete runs alone: the pruned ones were stopped for poor early values, so where some were pruned the mean flatters its configuration.');
    expect(repeatsLines(repeatedConfigs(trials.filter((t) => t.state !== 'pruned'), 'minimize'), 3, 'loss').join('\n')).not.toContain('flatters');
    expect(lines).toContain('  The best trial, 3, is one of 4 runs of its configuration: the mean of its complete ones is 1.5.');
  });

  it('shortens a long list of runs on its line', () => {
    const trials = Array.from({ length: 400 }, (_, id) => trial(id, 0.5, 'complete', id));
    const [line] = repeatsLines(repeatedConfigs(trials, 'minimize'), null, 'loss').slice(2);
    expect(line).toBe('  trials 0, 1, 2, 3, 4, 5, ..., 399: mean 199.5 \u00b1 116, median 199.5 (sd of 400 complete runs)');
  });

  it('gives the median beside the mean from three runs on: one lucky run of a heavy-tailed metric moves the mean alone', () => {
    // a configuration's four returns, one a lucky 1275 (a noise audit): mean 527, median 290
    const trials = [trial(12, 0.4, 'complete', 1274.97), trial(50, 0.4, 'complete', 264.6), trial(52, 0.4, 'complete', 315.27), trial(54, 0.4, 'complete', 252.1), trial(7, 0.2, 'complete', 3), trial(9, 0.2, 'complete', 5)];
    const repeats = repeatedConfigs(trials, 'maximize');
    expect(repeats[0]).toMatchObject({ ids: [12, 50, 52, 54], mean: 526.735, median: 289.935 });
    const lines = repeatsLines(repeats, 12, 'return');
    // the sd to three significant digits: "\u00b1 499.571" claimed a precision four runs do not have (a user audit)
    expect(lines[2]).toBe('  trials 12, 50, 52, 54: mean 526.735 \u00b1 500, median 289.935 (sd of 4 complete runs)');
    // of two runs the median is their mean: not shown
    expect(lines[3]).toBe('  trials 7, 9: mean 4 \u00b1 1.41 (sd of 2 complete runs)');
  });
});
