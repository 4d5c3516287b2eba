import type { StudyEvent, StudyMeta } from './events.js';
import type { StopRule } from './stop-rule.js';
import { isTrialSampler, legacySampler } from './sampler.js';
import type { Trial, TrialState } from './types.js';

export interface StudyState {
  /** As created, but for its options' `extraMetrics`: as last widened (`extras_changed`). */
  meta: StudyMeta;
  /** Target number of finished (complete + failed + pruned) trials; raised by resume --trials. */
  target: number;
  /** The time budget in seconds as last changed (`resume --time-budget`); absent: the one the study was created with. */
  timeBudgetS?: number | null;
  /** The stop rule as last changed (`resume --patience`); absent: the one the study was created with. */
  stopRule?: StopRule;
  /** The folder its trials run in as last re-pointed (`resume --here`); absent: the one it was started from. */
  startFolder?: string;
  /** In id order. */
  trials: Trial[];
  /** Ids of trials already re-run by a later trial (`retryOf`): interrupted ones, and failed ones under `--retries`. */
  retried: Set<number>;
}

export function countByState(state: StudyState): Record<TrialState, number> {
  const counts: Record<TrialState, number> = { running: 0, complete: 0, failed: 0, pruned: 0, interrupted: 0, queued: 0 };
  for (const trial of state.trials) counts[trial.state] += 1;
  return counts;
}

/**
 * The folder the study's trials run in under `--cwd start`: as `resume --here` last re-pointed it, else
 * the one it was started from; null for a study stored without one (`hypertune create`).
 */
export function studyStartFolder(state: Pick<StudyState, 'meta' | 'startFolder'>): string | null {
  const created = state.meta.options['cwd'];
  return state.startFolder ?? (typeof created === 'string' ? created : null);
}

/** Complete, failed and pruned: what counts toward the target. */
export function finishedCount(state: StudyState): number {
  const counts = countByState(state);
  return counts.complete + counts.failed + counts.pruned;
}

/** The trial target that runs every queued configuration: the finished trials and the queued ones (enqueue). */
export function targetRunningQueued(state: StudyState): number {
  return finishedCount(state) + countByState(state).queued;
}

/** Where the trial with this id is in `state.trials` (-1 if absent): tried at its index (ids are dense), and a new id past the last
 * is absent without a search (trials are in id order): else a replay of n asks costs n²/2 compares (20,000 trials: 1.5-4 s). */
function indexOfTrial(state: StudyState, id: number): number {
  const trials = state.trials;
  if (trials[id]?.id === id) return id;
  const last = trials[trials.length - 1];
  if (last === undefined || last.id < id) return -1;
  return trials.findIndex((trial) => trial.id === id);
}

/** The trial of that id: at its index when ids count from 0, as they do, else looked for. */
export function trialById(state: StudyState, id: number): Trial | undefined {
  return state.trials[indexOfTrial(state, id)];
}

function insertTrial(state: StudyState, trial: Trial): void {
  const last = state.trials[state.trials.length - 1];
  if (last === undefined || last.id < trial.id) state.trials.push(trial);
  else state.trials.splice(state.trials.findIndex((other) => other.id > trial.id), 0, trial);
}

function askedTrial(event: Extract<StudyEvent, { type: 'trial_asked' }>, meta: StudyMeta): Trial {
  return {
    id: event.id,
    params: event.params,
    state: 'running',
    value: null,
    intermediate: [],
    steps: [],
    startup: event.startup,
    sampler: isTrialSampler(event.sampler) ? event.sampler : legacySampler(event.startup, meta.options['algo']),
    askedAt: event.at,
    startedAt: null,
    finishedAt: null,
    exitCode: null,
    error: null,
    worker: event.worker,
    heartbeatAt: event.at,
    external: event.external === true,
    ...(event.leaseUntil === undefined ? {} : { leaseUntil: event.leaseUntil }),
    ...(event.retryOf === null ? {} : { retryOf: event.retryOf }),
  };
}

function enqueuedTrial(event: Extract<StudyEvent, { type: 'trial_enqueued' }>): Trial {
  return {
    id: event.id, params: event.params, state: 'queued', value: null, intermediate: [], steps: [], startup: false, sampler: 'enqueued',
    askedAt: event.at, startedAt: null, finishedAt: null, exitCode: null, error: null, worker: null, heartbeatAt: null, external: false,
  };
}

