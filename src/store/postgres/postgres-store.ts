import type pg from 'pg';
import { RuntimeFailure } from '../../errors.js';
import type { NewTrial, StudyEvent, StudyMeta, TrialEvent } from '../../study/events.js';
import { replay, type StudyState } from '../../study/replay.js';
import type { StopRule } from '../../study/stop-rule.js';
import type { Config, Trial } from '../../study/types.js';
import { checkNewStudyName } from '../study-name.js';
import { TrialFolders } from '../trial-folders.js';
import { RetryTakenError, StudyGoneError, type OutputStream, type QueueClaim, type RecordedFinish, type SharedCreate, type Store, type StudyChanges, type TrialWrite } from '../types.js';
import { queryFailure, sqlState, type PostgresTarget } from './connection.js';
import type { Reconnector } from './reconnect.js';
import { writeStoreStats, type StoreStats } from './store-stats.js';
import { claimStaleTrial, inTransaction, onConnection } from './transactions.js';
import { claimQueuedTrial, createSharedOn, insertAskedTrial, insertQueued, insertRecordedTrials, creatingOnce, sharedCreateOf } from './trial-writes.js';
import { insertStudy, readEventsOn, readOutputOn, updateStudyOn } from './trial-rows.js';
import { askWithLock } from './ask-lock.js';
import { absentTrials, appendBatchOn } from './trial-batch.js';
import { readChangesOn } from './changes.js';
import type { ServerClock } from './server-clock.js';
import { StudiesRead } from './studies-read.js';
import { afterStored } from '../named-error.js';

/** Several studies per database, many workers per study; tables in docs/storage-schema.md. */
export class PostgresStore implements Store {
  readonly location: string;

  constructor(
    private readonly pool: pg.Pool,
    private readonly target: PostgresTarget,
    private readonly reconnector: Reconnector,
    private readonly trials: TrialFolders,
    /** Round trips and creations so far (bench/sections/scale.mjs). */
    readonly stats: StoreStats,
    private readonly clock: ServerClock,
  ) {
    this.location = target.masked;
  }

