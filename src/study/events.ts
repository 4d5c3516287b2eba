import type { Config } from '../space/types.js';
import type { StopRule } from './stop-rule.js';
import type { TrialSampler, TrialState } from './types.js';

/** Everything a study needs to be rebuilt; stored once, when the study is created. */
export interface StudyMeta {
  name: string;
  /** The space file's exact text and where it came from. */
  spaceText: string;
  spaceFile: string | null;
  /** The user's command as an argument array (never a shell string). */
  command: string[];
  /** Resolved run options (algo, seed, metric, goal, pass, trialTimeout, maxFailures, ...), JSON-safe. */
  options: Record<string, unknown>;
  /** Target number of finished (complete + failed + pruned) trials. */
  target: number;
  createdAt: number;
}

/**
 * The journal is a log of these events; `replay` folds them into a StudyState.
 * Trial ids are assigned by the store when it appends `trial_asked`.
 */
export type StudyEvent =
  | { type: 'study_created'; meta: StudyMeta }
  | { type: 'target_changed'; target: number; at: number }
  /** `resume --time-budget` (or run, ask) changed the study's time budget; null: none. */
  | { type: 'budget_changed'; timeBudgetS: number | null; at: number }
  /** `resume --patience/--stop-at/--min-delta` (or run) changed the study's stop rule, whole. */
  | { type: 'stop_changed'; stop: StopRule; at: number }
  /**
   * `resume --here`: the folder the study's trials run in (`--cwd start`) is this one from now on, not
   * the one it was started from (`options.cwd`), which a moved or cloned project no longer has.
   */
  | { type: 'start_folder_changed'; folder: string; at: number }
  /** The other metrics recorded from now on (a run or resume added some): the study's `extra_metrics` as it stands. */
  | { type: 'extras_changed'; extraMetrics: string[]; at: number }
  | {
      type: 'trial_asked';
      id: number;
      params: Config;
      startup: boolean;
      /** What proposed it; absent in journals written before samplers were recorded (see `legacySampler`). */
      sampler?: TrialSampler;
      worker: string;
      at: number;
      retryOf: number | null;
      /** Asked by `hypertune ask`: finished by `tell`, never taken over (absent: false). */
      external?: boolean;
      /** Asked with `ask --lease D`: not told by this time (epoch ms), it is given again (absent: no lease). */
      leaseUntil?: number;
    }
  /** A configuration queued by `hypertune enqueue`: a trial in state `queued`, its params possibly partial. */
  | { type: 'trial_enqueued'; id: number; params: Config; at: number }
  /** A worker takes a queued trial: it runs now, with the missing params filled in by the optimizer. */
  | { type: 'trial_claimed'; id: number; params: Config; worker: string; at: number; external?: boolean; leaseUntil?: number }
  /**
   * `cwd`: the folder its program runs in under `--cwd start`, as the worker that starts it names it: a
   * worker that joined from another folder runs its trials there, not in the study's start folder
   * (absent under `--cwd trial` and in journals written before it was recorded).
   */
  | { type: 'trial_started'; id: number; worker: string; at: number; cwd?: string }
  /** `leaseUntil`: an asked trial's lease renewed by a step its job reported (`tell --step`). */
  | { type: 'trial_heartbeat'; id: number; worker: string; at: number; leaseUntil?: number }
  /** `step`: absent in journals written before steps were recorded (then the value's ordinal). */
  | { type: 'trial_intermediate'; id: number; value: number; step?: number; at: number }
  | {
      type: 'trial_finished';
      id: number;
      state: Exclude<TrialState, 'running' | 'queued'>;
      value: number | null;
      exitCode: number | null;
      error: string | null;
      at: number;
      /** The extra metrics' last values (`extra_metrics:`); absent when none was read. */
      extras?: Record<string, number>;
    };

/** An event about a trial that already has an id. */
export type TrialEvent = Exclude<StudyEvent, { type: 'study_created' } | { type: 'target_changed' } | { type: 'budget_changed' } | { type: 'stop_changed' } | { type: 'start_folder_changed' } | { type: 'extras_changed' } | { type: 'trial_asked' } | { type: 'trial_enqueued' } | { type: 'trial_claimed' }>;

/** What a caller gives to create a trial; the store assigns `id`. */
export interface NewTrial {
  params: Config;
  startup: boolean;
  /** What proposed it; a re-run keeps the original's. */
  sampler: TrialSampler;
  worker: string;
  at: number;
  /** The id of the interrupted trial this one re-runs with the same parameters. */
  retryOf: number | null;
  /** Asked from outside (`hypertune ask`): never taken over for a missing heartbeat. */
  external?: boolean;
  /** `ask --lease`: when an asked trial not told by then is given again (epoch ms). */
  leaseUntil?: number;
}