/**
 * Apply one event to a state in place (or start one from `study_created`), so a process that wrote
 * the event need not replay the whole log. Events for unknown trials, and events after a trial
 * finished, are ignored: a replay never throws on a log written by a crashed process.
 */
export function applyEvent(state: StudyState | null, event: StudyEvent): StudyState | null {
  if (event.type === 'study_created') {
    return state ?? { meta: event.meta, target: event.meta.target, trials: [], retried: new Set() };
  }
  if (state === null) return null;
  if (event.type === 'target_changed') {
    state.target = event.target;
    return state;
  }
  if (event.type === 'budget_changed') {
    state.timeBudgetS = event.timeBudgetS;
    return state;
  }
  if (event.type === 'stop_changed') {
    state.stopRule = { ...event.stop };
    return state;
  }
  if (event.type === 'start_folder_changed') {
    state.startFolder = event.folder;
    return state;
  }
  if (event.type === 'extras_changed') {
    // read where every reader of the study's settings reads them: its stored options
    state.meta = { ...state.meta, options: { ...state.meta.options, extraMetrics: [...event.extraMetrics] } };
    return state;
  }
  if (event.type === 'trial_asked') {
    if (trialById(state, event.id) !== undefined) return state;
    insertTrial(state, askedTrial(event, state.meta));
    if (event.retryOf !== null) state.retried.add(event.retryOf);
    return state;
  }
  if (event.type === 'trial_enqueued') {
    if (trialById(state, event.id) === undefined) insertTrial(state, enqueuedTrial(event));
    return state;
  }
  const trial = trialById(state, event.id);
  if (event.type === 'trial_claimed') {
    // one claim per queued trial: a second (a lost race in a crashed log) is ignored like a late event
    if (trial?.state === 'queued') Object.assign(trial, {
        state: 'running', params: event.params, worker: event.worker, askedAt: event.at, heartbeatAt: event.at, external: event.external === true,
        ...(event.leaseUntil === undefined ? {} : { leaseUntil: event.leaseUntil }),
      });
    return state;
  }
  if (trial?.state !== 'running') return state;
  switch (event.type) {
    case 'trial_started':
    case 'trial_heartbeat':
      if (event.type === 'trial_started') {
        trial.startedAt = event.at;
        if (event.cwd !== undefined) trial.cwd = event.cwd;
      }
      trial.worker = event.worker;
      trial.heartbeatAt = event.at;
      if (event.type === 'trial_heartbeat' && event.leaseUntil !== undefined) trial.leaseUntil = event.leaseUntil;
      break;
    case 'trial_intermediate':
      trial.intermediate.push(event.value);
      trial.steps.push(event.step ?? trial.intermediate.length);
      break;
    case 'trial_finished':
      trial.state = event.state;
      trial.value = event.value;
      trial.exitCode = event.exitCode;
      trial.error = event.error;
      trial.finishedAt = event.at;
      if (event.extras !== undefined) trial.extras = event.extras;
      break;
  }
  return state;
}

/**
 * Put a trial as a shared store holds it now into the state, replacing the version the state had:
 * the store's copy is the truth (another worker may have finished or taken over the trial since),
 * except that a finished trial never runs again, as in replay: a read that began before this process
 * recorded the trial's finish may still return it running.
 */
export function upsertTrial(state: StudyState, trial: Trial, retryOf: number | null): void {
  const index = indexOfTrial(state, trial.id);
  const known = state.trials[index];
  if (known !== undefined && known.state !== 'running' && trial.state === 'running') return;
  const placed = retryOf === null ? trial : { ...trial, retryOf };
  if (index >= 0) state.trials[index] = placed;
  else insertTrial(state, placed);
  if (retryOf !== null) state.retried.add(retryOf);
}

/** Fold a study's events into its state; null when the log holds no `study_created`. */
export function replay(events: readonly StudyEvent[]): StudyState | null {
  let state: StudyState | null = null;
  for (const event of events) state = applyEvent(state, event);
  return state;
}
