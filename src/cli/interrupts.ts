/**
 * Ctrl-C handling for a running study. The first SIGINT drains (no new trials, running ones finish);
 * the second, or a SIGTERM or SIGHUP, kills the running trials, which are recorded as interrupted. One more
 * leaves at once: recording may wait on a database that is down (up to its reconnect window), and
 * leaving then is as safe as kill -9 (the reaper stops the trials; a resume or another worker re-runs
 * what was not recorded).
 */
export interface Interrupts {
  drain: AbortSignal;
  kill: AbortSignal;
  /** True once any interrupt arrived. */
  readonly interrupted: boolean;
  dispose(): void;
}

/**
 * A SIGTERM this soon after the first is the same stop said twice, not a second one. At a Slurm job's
 * time limit the worker of `srun hypertune run` (docs/storage.md) gets two 10 ms apart: slurmstepd
 * signals every process of the step and srun forwards the one it got. Taken as "leave now", that left
 * before recording the trial, whose checkpoint Slurm's SIGKILL then cut short (a Slurm audit).
 */
const SAME_STOP_MS = 2000;

export function listenForInterrupts(say: (text: string) => void): Interrupts {
  const drain = new AbortController();
  const kill = new AbortController();
  let stoppedAt: number | undefined;
  const onSigint = (): void => {
    if (!drain.signal.aborted) {
      say('Ctrl-C: no new trials; waiting for the running ones to finish (press Ctrl-C again to stop them now)');
      drain.abort();
      return;
    }
    if (!kill.signal.aborted) {
      say('Ctrl-C again: stopping the running trials (they will run again first on resume; Ctrl-C once more to leave without waiting to record them)');
      kill.abort();
      return;
    }
    leaveNow();
  };
  const onSigterm = (signal: 'SIGTERM' | 'SIGHUP' = 'SIGTERM'): void => {
    if (kill.signal.aborted) {
      if (stoppedAt !== undefined && Date.now() - stoppedAt < SAME_STOP_MS) return;
      leaveNow();
    }
    stoppedAt = Date.now();
    // said, for recording may wait on a database that is down: the process looked hung (a user audit)
    say(`${signal}: stopping the running trials and recording them (they will run again first on resume; ${signal === 'SIGHUP' ? 'SIGHUP or SIGTERM' : 'SIGTERM'} again to leave without waiting to record them)`);
    drain.abort();
    kill.abort();
  };
  // the terminal closed (ssh dropped): as SIGTERM, with nowhere to print, so writes that fail are let go
  const onSighup = (): void => {
    for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
    onSigterm('SIGHUP');
  };
  const leaveNow = (): void => {
    say('leaving now: what was not recorded yet runs again on resume');
    process.exit(130);
  };
  process.on('SIGINT', onSigint);
  const onSigtermListener = (): void => onSigterm();
  process.on('SIGTERM', onSigtermListener);
  process.on('SIGHUP', onSighup);
  return {
    drain: drain.signal,
    kill: kill.signal,
    get interrupted() {
      return drain.signal.aborted;
    },
    dispose() {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigtermListener);
      process.off('SIGHUP', onSighup);
    },
  };
}
