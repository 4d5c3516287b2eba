import type { Config } from '../study/types.js';

export type PassMode = 'flags' | 'env';
export type MetricObjective = 'last' | 'min' | 'max';
export type OutputStream = 'stdout' | 'stderr';

/** Everything needed to run one trial of the user's program. */
export interface TrialLaunch {
  /** The user's command as an argv array; words may hold `{label}`, `{trial_id}`, `{study}` placeholders. */
  command: string[];
  /** The active parameters, flat. */
  params: Config;
  trialId: number;
  study: string;
  /** flags: append `--<label>=<value>` unless the command has `{label}` placeholders; env: environment only. */
  pass: PassMode;
  metric: string;
  /** A regular expression with one capture group; null reads `<metric>: <n>`, `<metric>=<n>` and JSON lines. */
  pattern: string | null;
  objective: MetricObjective;
  /** Seconds before the trial's process group gets SIGTERM; null for no limit. */
  timeoutS: number | null;
  /** Seconds between SIGTERM and SIGKILL (default 5). */
  killGraceS?: number;
  /** Extra environment, e.g. CUDA_VISIBLE_DEVICES; laid over the tuner's environment and hypertune's own. */
  env?: Record<string, string>;
  cwd?: string;
  /** Aborting kills the trial's process group at once; the outcome is `interrupted`. */
  signal?: AbortSignal;
  /**
   * Aborting stops the trial as a timeout does (SIGTERM to its process group, SIGKILL after killGraceS);
   * the outcome is `pruned`, with the abort reason (a string) as its error and the last value read as its value.
   */
  prune?: AbortSignal;
  /** Every output line as it arrives, without its line ending. */
  onLine?: (stream: OutputStream, line: string) => void;
  /** Every metric value as it is read from stdout, in order, with its step (runner/steps.ts: given by the line, else its ordinal from 1). */
  onValue?: (value: number, step: number) => void;
}

export interface TrialOutcome {
  state: 'complete' | 'failed' | 'pruned' | 'interrupted';
  /** The trial's result per the objective when complete; the last value read when pruned (null if not finite); else null. */
  value: number | null;
  /** Every value read from stdout, in order (the result included). */
  intermediate: number[];
  exitCode: number | null;
  /** Name of the signal that ended the program, e.g. SIGKILL. */
  signal: string | null;
  timedOut: boolean;
  durationS: number;
  /** Why the trial failed or stopped, plus the last 20 lines of stderr; null when complete. */
  error: string | null;
}
