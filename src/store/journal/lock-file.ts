import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { namedError } from '../named-error.js';
import { link, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { isProcessAlive, pidNamespace, processStartTime } from './process-alive.js';

/** Who holds a lock file; written as JSON into the file right after its exclusive creation. */
export interface LockOwner {
  pid: number;
  host: string;
  /** Kernel start time of `pid`, to tell a reused pid from the holder (Linux). */
  startTime: string | null;
  /** Unique per acquisition, so a holder removes only its own lock. */
  token: string;
  since: number;
  worker: string | null;
  /** The holder's PID namespace (process-alive.ts); null from an older version or off Linux. */
  pidns: string | null;
}

export interface LockFound {
  owner: LockOwner | null;
  raw: string;
  ageMs: number;
}

// this process's identity does not change: read /proc once, not on every append
let self: { pid: number; host: string; startTime: string | null; pidns: string | null } | null = null;

export function ownLockOwner(worker: string | null): LockOwner {
  if (self?.pid !== process.pid) self = { pid: process.pid, host: hostname(), startTime: processStartTime(process.pid), pidns: pidNamespace() };
  return {
    ...self,
    token: randomHex(8),
    since: Date.now(),
    worker,
  };
}

/**
 * O_CREAT|O_EXCL in effect: true when this call created the file, false when it already existed. The
 * owner goes into a draft of its own that is then linked into place, so the lock never exists empty: an
 * exclusive create and then a write, two round trips apart, let a run killed between them leave an empty
 * run.lock, which every resume refused for 5 s as "being started by another process" (a kill -9 campaign).
 */
export async function tryCreateLock(path: string, owner: LockOwner): Promise<boolean> {
  const draft = `${path}.${owner.token}`;
  try {
    await writeFile(draft, JSON.stringify(owner), { flag: 'wx' });
    await link(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw namedError(error, path);
  } finally {
    await unlink(draft).catch(() => undefined);
  }
}

/**
 * tryCreateLock without the thread pool: an uncontended append lock costs a few microseconds of
 * system calls, far less than the round trips of the asynchronous version.
 */
export function tryCreateLockSync(path: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, JSON.stringify(owner));
  } catch (error) {
    closeSync(fd);
    unlinkSync(path);
    throw namedError(error, path);
  }
  closeSync(fd);
  return true;
}

/** removeOwnLock, synchronously. */
export function removeOwnLockSync(path: string, token: string): void {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch {
    return;
  }
  if (parseOwner(raw)?.token !== token) return;
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/** The lock as it is now; null when there is none. */
export async function readLock(path: string): Promise<LockFound | null> {
  try {
    const [raw, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { owner: parseOwner(raw), raw, ageMs: Date.now() - info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function parseOwner(raw: string): LockOwner | null {
  try {
    const value = JSON.parse(raw) as Partial<LockOwner>;
    if (typeof value.pid !== 'number' || typeof value.host !== 'string' || typeof value.token !== 'string') return null;
    return {
      pid: value.pid,
      host: value.host,
      startTime: typeof value.startTime === 'string' ? value.startTime : null,
      token: value.token,
      since: typeof value.since === 'number' ? value.since : 0,
      worker: typeof value.worker === 'string' ? value.worker : null,
      pidns: typeof value.pidns === 'string' ? value.pidns : null,
    };
  } catch {
    return null;
  }
}

export interface StalePolicy {
  /** A lock without readable content (its creator died between create and write) is stale after this. */
  unreadableAfterMs: number;
  /** A lock from another host cannot be checked for liveness; null: never consider it stale. */
  foreignAfterMs: number | null;
  /** A lock of this host's name from another PID namespace (a container): stale once untouched this long. */
  otherNamespaceAfterMs: number;
}

/**
 * Whether the lock's holder runs under this host name but in another PID namespace (another container
 * on the host's network), where its pid cannot be looked up from here.
 */
export function inOtherNamespace(owner: LockOwner): boolean {
  const own = pidNamespace();
  return owner.host === hostname() && owner.pidns !== null && own !== null && owner.pidns !== own;
}

export function isStale(lock: LockFound, policy: StalePolicy): boolean {
  if (lock.owner === null) return lock.ageMs > policy.unreadableAfterMs;
  // its pid here is another process, or none: a live tuner's lock was broken so (a user audit: two tuners on one journal)
  if (inOtherNamespace(lock.owner)) return lock.ageMs > policy.otherNamespaceAfterMs;
  if (lock.owner.host === hostname()) return !isProcessAlive(lock.owner.pid, lock.owner.startTime);
  return policy.foreignAfterMs !== null && lock.ageMs > policy.foreignAfterMs;
}

/**
 * Remove a stale lock without ever removing a live one: move it aside under a unique name, then check
 * that what was moved is the stale lock that was judged; if another process had replaced it meanwhile,
 * put that one back (link fails if yet another lock exists, which then stays the only one).
 */
export async function breakStaleLock(path: string, judged: LockFound): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${randomHex(4)}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // someone else broke it
    throw error;
  }
  try {
    const moved = await readFile(aside, 'utf8');
    if (moved !== judged.raw) {
      await link(aside, path).catch(() => undefined);
    }
  } finally {
    await unlink(aside).catch(() => undefined);
  }
}

/** Remove the lock only if it is still ours. */
export async function removeOwnLock(path: string, token: string): Promise<void> {
  const lock = await readLock(path);
  if (lock?.owner?.token === token) await unlink(path).catch(() => undefined);
}

/** Random bytes as hex, from the global Web Crypto object: node:crypto would be loaded at every start of the CLI. */
function randomHex(bytes: number): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString('hex');
}
