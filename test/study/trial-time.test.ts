import { describe, expect, it } from 'vitest';
import { SILENT_SLACK_MS, timeBudgetSpent, trialTimeMs } from '../../src/study/trial-time.js';
import { trialDurationS } from '../../src/report/summary.js';
import type { Trial, TrialState } from '../../src/study/types.js';

function trial(id: number, state: TrialState, startedAt: number | null, finishedAt: number | null, heartbeatAt: number | null = null, askedAt = startedAt ?? 0): Trial {
  return {
    id, params: {}, state, value: null, intermediate: [], steps: [], startup: false, sampler: 'tpe',
    askedAt, startedAt, finishedAt, exitCode: null, error: null, worker: 'w', heartbeatAt, external: false,
  };
}

describe('trialTimeMs', () => {
  it('counts parallel trials once and the gaps between them not at all', () => {
    // 0-100 and 50-150 overlap (150 ms); 1000-1200 after a pause (200 ms)
    const trials = [trial(0, 'complete', 0, 100), trial(1, 'pruned', 50, 150), trial(2, 'failed', 1000, 1200)];
    expect(trialTimeMs(trials, 5000)).toBe(350);
  });

  it('runs a running trial until now, and one not yet marked started from its ask', () => {
    expect(trialTimeMs([trial(0, 'running', 1000, null, 1900)], 2000)).toBe(1000);
    expect(trialTimeMs([trial(0, 'running', null, null, 1500, 1500)], 2000)).toBe(500);
  });

  it("charges a dead worker's trial only a little past its last heartbeat", () => {
    // left running by a tuner killed at 1000, found at 10 hours
    const hours = 10 * 3600_000;
    expect(trialTimeMs([trial(0, 'running', 0, null, 1000)], hours)).toBe(1000 + SILENT_SLACK_MS);
    // reclaimed (interrupted) when the study was resumed, hours later
    expect(trialTimeMs([trial(0, 'interrupted', 0, hours, 1000)], hours + 1)).toBe(1000 + SILENT_SLACK_MS);
    // interrupted by Ctrl-C while alive: until its finish
    expect(trialTimeMs([trial(0, 'interrupted', 0, 3000, 2500)], 9000)).toBe(3000);
  });

  it("shows a reclaimed trial of a dead tuner to have run until its last sign of life, not the budget's slack (a user audit: every one 'ran 10s')", () => {
    const later = 40_000;
    expect(trialDurationS(trial(0, 'interrupted', 0, later, 5000))).toBe(5);
    // killed before its first heartbeat, or before it started: no time known to have run
    expect(trialDurationS(trial(1, 'interrupted', 1000, later))).toBe(0);
    expect(trialDurationS(trial(2, 'interrupted', null, later, null, 2000))).toBe(0);
    // the budget still charges the slack; a trial stopped while alive keeps its own span
    expect(trialTimeMs([trial(0, 'interrupted', 0, later, 5000)], later)).toBe(5000 + SILENT_SLACK_MS);
    expect(trialDurationS(trial(3, 'interrupted', 0, 3000, 2500))).toBe(3);
  });

  it('runs an asked trial (no heartbeats: a job outside) until now, however long ago it was asked', () => {
    const asked = { ...trial(0, 'running', null, null, 1000, 1000), external: true };
    expect(trialTimeMs([asked], 3_600_000 + 1000)).toBe(3_600_000);
  });

  it('runs an asked trial with a lease (ask --lease) until the lease runs out at most, and one taken over then no further', () => {
    const leased = { ...trial(0, 'running', null, null, 1000, 1000), external: true, leaseUntil: 5000 };
    expect(trialTimeMs([leased], 3000)).toBe(2000);
    expect(trialTimeMs([leased], 3_600_000)).toBe(4000);
    // given again by an ask hours later: charged until its lease ran out, not until the ask
    expect(trialTimeMs([{ ...leased, state: 'interrupted', finishedAt: 3_600_000 }], 3_600_001)).toBe(4000);
    // told in time: until the tell
    expect(trialTimeMs([{ ...leased, state: 'complete', finishedAt: 4500 }], 9000)).toBe(3500);
  });

  it('leaves queued trials out', () => {
    expect(trialTimeMs([trial(0, 'queued', null, null, null, 100)], 5000)).toBe(0);
  });

  it('says when a budget is spent', () => {
    const trials = [trial(0, 'complete', 0, 2000)];
    expect(timeBudgetSpent(trials, null, 9000)).toBe(false);
    expect(timeBudgetSpent(trials, 2.5, 9000)).toBe(false);
    expect(timeBudgetSpent(trials, 2, 9000)).toBe(true);
  });
});

describe("a trial's duration, as summary and show give it", () => {
  it('ends an interrupted trial at its last sign of life, not when a resume took it over', () => {
    // started at 0, last heartbeat at 1 s, taken over by a resume an hour later
    const taken = trial(0, 'interrupted', 0, 3_600_000, 1_000);
    // shown to its last sign of life (the budget charges the slack past it: above)
    expect(trialDurationS(taken)).toBe(1);
    // stopped by its own tuner (Ctrl-C) a second after its heartbeat: the finish is the end
    expect(trialDurationS(trial(1, 'interrupted', 0, 6_000, 5_000))).toBe(6);
    expect(trialDurationS(trial(2, 'complete', 0, 42_000, 40_000))).toBe(42);
  });
});
