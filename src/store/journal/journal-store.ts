import { makeFolder, notMadeOnFailure } from '../make-folder.js';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { RuntimeFailure } from '../../errors.js';
import type { NewTrial, StudyEvent, StudyMeta, TrialEvent } from '../../study/events.js';
import { replay, type StudyState } from '../../study/replay.js';
import type { StopRule } from '../../study/stop-rule.js';
import type { Config, Trial } from '../../study/types.js';
import { TrialFolders } from '../trial-folders.js';
import { type OutputStream, type QueueClaim, type RecordedFinish, type RunLockHolder, type SharedCreate, type Store, type TrialWrite } from '../types.js';
import { appendClaim, appendQueued } from './queue.js';
import { appendAskedTrial, appendIfRunning, appendRecordedTrials, appendSharedTrial, appendStaleClaim, unknownTrial } from './locked-writes.js';
import { listJournalStudies } from './study-list.js';
import type { JournalFile, Unlocked } from './journal-file.js';
import { checkNewStudyName } from '../study-name.js';
import { JOURNAL_FILE, JournalFiles } from './journal-files.js';
import { acquireRunLockFile, liveRunLockHolder } from './run-lock.js';
import { headlessStudies, refuseHeadlessStudy } from './headless.js';

export { JOURNAL_FILE };

/** The embedded store: `<root>/<study>/journal.jsonl` plus trial outputs; layout in docs/journal.md. */
export class JournalStore implements Store {
  readonly location: string;
  readonly writeSoonMs = 1000;
  private readonly journals: JournalFiles;
  private readonly trials: TrialFolders;
  /** Studies whose run lock this store holds. */
  private readonly running = new Set<string>();

  constructor(root: string) {
    this.location = resolve(root);
    [this.journals, this.trials] = [new JournalFiles(this.location), new TrialFolders(this.location)];
  }

  /** One machine's journal: its clock is this machine's. */
  readonly now = (): number => Date.now();

  async createStudy(meta: StudyMeta): Promise<{ created: boolean; meta: StudyMeta }> {
    const exists = (await this.listStudies()).includes(meta.name);
    if (!exists) checkNewStudyName(meta.name);
    const make = async (): Promise<{ created: boolean; meta: StudyMeta }> => {
      await makeFolder(this.journals.folder(meta.name));
      return this.journals.locked(meta.name, (file, append) => {
        if (file.created !== null) return { created: false, meta: file.created };
        refuseHeadlessStudy(file, this.journals.folder(meta.name));
        append([{ type: 'study_created', meta }]);
        return { created: true, meta };
      });
    };
    // an existing study that cannot be written is no study left unmade (a re-audit)
    return exists ? make() : notMadeOnFailure(make);
  }

  listStudies(): Promise<string[]> {
    return listJournalStudies(this.location, JOURNAL_FILE);
  }

  headlessStudies = (): Promise<Array<{ study: string; problem: string }>> => headlessStudies(this.journals);
  readEvents = async (study: string): Promise<StudyEvent[]> => [...(await this.journals.file(study).refresh())];

  async readEventsFrom(study: string, from: number): Promise<{ events: StudyEvent[]; count: number; createdAt: number | null }> {
    const file = this.journals.file(study);
    const all = await file.refresh();
    return { events: all.slice(from), count: all.length, createdAt: file.created?.createdAt ?? null };
  }

  async load(study: string): Promise<StudyState | null> {
    return replay(await this.journals.file(study).refresh());
  }

  createTrial(study: string, trial: NewTrial): Promise<number> {
    return this.journals.existing(study, (file, append) => appendAskedTrial(file, append, study, trial));
  }

  createSharedTrial(study: string, trial: NewTrial, expectedId: number | null): Promise<SharedCreate> {
    return this.journals.existing(study, (file, append) => appendSharedTrial(file, append, study, trial, expectedId));
  }

  enqueueTrials(study: string, configs: readonly Config[], at: number): Promise<number[]> {
    return this.journals.existing(study, (file, append) => appendQueued(file, append, configs, at));
  }

  claimQueued(study: string, id: number, claim: QueueClaim): Promise<'claimed' | 'taken' | 'target-reached'> {
    return this.journals.existing(study, (file, append) => appendClaim(file, append, id, claim));
  }

  recordTrials(study: string, records: ReadonlyArray<{ trial: NewTrial; finish: RecordedFinish }>): Promise<number[]> {
    return this.journals.existing(study, (file, append) => appendRecordedTrials(file, append, records));
  }

  append(study: string, event: TrialEvent): Promise<void> {
    return this.appendEvents(study, [event]);
  }

  /** Events of trials the study has, as one write (one fdatasync). */
  private appendEvents(study: string, events: readonly TrialEvent[]): Promise<void> {
    const file = this.journals.file(study);
    if (this.running.has(study) && file.created !== null && unknownTrial(events, file.nextId) === undefined) {
      const fast = file.appendUnlocked(events);
      if (fast !== null) return this.confirm(study, file, fast, events);
    }
    return this.journals.existing(study, (file, append) => {
      const unknown = unknownTrial(events, file.nextId);
      if (unknown !== undefined) throw new RuntimeFailure(`study "${study}" has no trial ${unknown}`);
      append(events);
    });
  }

