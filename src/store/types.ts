import { RuntimeFailure } from '../errors.js';
import type { NewTrial, StudyEvent, StudyMeta, TrialEvent } from '../study/events.js';
import type { StudyState } from '../study/replay.js';
import type { StopRule } from '../study/stop-rule.js';
import type { Config, Trial } from '../study/types.js';

export type OutputStream = 'stdout' | 'stderr';

/** Who holds a study's run lock (a run going on now), and since when (epoch ms). */
export type RunLockHolder = { pid: number; host: string; since: number };

/**
 * One interface over every backend (the embedded journal by default, PostgreSQL for many machines).
 * Every method is safe to call from several processes at once; ids are unique per study.
 */
export interface Store {
  /** Where the store lives, for messages; never contains a password. */
  readonly location: string;
  /**
   * How soon a running trial's waiting writes (its start, values no pruner judges, its output) should
   * go out, in ms; absent: with the next heartbeat. The journal's are local and cheap, so its trial
   * folders fill as the program prints (`tail -f stdout.log`); PostgreSQL's are round trips that every
   * worker's next ask reads, so they wait (docs/storage-schema.md).
   */
  readonly writeSoonMs?: number;
  /**
   * The study's clock (ms since the epoch), which every time stored and compared is on: this machine's
   * for the journal, the database server's for PostgreSQL, so that workers need not agree on the time.
   */
  now(): number;
  /** Create the study, or return the existing study's meta unchanged (`created: false`). */
  createStudy(meta: StudyMeta): Promise<{ created: boolean; meta: StudyMeta }>;
  listStudies(): Promise<string[]>;
  /** Every event of a study, in order; empty when the study does not exist. */
  readEvents(study: string): Promise<StudyEvent[]>;
  /** The events from the `from`-th on, how many there are, and when the study they are of was made (another time: removed and made again). */
  readEventsFrom?(study: string, from: number): Promise<{ events: StudyEvent[]; count: number; createdAt: number | null }>;
  /** The study's current state (replayed events); null when it does not exist. */
  load(study: string): Promise<StudyState | null>;
  /**
   * Atomically assign the next id and record the trial as asked; returns the id.
   * With `retryOf` set, throws RetryTakenError when another trial already re-runs that one,
   * so two workers never both re-run the same interrupted trial.
   */
  createTrial(study: string, trial: NewTrial): Promise<number>;
  /**
   * createTrial for a study shared by many workers, with two checks made atomically with the insert:
   * refused with `target-reached` when the study's finished plus running trials already reach its
   * target, and with `id-moved` when `expectedId` is given and is not the id the trial would get
   * (another worker created one since the caller read the study, so its proposal saw stale history).
   * Throws RetryTakenError like createTrial.
   */
  createSharedTrial?(study: string, trial: NewTrial, expectedId: number | null): Promise<SharedCreate>;
  /**
   * Record trials that ran elsewhere (`hypertune add`): asked and finished, all of them in one atomic
   * write, so no reader ever sees one running and no crash or Ctrl-C leaves part of a file added (a
   * user audit found 1,159 of 3,000 rows after a Ctrl-C, and the repeated add doubled them). Returns
   * their ids, in order.
   */
  recordTrials(study: string, records: ReadonlyArray<{ trial: NewTrial; finish: RecordedFinish }>): Promise<number[]>;
  /** Queue configurations (`hypertune enqueue`) as trials in state `queued`, in order; returns their ids. */
  enqueueTrials(study: string, configs: readonly Config[], at: number): Promise<number[]>;
  /** Take a queued trial to run it, atomically: `taken` when another worker has it already, `target-reached` when the finished and running trials reach the target. */
  claimQueued(study: string, id: number, claim: QueueClaim): Promise<'claimed' | 'taken' | 'target-reached'>;
  append(study: string, event: TrialEvent): Promise<void>;
  /**
   * Several of a running trial's writes (events and output chunks) at once, in order, as append and
   * appendOutput would make them one by one; PostgreSQL sends them in one round trip and one
   * transaction. Resolves to the trials whose events found them no longer running (their events
   * ignored, as replay ignores them): on PostgreSQL, a trial another worker took over while this one
   * could not reach the server. Always none for the journal, whose run lock lets no one take over a
   * live tuner's trials.
   */
  appendBatch(study: string, writes: readonly TrialWrite[]): Promise<number[]>;
  /**
   * A trial's last events (its values and finish), written only while it is still running, in one atomic
   * step: false, and nothing written, when it was finished or given again meanwhile (a second `tell`, an `ask` past its lease).
   */
  finishRunning(study: string, id: number, events: readonly TrialEvent[]): Promise<boolean>;
  setTarget(study: string, target: number, at: number): Promise<void>;
  /** A new time budget for the study (seconds; null: none), seen by every worker and later resume. */
  setTimeBudget(study: string, timeBudgetS: number | null, at: number): Promise<void>;
  /** A new stop rule for the study (`--stop-at`, `--patience`, `--min-delta`), seen by every worker and later resume. */
  setStopRule(study: string, stop: StopRule, at: number): Promise<void>;
  /** The folder the study's trials run in from now on (`resume --here`: the project moved), seen by every later resume. */
  setStartFolder(study: string, folder: string, at: number): Promise<void>;
  /** The other metrics the study records from now on (`extra_metrics:`, more added by a run or resume), seen by every later run. */
  setExtraMetrics(study: string, names: readonly string[], at: number): Promise<void>;
  /** Keep a trial's output (the journal writes it into the trial's folder, PostgreSQL into the database). */
  appendOutput(study: string, trialId: number, stream: OutputStream, text: string): Promise<void>;
  /** The trial's own folder on this machine, created if missing: `<root>/<study>/trials/<id>/` (root: the journal's folder, or PostgreSQL's local --dir). */
  trialFolder(study: string, trialId: number): Promise<string>;
  /** An earlier trial's folder where it is on this machine (a re-run's checkpoints), not created; else null. */
  earlierTrialFolder(study: string, trialId: number): Promise<string | null>;
  /** Writes a file (e.g. params.json) into the trial's folder; returns its path. */
  writeTrialFile(study: string, trialId: number, name: string, text: string): Promise<string>;
  /** Bytes the study takes on this machine's disk (its folder); for PostgreSQL, the local trial folders only. */
  diskUsage(study: string): Promise<number>;
  /**
   * Removes the study: its record and trials, and its folder on this machine (the trials' own folders,
   * and for the journal the journal itself). A journal study a live run holds is refused. Whether
   * the study was there.
   */
  removeStudy(study: string): Promise<boolean>;
  /**
   * Lines of the study's record that could not be read and were skipped, beyond what a crash leaves
   * (a torn last record): one message naming the file and line numbers, or null. The journal only.
   */
  damage?(study: string): Promise<string | null>;
  /** Study folders whose record lost its header yet holds trials, each with one line saying so (the journal only). */
  headlessStudies?(): Promise<Array<{ study: string; problem: string }>>;
  /** Everything kept of a trial's output stream; '' when there is none. */
  readOutput(study: string, trialId: number, stream: OutputStream): Promise<string>;
  /**
   * Exclusive right to run the study from this process, where the backend needs one
   * (the journal: one tuner per study at a time). Throws a clear error when another process holds it.
   */
  acquireRunLock(study: string, worker: string): Promise<() => Promise<void>>;
  /** The live process holding the study's run lock, or null; only where the backend has one (the journal). */
  runLockHolder?(study: string): Promise<RunLockHolder | null>;
  /**
   * Atomically take over one running trial whose last sign of life (heartbeat, else start, else ask)
   * is older than `now - olderThanMs`, or an asked trial (`hypertune ask`) whose lease ran out before
   * `now`: it is recorded as interrupted (naming `worker` as the claimer) and returned in that state;
   * only one caller ever gets a given trial. Null when there is none. `gone`: only a worker's trial of
   * these workers (found dead on the claimer's machine). The caller re-runs it with `retryOf: trial.id`.
   */
  claimStale?(study: string, olderThanMs: number, now: number, worker: string, gone?: readonly string[]): Promise<Trial | null>;
  /**
   * For a study shared by many workers: the trials written since the read that returned `cursor`
   * (every trial when null), whole, with the study's target and the cursor for the next call. A trial
   * may come again though unchanged; none changed since is ever missed. Null when the study does not exist.
   */
  readChanges?(study: string, cursor: string | null): Promise<StudyChanges | null>;
  /**
   * For a study shared by many workers: one ask made while holding the study's lock for creating trials,
   * which every creator takes, so asks are made one at a time however many workers ask. `decide` gets
   * the changes since `cursor` (complete while the lock is held) and returns the trial to create, or
   * null for none (the caller goes its other way: a re-run, a queued trial, the target reached). The
   * trial is created with the id the history implies and the lock released in one commit; a worker
   * killed meanwhile leaves nothing. Null when `decide` returned null. After a lost connection the
   * whole ask is made again, `decide` included, unless the try before had created its trial and lost
   * only the reply: then that trial's id, and `decide` is not called again.
   */
  askUnderLock?(study: string, cursor: string | null, decide: (changes: StudyChanges) => NewTrial | null): Promise<SharedCreate | null>;
  close(): Promise<void>;
}

