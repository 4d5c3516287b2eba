import { fstatSync, openSync, readSync, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { StudyEvent, StudyMeta } from '../../study/events.js';
import { encodeEvent } from '../event-codec.js';
import { JournalLines } from './journal-lines.js';
import { SyncedHandle } from './synced-handle.js';
import { writeAllSync } from '../named-error.js';

/** What an append wrote: the write's number on its handle, for `durable`. */
export interface Appended {
  handle: SyncedHandle;
  write: number;
  /** The journal was empty: its name is durable only once its folder is synced too. */
  created: boolean;
}

/** What a lock-free append wrote; `clean`: nothing else was written meanwhile (it is read back). */
export interface Unlocked {
  appended: Appended;
  clean: boolean;
  text: string;
}

/**
 * One study's journal.jsonl, read incrementally (the lines: JournalLines). Writers keep one descriptor
 * open (`O_APPEND`) and do their work under the append lock synchronously.
 */
export class JournalFile {
  private offset = 0;
  private inode = -1;
  /** Bumped by every reset, so a read that started before one does not consume stale bytes. */
  private epoch = 0;
  /** The lines read so far, and the state they replay to (`lines.state`; do not mutate). */
  readonly lines = new JournalLines();
  private handle: SyncedHandle | null = null;

  constructor(readonly path: string) {}

  get created(): StudyMeta | null {
    return this.lines.meta;
  }

  get nextId(): number {
    return this.lines.nextTrialId;
  }

  /** Every event read so far (do not mutate). */
  get all(): readonly StudyEvent[] {
    return this.lines.events;
  }

  /** The lines that are neither a record nor a torn one: the first few with their numbers, and the count. */
  get damage(): { shown: ReadonlyArray<{ line: number; text: string }>; count: number } {
    return { shown: this.lines.damaged, count: this.lines.damagedCount };
  }

  isRetried(id: number): boolean {
    return this.lines.retried.has(id);
  }

  /** Read what was appended since the last call; returns every event so far (do not mutate). */
  async refresh(): Promise<readonly StudyEvent[]> {
    for (;;) {
      const from = this.offset;
      const epoch = this.epoch;
      let handle: FileHandle;
      try {
        handle = await open(this.path, 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        if (this.offset !== from || this.epoch !== epoch) continue;
        this.reset(-1);
        return this.lines.events;
      }
      try {
        const info = await handle.stat();
        // a writer of this process may have consumed lines meanwhile: start again from its offset
        if (this.offset !== from || this.epoch !== epoch) continue;
        if (info.ino !== this.inode || info.size < this.offset) this.reset(info.ino);
        const start = this.offset;
        const readEpoch = this.epoch;
        if (info.size > start) {
          const buffer = Buffer.allocUnsafe(info.size - start);
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
          if (this.offset !== start || this.epoch !== readEpoch) continue;
          this.offset += this.lines.consume(buffer.subarray(0, bytesRead));
        }
        return this.lines.events;
      } finally {
        await handle.close();
      }
    }
  }

  /**
   * Under the append lock: bring the in-memory events up to the file's end, synchronously, through the
   * kept descriptor (opened, creating the file, on first use or when the file was replaced).
   */
  catchUp(): void {
    const handle = this.openHandle();
    const { size } = fstatSync(handle.fd);
    if (size < this.offset) this.reset(handle.inode);
    if (size > this.offset) this.readSync(handle.fd, this.offset, size);
  }

  /**
   * Append records with one write(); call under the append lock right after `catchUp`. The caller then
   * awaits `durable` (fdatasync) before reporting the records written. A tail without a newline (a writer
   * killed mid-write) is terminated first, so the new records start on a line of their own and the torn
   * one stays an unparsable line that readers skip.
   */
  appendLocked(events: readonly StudyEvent[]): Appended {
    const handle = this.openHandle();
    const { size } = fstatSync(handle.fd);
    // after catchUp, bytes beyond the last consumed newline are a torn tail
    const prefix = size > this.offset ? '\n' : '';
    const bytes = Buffer.from(prefix + events.map((event) => `${encodeEvent(event)}\n`).join(''), 'utf8');
    writeAllSync(handle.fd, bytes, this.path);
    const write = handle.wrote();
    // read back what was just written, so this process sees exactly what any reader will
    this.readSync(handle.fd, this.offset, size + bytes.length);
    return { handle, write, created: size === 0 };
  }

  /**
   * Append without the append lock, for the holder of the run lock (the only process that creates
   * trials then). Returns null, having written nothing, unless the file ends exactly where this process
   * last read it (no other process wrote since, no torn tail). If another process appends between that
   * check and the write, its record and ours are each one O_APPEND write(); ours is then verified
   * under the lock by the caller (`landed`).
   */
  appendUnlocked(events: readonly StudyEvent[]): Unlocked | null {
    const handle = this.handle;
    if (handle === null) return null;
    const { size } = fstatSync(handle.fd);
    if (size !== this.offset) return null;
    const text = events.map((event) => `${encodeEvent(event)}\n`).join('');
    const bytes = Buffer.from(text, 'utf8');
    writeAllSync(handle.fd, bytes, this.path);
    const write = handle.wrote();
    const after = fstatSync(handle.fd).size;
    const clean = after === size + bytes.length;
    if (clean) this.readSync(handle.fd, this.offset, after);
    return { appended: { handle, write, created: size === 0 }, clean, text };
  }

  /** Under the append lock, after `catchUp`: did `text` land as whole lines somewhere after `from`? */
  landed(text: string, from: number): boolean {
    const lines = text.split('\n').slice(0, -1);
    const found = new Set(this.lines.events.slice(from).map((event) => encodeEvent(event)));
    return lines.every((line) => found.has(line));
  }

  /** Close the kept descriptor (after its pending syncs). */
  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    await handle?.close();
  }

  private openHandle(): SyncedHandle {
    if (this.handle !== null) {
      // replaced or removed behind our back (a study deleted and created again): reopen
      let current = -1;
      try {
        current = statSync(this.path).ino;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      if (current === this.handle.inode) return this.handle;
      void this.handle.close();
      this.handle = null;
    }
    const fd = openSync(this.path, 'a+');
    const handle = new SyncedHandle(fd, fstatSync(fd).ino, this.path);
    this.handle = handle;
    if (handle.inode !== this.inode) this.reset(handle.inode);
    return handle;
  }

  private readSync(fd: number, from: number, to: number): void {
    const buffer = Buffer.allocUnsafe(to - from);
    let done = 0;
    while (done < buffer.length) {
      const got = readSync(fd, buffer, done, buffer.length - done, from + done);
      if (got === 0) break;
      done += got;
    }
    this.offset += this.lines.consume(buffer.subarray(0, done));
  }

  private reset(inode: number): void {
    this.inode = inode;
    this.epoch += 1;
    this.offset = 0;
    this.lines.reset();
  }
}
