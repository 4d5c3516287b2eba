import { RuntimeFailure } from '../errors.js';
import type { TrialOutcome } from '../runner/index.js';

/**
 * How long a trial that died of a stop signal nobody here sent waits for the tuner's own: a scheduler
 * ending the job (Slurm's time limit, scancel) signals every process of it, the trial often first.
 */
export const SIBLING_SIGNAL_WAIT_MS = 500;

const STOP_SIGNALS = new Set(['SIGTERM', 'SIGINT', 'SIGHUP']);
/** A shell or launcher in between reports its child's death by signal N as exit code 128 + N. */
const STOP_EXIT_CODES = new Set([129, 130, 143]);

/**
 * `outcome`, or `interrupted` when the program died of a stop signal and the tuner was told to stop
 * (`kill`) within SIBLING_SIGNAL_WAIT_MS: the job is ending, so the trial runs again on resume or on
 * another worker, instead of counting as a failure of its parameters.
 */
export async function unlessStoppedWithTuner(outcome: TrialOutcome, kill: AbortSignal): Promise<TrialOutcome> {
  if (outcome.state !== 'failed' || outcome.timedOut) return outcome;
  const bySignal = (outcome.signal !== null && STOP_SIGNALS.has(outcome.signal)) || (outcome.exitCode !== null && STOP_EXIT_CODES.has(outcome.exitCode));
  if (!bySignal) return outcome;
  const stopped =
    kill.aborted ||
    (await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => done(false), SIBLING_SIGNAL_WAIT_MS);
      const done = (value: boolean): void => {
        clearTimeout(timer);
        kill.removeEventListener('abort', onAbort);
        resolve(value);
      };
      const onAbort = (): void => done(true);
      kill.addEventListener('abort', onAbort, { once: true });
    }));
  if (!stopped) return outcome;
  return { ...outcome, state: 'interrupted', value: null, error: `${outcome.error ?? 'stopped by a signal'}, as the tuner was stopped (the job is ending): runs again on resume or on another worker` };
}

/** A trial stopped before its program started (the tuner was told to stop meanwhile). */
export function interruptedBeforeStart(): TrialOutcome {
  return {
    state: 'interrupted',
    value: null,
    intermediate: [],
    exitCode: null,
    signal: null,
    timedOut: false,
    durationS: 0,
    error: 'interrupted before it started',
  };
}

/** A system error while a trial was being prepared (its folder, its files), before its program started. */
export class BeforeStart extends Error {}

export function beforeStart(error: unknown): never {
  if (typeof (error as NodeJS.ErrnoException).code === 'string' && !(error instanceof RuntimeFailure)) throw new BeforeStart((error as Error).message, { cause: error });
  throw error;
}
