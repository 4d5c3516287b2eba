import type { Trial } from './types.js';

/**
 * How long a trial whose worker went silent is taken to have run past its last heartbeat. Workers beat
 * every 5 s at most, so a dead tuner's trial is not charged for the hours until someone resumed it.
 */
export const SILENT_SLACK_MS = 10_000;

let silentSlack = SILENT_SLACK_MS;

/** The slack in force: SILENT_SLACK_MS, unless the CLI was given another (HYPERTUNE_SILENT_AFTER: src/cli/main.ts). */
export function silentSlackMs(): number {
  return silentSlack;
}

/** Sets the slack for this process (the CLI, from HYPERTUNE_SILENT_AFTER; tests wait on it). */
export function setSilentSlackMs(ms: number): void {
  silentSlack = ms;
}

/**
 * The study's trial time: the wall-clock milliseconds during which at least one of its trials was
 * running, on any worker (the union of the trials' spans, so parallel trials count once and the time
 * the study sat stopped counts not at all). A running trial runs until `now`, unless its worker has
 * been silent (an asked one has none: until `now`); an interrupted one ends at its last sign of life.
 */
export function trialTimeMs(trials: readonly Trial[], now: number): number {
  const spans: Array<[number, number]> = [];
  for (const trial of trials) {
    if (trial.state === 'queued') continue;
    const { start, end } = trialSpan(trial, now);
    if (end > start) spans.push([start, end]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let from = -Infinity;
  let to = -Infinity;
  for (const [start, end] of spans) {
    if (start > to) {
      if (to > from) total += to - from;
      from = start;
      to = end;
    } else to = Math.max(to, end);
  }
  if (to > from) total += to - from;
  return total;
}

/** The study's time budget: as last changed, else `created` (the one it was created with, from its stored settings). */
export function studyTimeBudget(state: { timeBudgetS?: number | null }, created: number | null): number | null {
  return state.timeBudgetS === undefined ? created : state.timeBudgetS;
}

/** Whether the study's trial time has reached `budgetS` seconds (null: no budget, never). */
export function timeBudgetSpent(trials: readonly Trial[], budgetS: number | null, now: number): boolean {
  return budgetS !== null && trialTimeMs(trials, now) >= budgetS * 1000;
}

/**
 * When a trial ran: from its start (its ask until the start is written: loop/trial-writer.ts) to its
 * finish, or for a running or interrupted one its last sign of life: a dead tuner's trial is not
 * charged, nor shown as having run, for the hours until a resume took it over (a user audit: `show`
 * said "ran 10s" of a trial killed after 1 s).
 */
export function trialSpan(trial: Trial, now: number): { start: number; end: number } {
  const start = trial.startedAt ?? trial.askedAt;
  const lastSign = lastSignAt(trial);
  // a trial handed out by `ask` sends no heartbeats: it runs until `tell`, however long that takes,
  // or until its lease (`ask --lease`) runs out, when its job is taken to be gone
  const lastLife = trial.external ? (trial.leaseUntil ?? Infinity) : lastSign + silentSlack;
  if (trial.state === 'running') return { start, end: Math.min(now, lastLife) };
  if (trial.state === 'interrupted') return { start, end: Math.min(trial.finishedAt ?? lastSign, lastLife) };
  return { start, end: trial.finishedAt ?? lastSign };
}

/**
 * The span a finished trial is shown to have run (`ran`, duration_s): its trialSpan, but a trial
 * reclaimed from a dead tuner (recorded interrupted well past its last sign of life) ends at that sign,
 * the last moment it is known to have run, not the slack the budget charges (a user audit: every trial
 * of a killed worker "ran 10s", one that ran 2.5 s and ones that never started).
 */
export function ranSpan(trial: Trial, finishedAt: number): { start: number; end: number } {
  const span = trialSpan(trial, finishedAt);
  const reclaimed = trial.state === 'interrupted' && !trial.external && finishedAt - lastSignAt(trial) > silentSlack;
  return reclaimed ? { start: span.start, end: Math.max(span.start, lastSignAt(trial)) } : span;
}

/** A trial's last sign of life: its latest heartbeat, else its start (else its ask). */
export function lastSignAt(trial: Trial): number {
  const start = trial.startedAt ?? trial.askedAt;
  return Math.max(trial.heartbeatAt ?? start, start);
}

/**
 * Whether a worker's running trial has been silent past SILENT_SLACK_MS by `now`: its tuner is most
 * likely gone (killed, its machine down), and the study's trial time no longer counts it. An asked
 * trial (`hypertune ask`) sends no heartbeats and is never silent.
 */
export function isSilent(trial: Trial, now: number): boolean {
  return trial.state === 'running' && !trial.external && now - lastSignAt(trial) > silentSlack;
}
