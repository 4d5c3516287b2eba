/**
 * Ctrl-C handling for a running study. The first SIGINT drains (no new trials, running ones finish);
 * the second, or a SIGTERM, kills the running trials, which are recorded as interrupted.
 */
export interface Interrupts {
  drain: AbortSignal;
  kill: AbortSignal;
  /** True once any interrupt arrived. */
  readonly interrupted: boolean;
  dispose(): void;
}

export function listenForInterrupts(say: (text: string) => void): Interrupts {
  const drain = new AbortController();
  const kill = new AbortController();
  const onSigint = (): void => {
    if (!drain.signal.aborted) {
      say('Ctrl-C: no new trials; waiting for the running ones to finish (press Ctrl-C again to stop them now)');
      drain.abort();
      return;
    }
    if (!kill.signal.aborted) {
      say('Ctrl-C again: stopping the running trials (they will run again first on resume)');
      kill.abort();
    }
  };
  const onSigterm = (): void => {
    drain.abort();
    kill.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  return {
    drain: drain.signal,
    kill: kill.signal,
    get interrupted() {
      return drain.signal.aborted;
    },
    dispose() {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
    },
  };
}
