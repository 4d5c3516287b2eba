import type { Config } from '../space/types.js';
import type { OutputStream } from '../store/types.js';
import type { TrialState } from '../study/types.js';

/** Where the study stands, after every change: what a progress line shows. */
export interface LoopProgress {
  finished: number;
  /** Null when only the time budget stops the study. */
  target: number | null;
  /** The study's trial time against its time budget, in seconds; null without a budget. */
  // spentS as of `at`, a time on this machine's clock (the printer moves it on by its own)
  budget: { spentS: number; budgetS: number; at: number; running: boolean } | null;
  running: number;
  failed: number;
  best: { id: number; value: number } | null;
  /** Trials finished by this process, for the ETA. */
  finishedThisRun: number;
}

export interface FinishedTrial {
  id: number;
  state: Exclude<TrialState, 'running' | 'queued'>;
  value: number | null;
  params: Config;
  durationS: number;
  exitCode: number | null;
  error: string | null;
  timedOut: boolean;
  /** The best complete trial so far, counting every worker's. */
  newBest: boolean;
  /** The other metrics it printed (`extra_metrics:`), each one's value with the result; absent without. */
  extras?: Record<string, number>;
}

/** How the loop tells the CLI what happens; the CLI decides what to print. */
export interface LoopListener {
  /** The study is this process's to run (its lock is held): the moment to greet the user. */
  ready?(): void;
  trialStarted?(trial: { id: number; params: Config; retryOf: number | null; gpu: string | null }): void;
  trialFinished?(trial: FinishedTrial): void;
  /** A line of a trial's output; `rewritten`: a progress bar's state, which the next line on a terminal replaces. */
  output?(trialId: number, stream: OutputStream, line: string, rewritten: boolean): void;
  progress?(progress: LoopProgress): void;
  /** Something the user should know (a trial taken over, the study stopping, ...). */
  notice?(text: string): void;
}