  /** `work` tried again while the connection is lost; what fails for good becomes one clear line. */
  private async withServer<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await this.reconnector.run(work);
    } catch (error) {
      if (error instanceof RuntimeFailure) throw error;
      if (sqlState(error) === '23505' && /one_retry/.test(String((error as Error).message))) throw error;
      throw queryFailure(this.target, error);
    }
  }

  private readonly missing = (study: string): RuntimeFailure => new RuntimeFailure(`study "${study}" does not exist in ${this.location}`);

  async createStudy(meta: StudyMeta): Promise<{ created: boolean; meta: StudyMeta }> {
    if (!(await this.listStudies()).includes(meta.name)) checkNewStudyName(meta.name);
    const result = await this.withServer(() => insertStudy(this.pool, meta));
    if (result === null) throw this.missing(meta.name);
    this.studiesRead.note(meta.name, result.meta.createdAt);
    return result;
  }

  async listStudies(): Promise<string[]> {
    // each try takes a pooled connection afresh, so a lost one is replaced
    const found = await this.withServer(() => this.pool.query<{ name: string }>('SELECT name FROM hypertune_studies'));
    return found.rows.map((row) => row.name).sort();
  }

  readEvents = async (study: string): Promise<StudyEvent[]> => {
    const events = await this.withServer(() => readEventsOn(this.pool, study));
    if (events[0]?.type === 'study_created') this.studiesRead.note(study, events[0].meta.createdAt);
    return events;
  };

  private readonly studiesRead = new StudiesRead();
  load = async (study: string): Promise<StudyState | null> => replay(await this.readEvents(study));

  async createTrial(study: string, trial: NewTrial): Promise<number> {
    try {
      const id = await this.withServer(() => insertAskedTrial(this.pool, study, trial));
      if (id === null) throw this.missing(study);
      return id;
    } catch (error) {
      if (sqlState(error) === '23505' && trial.retryOf !== null) throw new RetryTakenError(study, trial.retryOf);
      throw error;
    }
  }

  async enqueueTrials(study: string, configs: readonly Config[], at: number): Promise<number[]> {
    const ids = await this.withServer(() => inTransaction(this.pool, this.target, (client) => insertQueued(client, study, configs, at)));
    if (ids === null) throw this.missing(study);
    return ids;
  }

  claimQueued(study: string, id: number, claim: QueueClaim): Promise<'claimed' | 'taken' | 'target-reached'> {
    return this.withServer(() => inTransaction(this.pool, this.target, (client) => claimQueuedTrial(client, study, id, claim)));
  }

  async recordTrials(study: string, records: ReadonlyArray<{ trial: NewTrial; finish: RecordedFinish }>): Promise<number[]> {
    const ids = await this.withServer(() => inTransaction(this.pool, this.target, (client) => insertRecordedTrials(client, study, records)));
    if (ids === null) throw this.missing(study);
    return ids;
  }

  append = async (study: string, event: TrialEvent): Promise<void> => void (await this.appendBatch(study, [{ event }]));

  async appendBatch(study: string, writes: readonly TrialWrite[]): Promise<number[]> {
    // the output also into the trial's folder here: it is what a user looks for there, and what is left
    // of a finished run should the server stay away past the reconnect window (a user audit); not into
    // the folder of a study made again under the name
    const local = (): void => writes.forEach((write) => 'output' in write && this.trials.appendOutput(study, write.output.trialId, write.output.stream, write.output.text));
    const unmatched = await this.withServer(() => appendBatchOn(this.pool, study, writes, this.studiesRead.of(study))).catch((error: unknown) => {
      if (!(error instanceof StudyGoneError)) local();
      throw error;
    });
    // the records are in: a retry of the batch must not store them twice
    afterStored(local);
    // like replay, events for a finished trial are ignored; a trial that does not exist is a bug
    const absent = await this.withServer(() => absentTrials(this.pool, study, unmatched));
    if (absent.length > 0) throw new RuntimeFailure(`study "${study}" has no trial ${absent.join(', ')}`);
    return unmatched;
  }

  /** Each statement is guarded by state = 'running', all in one transaction: a trial finished meanwhile takes none. */
  async finishRunning(study: string, id: number, events: readonly TrialEvent[]): Promise<boolean> {
    return !(await this.appendBatch(study, events.map((event) => ({ event })))).includes(id);
  }

  setTarget = (study: string, target: number, at: number): Promise<void> => this.updateStudy(study, { target, target_changed_at: at });
  setTimeBudget = (study: string, timeBudgetS: number | null, at: number): Promise<void> => this.updateStudy(study, { time_budget_s: timeBudgetS, time_budget_changed_at: at });
  setStopRule = (study: string, stop: StopRule, at: number): Promise<void> =>
    this.updateStudy(study, { stop_at: stop.at, stop_patience: stop.patience, stop_min_delta: stop.minDelta, stop_changed_at: at });
  setStartFolder = (study: string, folder: string, at: number): Promise<void> => this.updateStudy(study, { start_folder: folder, start_folder_changed_at: at });
  setExtraMetrics = (study: string, names: readonly string[], at: number): Promise<void> => this.updateStudy(study, { extra_metrics: JSON.stringify(names), extra_metrics_changed_at: at });
  private async updateStudy(study: string, columns: Record<string, number | string | null>): Promise<void> {
    if (!(await this.withServer(() => updateStudyOn(this.pool, study, columns)))) throw this.missing(study);
  }

  appendOutput = async (study: string, trialId: number, stream: OutputStream, text: string): Promise<void> => void (await this.appendBatch(study, [{ output: { trialId, stream, text } }]));
  readOutput = (study: string, trialId: number, stream: OutputStream): Promise<string> => this.withServer(() => readOutputOn(this.pool, study, trialId, stream));
  trialFolder = async (study: string, trialId: number): Promise<string> => this.trials.ensure(study, trialId);
  earlierTrialFolder = async (study: string, trialId: number): Promise<string | null> => this.trials.existing(study, trialId);
  writeTrialFile = (study: string, trialId: number, name: string, text: string): Promise<string> => this.trials.writeFile(study, trialId, name, text);
  /** The study's rows are the server's business; this machine holds only its trial folders. */
  diskUsage = (study: string): Promise<number> => this.trials.studySize(study);

  /** The study's rows (its trials and output go with it: ON DELETE CASCADE), and its folder on this machine. */
  async removeStudy(study: string): Promise<boolean> {
    const deleted = await this.withServer(() => this.pool.query('DELETE FROM hypertune_studies WHERE name = $1', [study]));
    await this.trials.remove(study);
    return (deleted.rowCount ?? 0) > 0;
  }

  /** Many workers share a study here; ids and claims are made safe by the database instead. */
  acquireRunLock = async (): Promise<() => Promise<void>> => async () => undefined;

  async createSharedTrial(study: string, trial: NewTrial, expectedId: number | null): Promise<SharedCreate> {
    const id = await createSharedOn(this.pool, this.target, (attempt) => this.withServer(attempt), study, trial, expectedId);
    this.stats.createCalls += 1;
    this.stats.created += id >= 0 ? 1 : 0;
    const created = sharedCreateOf(id, study, trial.retryOf);
    if (created === 'no-study') throw this.missing(study);
    return created;
  }

  async readChanges(study: string, cursor: string | null): Promise<StudyChanges | null> {
    const changes = await this.withServer(() => readChangesOn(this.pool, study, cursor));
    if (changes !== null) this.studiesRead.note(study, changes.createdAt);
    return changes;
  }

  async askUnderLock(study: string, cursor: string | null, decide: (changes: StudyChanges) => NewTrial | null): Promise<SharedCreate | null> {
    const ask = (creating: (trial: NewTrial) => void): Promise<SharedCreate | null | 'no-study'> =>
      onConnection(this.pool, this.target, (client) => askWithLock(client, study, cursor, this.stats, (changes) => {
        const trial = decide(changes);
        if (trial !== null) creating(trial);
        return trial;
      }));
    const created = await creatingOnce(this.pool, study, (attempt) => this.withServer(attempt), ask, (id) => ({ id }));
    if (created === 'no-study') throw this.missing(study);
    this.stats.createCalls += created === null ? 0 : 1;
    this.stats.created += created !== null && 'id' in created ? 1 : 0;
    return created;
  }

  /** The server's clock: every worker of a study stamps and compares its times on the same one (server-clock.ts). */
  now = (): number => this.clock.now();

  async claimStale(study: string, olderThanMs: number, now: number, worker: string, gone?: readonly string[]): Promise<Trial | null> {
    // after an outage every worker's heartbeats were refused too: give them a full timeout to report
    // again before calling any of them dead (the outage is timed on this machine's clock)
    const regained = this.reconnector.regainedAt();
    if (regained !== null && regained > Date.now() - olderThanMs) return null;
    return this.withServer(() => inTransaction(this.pool, this.target, (client) => claimStaleTrial(client, study, { olderThanMs, now, worker, gone })));
  }

  async close(): Promise<void> {
    writeStoreStats(this.stats);
    await this.clock.settled();
    await this.pool.end();
  }
}
