import { describe, expect, it } from 'vitest';
import { timeLeftS } from '../../src/report/time-left.js';
import type { StudySummary } from '../../src/report/summary.js';

const NOW = 1_000_000;
type Shown = Parameters<typeof timeLeftS>[0];

/** A study of `finished` complete trials in `trialTimeS` of trial time, with running trials whose last heartbeat was `beats` ms ago each. */
function studyOf(finished: number, trialTimeS: number, beats: number[], target: number | null = 10, timeBudgetS: number | null = null): Shown {
  const running = beats.map((ago, id) => ({ id, runningSince: NOW - 60_000, lastSignAt: NOW - ago }));
  return {
    counts: { complete: finished, failed: 0, pruned: 0, running: running.length, interrupted: 0, queued: 0 },
    target,
    trialTimeS,
    timeBudgetS,
    trials: running as unknown as StudySummary['trials'],
  };
}

describe("a running study's time left at its pace", () => {
  it('is its trial time per finished trial times the trials to go, or the budget left if that ends first', () => {
    expect(timeLeftS(studyOf(4, 40, [1000]), NOW)).toBe(60);
    expect(timeLeftS(studyOf(4, 40, [1000], 10, 50), NOW)).toBe(10);
    // a time budget alone bounds it
    expect(timeLeftS(studyOf(4, 40, [1000], null, 100), NOW)).toBe(60);
    // a study past its target has nothing left
    expect(timeLeftS(studyOf(12, 40, [1000]), NOW)).toBe(0);
  });

  it('is not given before a trial finished, when nothing bounds the study, nothing runs, or every running worker is silent', () => {
    expect(timeLeftS(studyOf(0, 40, [1000]), NOW)).toBeNull();
    expect(timeLeftS(studyOf(4, 40, [1000], null, null), NOW)).toBeNull();
    expect(timeLeftS(studyOf(4, 40, []), NOW)).toBeNull();
    expect(timeLeftS(studyOf(4, 40, [60_000, 30_000]), NOW)).toBeNull();
    // one silent among live ones: the others go on
    expect(timeLeftS(studyOf(4, 40, [60_000, 1000]), NOW)).toBe(60);
    // a trial whose tuner is known to be gone (summary's note) is no live one, however recent its heartbeat (a user audit)
    expect(timeLeftS(studyOf(4, 40, [1000]), NOW, new Set([0]))).toBeNull();
    expect(timeLeftS(studyOf(4, 40, [1000, 1000]), NOW, new Set([0]))).toBe(60);
  });
});