  /**
   * A lock-free append raced with another process's append: under the lock, make sure it landed as
   * whole lines (it could only be lost by following a torn record of a writer killed right then).
   */
  private async confirm(study: string, file: JournalFile, fast: Unlocked, events: readonly StudyEvent[]): Promise<void> {
    if (!fast.clean) {
      const from = file.all.length;
      await this.journals.locked(study, (current, append) => {
        if (!current.landed(fast.text, from)) append(events);
      });
    }
    await fast.appended.handle.durable(fast.appended.write);
  }

  /** The output chunks into their files, then the events as one write: one fdatasync for the lot. */
  finishRunning(study: string, id: number, events: readonly TrialEvent[]): Promise<boolean> {
    return this.journals.existing(study, (file, append) => appendIfRunning(file, append, id, events));
  }

  async appendBatch(study: string, writes: readonly TrialWrite[]): Promise<number[]> {
    const events: TrialEvent[] = [];
    for (const write of writes) {
      if ('event' in write) events.push(write.event);
      else await this.appendOutput(study, write.output.trialId, write.output.stream, write.output.text);
    }
    if (events.length > 0) await this.appendEvents(study, events);
    return [];
  }

  setTarget = (study: string, target: number, at: number): Promise<void> => this.appendStudyChange(study, { type: 'target_changed', target, at });
  setTimeBudget = (study: string, timeBudgetS: number | null, at: number): Promise<void> => this.appendStudyChange(study, { type: 'budget_changed', timeBudgetS, at });
  setStopRule = (study: string, stop: StopRule, at: number): Promise<void> => this.appendStudyChange(study, { type: 'stop_changed', stop, at });
  setStartFolder = (study: string, folder: string, at: number): Promise<void> => this.appendStudyChange(study, { type: 'start_folder_changed', folder, at });
  setExtraMetrics = (study: string, names: readonly string[], at: number): Promise<void> => this.appendStudyChange(study, { type: 'extras_changed', extraMetrics: [...names], at });
  private appendStudyChange = (study: string, event: StudyEvent): Promise<void> => this.journals.existing(study, (_file, append) => append([event]));

  async appendOutput(study: string, trialId: number, stream: OutputStream, text: string): Promise<void> {
    this.trials.appendOutput(study, trialId, stream, text);
  }

  readOutput(study: string, trialId: number, stream: OutputStream): Promise<string> {
    return this.trials.readOutput(study, trialId, stream);
  }

  async damage(study: string): Promise<string | null> {
    const file = this.journals.file(study);
    await file.refresh();
    const damage = file.damage;
    if (damage.count === 0) return null;
    const shown = damage.shown.map(({ line, text }) => `line ${line}: ${JSON.stringify(text)}`).join('; ');
    const more = damage.count > damage.shown.length ? ` and ${damage.count - damage.shown.length} more` : '';
    const count = damage.count === 1 ? 'a line that is not a record' : `${damage.count} lines that are not records`;
    return `${file.path} has ${count}, skipped: ${shown}${more}`;
  }

  trialFolder = async (study: string, trialId: number): Promise<string> => this.trials.ensure(study, trialId);
  earlierTrialFolder = async (study: string, trialId: number): Promise<string | null> => this.trials.existing(study, trialId);
  writeTrialFile = (study: string, trialId: number, name: string, text: string): Promise<string> => this.trials.writeFile(study, trialId, name, text);
  diskUsage = (study: string): Promise<number> => this.trials.studySize(study);

  async removeStudy(study: string): Promise<boolean> {
    if (!(await this.journals.exists(study))) return false;
    // a live run holds the run lock: refused; a dead one's lock is broken, as a resume would
    await this.acquireRunLock(study, `remove@${hostname()}:${process.pid}`);
    await this.journals.forget(study);
    return this.trials.remove(study);
  }

  async acquireRunLock(study: string, worker: string): Promise<() => Promise<void>> {
    const folder = this.journals.folder(study);
    await makeFolder(folder);
    const release = await acquireRunLockFile(join(folder, 'run.lock'), study, worker);
    // the holder is the only tuner of the study: its trial events skip the append lock (see append)
    this.running.add(study);
    return async () => {
      this.running.delete(study);
      await release();
    };
  }

  runLockHolder = (study: string): Promise<RunLockHolder | null> => liveRunLockHolder(join(this.journals.folder(study), 'run.lock'));

  claimStale(study: string, olderThanMs: number, now: number, worker: string, gone?: readonly string[]): Promise<Trial | null> {
    return this.journals.existing(study, (file, append) => appendStaleClaim(file, append, { olderThanMs, now, worker, gone }));
  }

  close(): Promise<void> {
    return this.journals.close();
  }
}
