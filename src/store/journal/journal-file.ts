import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { StudyEvent, StudyMeta } from '../../study/events.js';
import { decodeEvent, encodeEvent } from '../event-codec.js';

const NEWLINE = 0x0a;

/**
 * One study's journal.jsonl, read incrementally: only complete (newline-terminated) lines are
 * consumed, so a record another process is writing right now, or a torn tail, is never half-read.
 * Unparsable complete lines are torn records a crash left behind (then terminated); they are skipped.
 */
export class JournalFile {
  private offset = 0;
  private inode = -1;
  private events: StudyEvent[] = [];
  private meta: StudyMeta | null = null;
  private nextTrialId = 0;
  private readonly retried = new Set<number>();
  /** Complete lines that did not parse: torn records from crashes. */
  skippedLines = 0;

  constructor(readonly path: string) {}

  get created(): StudyMeta | null {
    return this.meta;
  }

  get nextId(): number {
    return this.nextTrialId;
  }

  isRetried(id: number): boolean {
    return this.retried.has(id);
  }

  /** Read what was appended since the last call; returns every event so far (do not mutate). */
  refresh(): Promise<readonly StudyEvent[]> {
    // two overlapping reads from the same offset would consume the same lines twice
    const next = this.reading.then(() => this.readNew());
    this.reading = next.catch(() => undefined);
    return next;
  }

  private reading: Promise<unknown> = Promise.resolve();

  private async readNew(): Promise<readonly StudyEvent[]> {
    let handle: FileHandle;
    try {
      handle = await open(this.path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.reset(-1);
      return this.events;
    }
    try {
      const info = await handle.stat();
      if (info.ino !== this.inode || info.size < this.offset) this.reset(info.ino);
      if (info.size > this.offset) {
        const buffer = Buffer.allocUnsafe(info.size - this.offset);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.offset);
        this.consume(buffer.subarray(0, bytesRead));
      }
    } finally {
      await handle.close();
    }
    return this.events;
  }

  private reset(inode: number): void {
    this.inode = inode;
    this.offset = 0;
    this.events = [];
    this.meta = null;
    this.nextTrialId = 0;
    this.retried.clear();
    this.skippedLines = 0;
  }

  private consume(chunk: Buffer): void {
    const end = chunk.lastIndexOf(NEWLINE);
    if (end < 0) return;
    let start = 0;
    while (start <= end) {
      const stop = chunk.indexOf(NEWLINE, start);
      if (stop > start) this.take(chunk.toString('utf8', start, stop));
      start = stop + 1;
    }
    this.offset += end + 1;
  }

  private take(line: string): void {
    const event = decodeEvent(line);
    if (event === null) {
      this.skippedLines += 1;
      return;
    }
    this.events.push(event);
    if (event.type === 'study_created' && this.meta === null) this.meta = event.meta;
    if (event.type === 'trial_asked') {
      this.nextTrialId = Math.max(this.nextTrialId, event.id + 1);
      if (event.retryOf !== null) this.retried.add(event.retryOf);
    }
  }

  /**
   * Append records with one write() and fdatasync before returning. The caller holds the append lock.
   * A tail without a newline (a writer killed mid-write) is terminated first, so the new records start
   * on a line of their own and the torn one stays an unparsable line that readers skip.
   */
  async append(events: readonly StudyEvent[]): Promise<void> {
    const text = events.map((event) => `${encodeEvent(event)}\n`).join('');
    const handle = await open(this.path, 'a+');
    try {
      const { size } = await handle.stat();
      let prefix = '';
      if (size > 0) {
        const last = Buffer.alloc(1);
        await handle.read(last, 0, 1, size - 1);
        if (last[0] !== NEWLINE) prefix = '\n';
      }
      const bytes = Buffer.from(prefix + text, 'utf8');
      let written = 0;
      while (written < bytes.length) {
        const result = await handle.write(bytes, written, bytes.length - written);
        written += result.bytesWritten;
      }
      await handle.datasync();
      if (size === 0) await syncFolder(dirname(this.path));
    } finally {
      await handle.close();
    }
  }
}

/** A new file's name is durable only once its folder is synced. */
async function syncFolder(path: string): Promise<void> {
  const folder = await open(path, 'r');
  try {
    await folder.sync();
  } catch {
    // some file systems refuse fsync on a folder; the data itself is synced already
  } finally {
    await folder.close();
  }
}
