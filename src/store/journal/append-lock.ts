import { setTimeout as sleep } from 'node:timers/promises';
import { RuntimeFailure } from '../../errors.js';
import { breakStaleLock, isStale, ownLockOwner, readLock, removeOwnLockSync, tryCreateLockSync, type StalePolicy } from './lock-file.js';

// An append holds the lock for about a millisecond, so a lock left for long by a process we
// cannot check (another host) is a leftover, and an empty one is a creator that died mid-creation.
// One of another container on this host (another PID namespace) is judged by the same clock as ours,
// so a few seconds untouched says it is left over; 60 s would outlast GIVE_UP_AFTER_MS below.
const APPEND_POLICY: StalePolicy = { unreadableAfterMs: 1_000, foreignAfterMs: 60_000, otherNamespaceAfterMs: 5_000 };
const GIVE_UP_AFTER_MS = 30_000;

/**
 * Run `work` while holding the study's append lock (an O_EXCL lock file, see docs/journal.md).
 * `work` is synchronous, so the lock is held for microseconds and no other code of this process runs
 * meanwhile; only a lock held by another process makes the caller wait (asynchronously).
 */
export async function withAppendLock<T>(path: string, work: () => T): Promise<T> {
  const owner = ownLockOwner(null);
  const deadline = Date.now() + GIVE_UP_AFTER_MS;
  let pause = 1;
  while (!tryCreateLockSync(path, owner)) {
    const found = await readLock(path);
    if (found === null) continue;
    if (isStale(found, APPEND_POLICY)) {
      await breakStaleLock(path, found);
      continue;
    }
    if (Date.now() > deadline) {
      const who = found.owner === null ? 'a process' : `pid ${found.owner.pid} on host ${found.owner.host}`;
      throw new RuntimeFailure(
        `the journal lock ${path} has been held by ${who} for ${Math.round(found.ageMs / 1000)} s; if no hypertune process is using this study, delete that file`,
      );
    }
    await sleep(pause * (1 + Math.random()));
    pause = Math.min(pause * 2, 25);
  }
  try {
    return work();
  } finally {
    removeOwnLockSync(path, owner.token);
  }
}
