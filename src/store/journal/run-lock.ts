import { RuntimeFailure } from '../../errors.js';
import type { RunLockHolder } from '../types.js';
import { breakStaleLock, isStale, ownLockOwner, readLock, removeOwnLock, tryCreateLock, type StalePolicy } from './lock-file.js';

// A run lock is held for hours, so age says nothing about a holder on another host: never break it
// by age; an unreadable one is a creator that died between creating and writing it.
const RUN_POLICY: StalePolicy = { unreadableAfterMs: 5_000, foreignAfterMs: null };

/** One tuner per journal study: take `path`, or take over a dead holder's lock, or refuse clearly. */
export async function acquireRunLockFile(path: string, study: string, worker: string): Promise<() => Promise<void>> {
  const owner = ownLockOwner(worker);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    if (await tryCreateLock(path, owner)) {
      let released = false;
      return async () => {
        if (released) return;
        released = true;
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
    if (holder === null) throw new RuntimeFailure(`study "${study}" is being started by another process (${path}); wait for it or use --study NAME`);
    throw new RuntimeFailure(
      `study "${study}" is being run by pid ${holder.pid} on host ${holder.host} since ${new Date(holder.since).toISOString()}; ` +
        `wait for it or use --study NAME` +
        (holder.host === owner.host ? '' : ` (if that process is gone, delete ${path})`),
    );
  }
  throw new RuntimeFailure(`could not take the run lock ${path}: other processes keep taking it`);
}

/** The live process that holds the run lock at `path` (as acquireRunLockFile judges it), or null: none, or a dead one's lock the next run takes over. */
export async function liveRunLockHolder(path: string): Promise<RunLockHolder | null> {
  const found = await readLock(path);
  if (found?.owner == null || isStale(found, RUN_POLICY)) return null;
  return { pid: found.owner.pid, host: found.owner.host, since: found.owner.since };
}
