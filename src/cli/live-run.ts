// A dry run of a study that another hypertune runs right now showed its next trial ids and proposals as
// if nothing ran, and its running trials as left over to be re-run (an iterative user's audit): the
// user took them for what would run. It says, in one line, that a run is going on.
import type { RunLockHolder, Store } from '../store/types.js';
import type { StudyState } from '../study/replay.js';

/** What is known of a run going on now: the journal's run lock holder, or the workers of a shared study whose trials beat. */
export type LiveRun = { holder: RunLockHolder } | { workers: string[]; heartbeatTimeoutS: number };

/**
 * The run going on now, or null. The journal names the holder of its run lock; a shared store
 * (PostgreSQL) has none, so its workers are those of running trials (not `ask`'s) whose last sign of
 * life is within the heartbeat timeout, on the store's clock: between two trials a worker is not seen.
 */
export async function liveRunOf(store: Store, state: StudyState, heartbeatTimeoutS: number): Promise<LiveRun | null> {
  if (store.runLockHolder !== undefined) {
    const holder = await store.runLockHolder(state.meta.name);
    return holder === null ? null : { holder };
  }
  const since = store.now() - heartbeatTimeoutS * 1000;
  const beating = state.trials.filter((t) => t.state === 'running' && !t.external && t.worker !== null && (t.heartbeatAt ?? t.askedAt) >= since);
  const workers = [...new Set(beating.map((t) => t.worker ?? ''))].sort();
  return workers.length === 0 ? null : { workers, heartbeatTimeoutS };
}

/** The dry run's line about a run going on (`command`: run or resume, as the dry run was asked for). */
export function liveRunLine(study: string, live: LiveRun, command: 'run' | 'resume'): string {
  if ('holder' in live) {
    const { pid, host, since } = live.holder;
    return (
      `A run of study ${study} is going on now (pid ${pid} on host ${host}, since ${new Date(since).toISOString()}): ` +
      `the trials below may differ from what it runs next, and a ${command} started before it ends is refused.`
    );
  }
  const shown = live.workers.length > 3 ? `${live.workers.slice(0, 3).join(', ')} and ${live.workers.length - 3} more` : live.workers.join(', ');
  return (
    `${live.workers.length === 1 ? 'A worker is' : `${live.workers.length} workers are`} running study ${study} now (${shown}; a heartbeat within ${live.heartbeatTimeoutS} s): ` +
    `the trials they ask meanwhile take these ids first, so the trials below may differ from what this ${command} gets.`
  );
}
