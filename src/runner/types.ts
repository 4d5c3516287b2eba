import type { Config } from '../study/types.js';
import type { Objective as MetricObjective } from '../util/objective.js';

/** How parameters reach the program besides the environment (always set): see buildInvocation. */
export type PassMode = 'flags' | 'switches' | 'switch-pairs' | 'env' | 'args' | 'json-file' | 'config-file';
/** Which reported value is the result: last, min, max or the mean of the last K (last-K-avg). */
export type { Objective as MetricObjective } from '../util/objective.js';
export type OutputStream = 'stdout' | 'stderr';
/** Where the metric is read: one stream, or both in the order their lines arrive. */
export type MetricStream = OutputStream | 'both';

/** Everything needed to run one trial of the user's program. */
export interface TrialLaunch {
  /** The user's command as an argv array; words may hold `{label}`, `{trial_id}`, `{study}` placeholders. */
  command: string[];
  /** The active parameters, flat. */
  params: Config;
  /**
   * Every parameter of the space, active in this trial or not: a command with a `{label}` of any of them
   * gets no flags, and its words naming an inactive one are left out. Default: the keys of `params`.
   */
  labels?: readonly string[];
  /** The labels whose values are floats (uniform, loguniform, ...): a whole one is written `1.0`, as Python prints a float. */
  floats?: readonly string[];
  trialId: number;
  study: string;
  /**
   * flags: append `--<label>=<value>`, args: append `<label>=<value>` (both unless the command has
   * `{label}` placeholders); env: environment only; json-file: the parameters are in `paramsFile`.
   */
  pass: PassMode;
  metric: string;
  /** The stream(s) the metric is read from (default stdout). */
  metricStream?: MetricStream;
  /** A file the program writes its metrics to: read instead of the streams, while the program runs. */
  metricFile?: MetricFileSource;
  /** A regular expression with one capture group; null reads `<metric>: <n>`, `<metric>=<n>` and JSON lines. */
  pattern: string | null;
  objective: MetricObjective;
  /** Other metrics to record beside the result (`extra_metrics:`): each one's value with the result (runner/extra-reading.ts), read by the same rules. */
  extraMetrics?: readonly string[];
  /** Exit codes other than 0 that count as success when the metric was read (128 + N also accepts signal N). */
  acceptExit?: readonly number[];
  /** Seconds before the trial's process group gets SIGTERM; null for no limit. */
  timeoutS: number | null;
  /** Seconds between SIGTERM and SIGKILL (default 5). */
  killGraceS?: number;
  /** Compute threads for a trial that shares the machine with others (OMP_NUM_THREADS, unless the tuner's environment sets it). */
  threads?: number;
  /** Extra environment, e.g. CUDA_VISIBLE_DEVICES; laid over the tuner's environment and hypertune's own. */
  env?: Record<string, string>;
  cwd?: string;
  /** The trial's own folder: HYPERTUNE_TRIAL_DIR and `{trial_dir}`. */
  trialDir?: string;
  /** A file holding the parameters as JSON (written by the store): HYPERTUNE_PARAMS_FILE and `{params_file}`. */
  paramsFile?: string;
  /** The trial's copy of the user's configuration file (`--config-file`): HYPERTUNE_CONFIG_FILE and `{config_file}`. */
  configFile?: string;
  /** Aborting kills the trial's process group at once; the outcome is `interrupted`. */
  signal?: AbortSignal;
  /**
   * Aborting stops the trial as a timeout does (SIGTERM to its process group, SIGKILL after killGraceS);
   * the outcome is `pruned`, with the abort reason (a string, or a PruneOrder's text) as its error and the last
   * value read as its value. A PruneOrder marked `outrun` first waits for a line or the program's end (stop-orders.ts).
   */
  prune?: AbortSignal;
  /**
   * Aborting stops the trial as `prune` does, for the study's sake (its time budget ran out); the
   * outcome is `interrupted` (run again by a resume), with the abort reason as its error.
   */
  stop?: AbortSignal;
  /**
   * With `prune` or `stop`: the steps of a full run, asked once the program has ended. A trial stopped after it
   * had reported that step ran its whole course before the signal landed: its outcome is `complete`
   * (its exit by our signal is ours, not its failure).
   */
  fullRunSteps?: () => number | null;
  /** Every output line as it arrives, without its line ending; `rewritten`: it ended with a lone `\r` (a progress bar's state). */
  onLine?: (stream: OutputStream, line: string, rewritten: boolean) => void;
  /** Every metric value as it is read from the metric stream(s), in order, with its step (runner/steps.ts: given by the line, else its ordinal from 1). */
  onValue?: (value: number, step: number) => void;
}

export interface TrialOutcome {
  state: 'complete' | 'failed' | 'pruned' | 'interrupted';
  /** The trial's result per the objective when complete; the last value read when pruned (null if not finite); else null. */
  value: number | null;
  /** Every value read from the metric stream(s), in order (the result included). */
  intermediate: number[];
  exitCode: number | null;
  /** Name of the signal that ended the program, e.g. SIGKILL. */
  signal: string | null;
  timedOut: boolean;
  durationS: number;
  /** Why the trial failed or stopped, plus the last 20 lines of stderr; null when complete. */
  error: string | null;
  /** The extra metrics' last values (TrialLaunch.extraMetrics), by name: those the program printed. */
  extras?: Record<string, number>;
  /** A failed trial whose program itself ended it: an exit code other than 0, or a signal the tuner did not send (not a timeout). */
  crashed?: true;
  /** After the program ended, a process outside its process group (setsid, a daemon) held its output: left running, out of reach. */
  heldOutside?: true;
}

/** A file the program writes its metrics to, read as it grows (store/metric-file.ts opens one). */
export interface MetricFileSource {
  /** Its absolute path, for messages. */
  readonly path: string;
  /**
   * What it gained since the last call: complete lines (with `final`, a last line without its ending
   * too); `context`, an earlier run's lines the program appended to (a CSV header, no values of this
   * run); `restarted`, the file was rewritten and `lines` are all of it again. Throws on a read error.
   */
  read(final: boolean): { context: string[]; restarted: boolean; lines: string[] };
  /** Whether the program has written it. */
  written(): boolean;
}
