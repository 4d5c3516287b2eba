import type { StudyEvent, StudyMeta } from './events.js';
import type { Trial, TrialState } from './types.js';

export interface StudyState {
  meta: StudyMeta;
  /** Target number of finished (complete + failed) trials; raised by resume --trials. */
  target: number;
  /** In id order. */
  trials: Trial[];
  /** Ids of interrupted trials already re-run by a later trial (`retryOf`). */
  retried: Set<number>;
}

export function countByState(state: StudyState): Record<TrialState, number> {
  const counts: Record<TrialState, number> = { running: 0, complete: 0, failed: 0, interrupted: 0 };
  for (const trial of state.trials) counts[trial.state] += 1;
  return counts;
}

/** Complete plus failed: what counts toward the target. */
export function finishedCount(state: StudyState): number {
  const counts = countByState(state);
  return counts.complete + counts.failed;
}

/**
 * Fold a study's events into its state. Events for unknown trials, and events after a trial
 * finished, are ignored: a replay never throws on a log written by a crashed process.
 */
export function replay(events: readonly StudyEvent[]): StudyState | null {
  let state: StudyState | null = null;
  const byId = new Map<number, Trial>();
  for (const event of events) {
    if (event.type === 'study_created') {
      if (state === null) state = { meta: event.meta, target: event.meta.target, trials: [], retried: new Set() };
      continue;
    }
    if (state === null) continue;
    switch (event.type) {
      case 'target_changed':
        state.target = event.target;
        break;
      case 'trial_asked': {
        if (byId.has(event.id)) break;
        const trial: Trial = {
          id: event.id,
          params: event.params,
          state: 'running',
          value: null,
          intermediate: [],
          startup: event.startup,
          askedAt: event.at,
          startedAt: null,
          finishedAt: null,
          exitCode: null,
          error: null,
          worker: event.worker,
          heartbeatAt: event.at,
        };
        byId.set(event.id, trial);
        state.trials.push(trial);
        if (event.retryOf !== null) state.retried.add(event.retryOf);
        break;
      }
      case 'trial_started':
      case 'trial_heartbeat': {
        const trial = byId.get(event.id);
        if (trial?.state !== 'running') break;
        if (event.type === 'trial_started') trial.startedAt = event.at;
        trial.worker = event.worker;
        trial.heartbeatAt = event.at;
        break;
      }
      case 'trial_intermediate': {
        const trial = byId.get(event.id);
        if (trial?.state === 'running') trial.intermediate.push(event.value);
        break;
      }
      case 'trial_finished': {
        const trial = byId.get(event.id);
        if (trial?.state !== 'running') break;
        trial.state = event.state;
        trial.value = event.value;
        trial.exitCode = event.exitCode;
        trial.error = event.error;
        trial.finishedAt = event.at;
        break;
      }
    }
  }
  if (state !== null) state.trials.sort((a, b) => a.id - b.id);
  return state;
}
