import { utimes } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { RuntimeFailure } from '../../errors.js';
import type { RunLockHolder } from '../types.js';
import { breakStaleLock, inOtherNamespace, isStale, ownLockOwner, readLock, removeOwnLock, tryCreateLock, type StalePolicy } from './lock-file.js';

// A run lock is held for hours, so age says nothing about a holder on another host: never break it
// by age; an unreadable one is a creator that died between creating and writing it. A holder in
// another container of this host's name cannot be looked up by pid, so its lock is touched every
// TOUCH_EVERY_MS while held, and one untouched for six touches is a dead holder's (a restarted container's).
const TOUCH_EVERY_MS = 5_000;
const RUN_POLICY: StalePolicy = { unreadableAfterMs: 5_000, foreignAfterMs: null, otherNamespaceAfterMs: 6 * TOUCH_EVERY_MS };

/** One tuner per journal study: take `path`, or take over a dead holder's lock, or refuse clearly. */
export async function acquireRunLockFile(path: string, study: string, worker: string): Promise<() => Promise<void>> {
  const owner = ownLockOwner(worker);
  let waited = false;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    if (await tryCreateLock(path, owner)) {
      const touching = setInterval(() => void utimes(path, new Date(), new Date()).catch(() => undefined), TOUCH_EVERY_MS);
      touching.unref();
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        clearInterval(touching);
        await removeOwnLock(path, owner.token);
      };
    }
    const found = await readLock(path);
    if (found === null) continue;
    if (isStale(found, RUN_POLICY)) {
      await breakStaleLock(path, found);
      continue;
    }
    const holder = found.owner;
    if (holder !== null && inOtherNamespace(holder) && !waited) {
      // a restarted container finds its dead predecessor's lock: watch it until it is touched (a live holder) or stale
      waited = true;
      attempt -= 1;
      await untilTouchedOrStale(path, found.raw, found.ageMs);
      continue;
    }
    if (holder === null) throw new RuntimeFailure(`study "${study}" is being started by another process (${path}); wait for it or use --study NAME`);
    throw new RuntimeFailure(
      `study "${study}" is being run by pid ${holder.pid} on host ${holder.host} since ${new Date(holder.since).toISOString()}; ` +
        `wait for it or use --study NAME` +
        (holder.host !== owner.host ? ` (if that process is gone, delete ${path})` : inOtherNamespace(holder) ? ' (in another container with this host name)' : ''),
    );
  }
  throw new RuntimeFailure(`could not take the run lock ${path}: other processes keep taking it`);
}

async function untilTouchedOrStale(path: string, raw: string, ageMs: number): Promise<void> {
  for (let last = ageMs; last <= RUN_POLICY.otherNamespaceAfterMs; ) {
    await sleep(1_000);
    const now = await readLock(path);
    if (now === null || now.raw !== raw || now.ageMs < last) return;
    last = now.ageMs;
  }
}

/** The live process that holds the run lock at `path` (as acquireRunLockFile judges it), or null: none, or a dead one's lock the next run takes over. */
export async function liveRunLockHolder(path: string): Promise<RunLockHolder | null> {
  const found = await readLock(path);
  if (found?.owner == null || isStale(found, RUN_POLICY)) return null;
  return { pid: found.owner.pid, host: found.owner.host, since: found.owner.since };
}
