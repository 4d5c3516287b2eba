import { join } from 'node:path';
import { RuntimeFailure } from '../../errors.js';
import type { StudyEvent } from '../../study/events.js';
import { checkStudyName } from '../study-name.js';
import { withAppendLock } from './append-lock.js';
import { JournalFile, type Appended } from './journal-file.js';
import { KeyedMutex } from './keyed-mutex.js';
import { syncFolder } from './synced-handle.js';

export const JOURNAL_FILE = 'journal.jsonl';

/** Appends `events` under the lock; what it appended is on disk once the locked call resolves. */
export type LockedAppend = (events: readonly StudyEvent[]) => void;

/**
 * The journal files of a store's root, one per study, and the way to write them: under this process's
 * per-study mutex and the cross-process append lock, with the journal read up to its end first.
 */
export class JournalFiles {
  private readonly files = new Map<string, JournalFile>();
  private readonly mutex = new KeyedMutex();

  constructor(readonly root: string) {}

  folder(study: string): string {
    return join(this.root, checkStudyName(study));
  }

  file(study: string): JournalFile {
    let file = this.files.get(study);
    if (file === undefined) {
      file = new JournalFile(join(this.folder(study), JOURNAL_FILE));
      this.files.set(study, file);
    }
    return file;
  }

  /**
   * Under the append lock, with the journal read up to its end. `work` runs synchronously and may append;
   * the promise resolves once what it appended is on disk (fdatasync, shared with concurrent appends).
   */
  async locked<T>(study: string, work: (file: JournalFile, append: LockedAppend) => T): Promise<T> {
    const file = this.file(study);
    let appended: Appended | null = null;
    const result = await this.mutex.run(study, () =>
      withAppendLock(join(this.folder(study), 'journal.lock'), () => {
        file.catchUp();
        return work(file, (events) => {
          appended = file.appendLocked(events);
        });
      }),
    );
    const done = appended as Appended | null;
    if (done !== null) {
      await done.handle.durable(done.write);
      if (done.created) await syncFolder(file.path);
    }
    return result;
  }

  /** `locked` for a study that must exist already. */
  async existing<T>(study: string, work: (file: JournalFile, append: LockedAppend) => T): Promise<T> {
    // a study, once created, stays: only an unknown one needs a read before taking the lock
    const file = this.file(study);
    if (file.created === null) await file.refresh();
    if (file.created === null) throw new RuntimeFailure(`study "${study}" does not exist in ${this.root}`);
    return this.locked(study, work);
  }

  /** Whether the study's journal holds a study. */
  async exists(study: string): Promise<boolean> {
    const file = this.file(study);
    if (file.created === null) await file.refresh();
    return file.created !== null;
  }

  /** Closes and forgets the study's journal (before its folder is removed). */
  async forget(study: string): Promise<void> {
    const file = this.files.get(study);
    this.files.delete(study);
    await file?.close();
  }

  async close(): Promise<void> {
    await Promise.all([...this.files.values()].map((file) => file.close()));
  }
}