/** One write of a batch (Store.appendBatch): a trial event, or a chunk of a trial's output. */
export type TrialWrite = { event: TrialEvent } | { output: { trialId: number; stream: OutputStream; text: string } };

export interface StudyChanges {
  /** When the study was made: another value than the one first read means it was removed and made again. */
  createdAt: number;
  target: number;
  /** The time budget as last changed; absent: never changed since the study was created. */
  timeBudgetS?: number | null;
  /** The stop rule as last changed; absent: never changed since the study was created. */
  stopRule?: StopRule;
  trials: Array<{ trial: Trial; retryOf: number | null }>;
  cursor: string;
}

export interface QueueClaim {
  /** The configuration made whole by the optimizer. */
  params: Config;
  worker: string;
  at: number;
  external?: boolean;
  leaseUntil?: number;
}

export interface RecordedFinish {
  state: 'complete' | 'failed';
  value: number | null;
  error: string | null;
  at: number;
  extras?: Record<string, number>;
}

export type SharedCreate = { id: number } | { refused: 'target-reached' | 'id-moved' };

/** A write to a study that was removed, or removed and made again, since this process read it. */
export class StudyGoneError extends RuntimeFailure {
  constructor(readonly study: string) {
    super(`study "${study}" was removed (and perhaps made again) while this worker ran: its trials here are no longer the study's`);
  }
}

/** createTrial with a `retryOf` that another trial already re-runs. */
export class RetryTakenError extends RuntimeFailure {
  constructor(
    readonly study: string,
    readonly retryOf: number,
  ) {
    super(`trial ${retryOf} of study "${study}" is already being re-run by another trial`);
  }
}
