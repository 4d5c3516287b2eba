import { workerGoneHere } from '../store/stale.js';
import type { StudyState } from '../study/replay.js';
import { goneGraceMs } from './reclaim.js';

/**
 * How long a worker waits before it looks at a shared study again when other workers' running trials
 * cover the target (one of them may still die and need taking over; else the study ends when the last
 * finishes). It looks again soon, then backs off, up to a quarter of a typical trial's duration: a
 * worker waiting on 0.5 s trials notices the end within 125 ms (it used to back off to 2 s, and the
 * study's last worker exited up to 2 s after its last trial), while on hour-long trials it still looks
 * only every 2 s (never beyond the heartbeat period).
 */
export interface EndWait {
  /** The next wait, in ms; each one longer than the last, up to the cap. `idle`: no trial of this worker runs. */
  next(state: StudyState, idle?: boolean): number;
  /** A trial was asked or finished here: the next wait starts short again. */
  reset(): void;
}

export const FIRST_WAIT_MS = 50;
const LONGEST_WAIT_MS = 2000;
const RECENT_TRIALS = 20;

export function createEndWait(heartbeatMs: number, say: (text: string) => void = () => undefined, staleAfterMs = 60_000): EndWait {
  let waitMs = FIRST_WAIT_MS;
  let said = false;
  return {
    next(state, idle = false) {
      // a job-array task that joins as the last trials run elsewhere waited silently for as long as they
      // took (hours), and looked hung in its log (a user audit): it says why it waits, once
      if (idle && !said) {
        said = true;
        const runningTrials = state.trials.filter((trial) => trial.state === 'running' && !trial.external);
        const running = runningTrials.map((trial) => trial.id);
        say(`the target is covered by ${running.length === 1 ? 'trial' : 'trials'} ${running.join(', ')}, running elsewhere: waiting for ${running.length === 1 ? 'it' : 'them'} to end, and taking over any whose worker sends no heartbeat for ${Math.round(staleAfterMs / 1000)} s (--heartbeat-timeout)${goneNote(runningTrials, staleAfterMs)}`);
      }
      const cap = Math.max(FIRST_WAIT_MS, Math.min(heartbeatMs, LONGEST_WAIT_MS, typicalDurationMs(state) / 4));
      const wait = Math.min(waitMs, cap);
      waitMs = wait * 2;
      return wait;
    },
    reset() {
      waitMs = FIRST_WAIT_MS;
    },
  };
}

/**
 * The trials whose worker is gone from this machine (kill -9, then resume): taken over two beats after
 * their last, not after the timeout the notice names, which made a user wait a minute for nothing (a user audit).
 */
function goneNote(trials: StudyState['trials'], staleAfterMs: number): string {
  const gone = trials.filter((trial) => workerGoneHere(trial.worker));
  if (gone.length === 0) return '';
  const after = `${goneGraceMs(staleAfterMs) / 1000} s after ${gone.length === 1 ? 'its' : 'their'} last heartbeat`;
  if (gone.length === 1) return `; trial ${gone[0]?.id}'s worker (${gone[0]?.worker}) is no longer running on this machine: it is taken over ${after}`;
  return `; trials ${gone.map((trial) => trial.id).join(', ')}, whose workers are no longer running on this machine, are taken over ${after}`;
}

/** The median duration of the study's last finished trials (from its start, else its ask); Infinity with none. */
function typicalDurationMs(state: StudyState): number {
  const durations: number[] = [];
  for (let i = state.trials.length - 1; i >= 0 && durations.length < RECENT_TRIALS; i--) {
    const trial = state.trials[i];
    if (trial?.finishedAt == null || trial.state === 'interrupted') continue;
    durations.push(trial.finishedAt - (trial.startedAt ?? trial.askedAt));
  }
  if (durations.length === 0) return Infinity;
  durations.sort((a, b) => a - b);
  return durations[Math.floor(durations.length / 2)] ?? Infinity;
}

/** Waits `ms` (the loop's pause between looks at the study). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.min(ms, 2 ** 31 - 1)));
}
