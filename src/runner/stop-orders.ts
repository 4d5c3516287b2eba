// The loop judges a value once it is stored, so a fast program can be several steps ahead of the
// decision, or done: a trainer with early stopping printed its whole run in one flush, and the
// decision about its third step came while it was exiting; it was recorded pruned, though it had
// finished (found by a user audit). Such a decision (`outrun`) waits for a sign: a line means the
// program runs on (it is stopped then), its end means it had finished (it stays complete).

/**
 * An abort reason of the prune signal: why, whether the program had printed past the judged step, and
 * whether the trial failed rather than was pruned (its metric went NaN or infinite: a diverged run is a
 * failed one, with a pruner as without; a user audit found a study whose every run diverged end at
 * exit 0, 'raise the budget', --max-failures never met).
 */
export interface PruneOrder {
  text: string;
  outrun: boolean;
  failed?: boolean;
  /**
   * The study's runs stop themselves (their own early stopping): the judged value may be the run's
   * last, and a program stopped while it saves loses its checkpoint (a user audit). The decision waits
   * (SELF_STOP_WAIT_MS) for the next value, which means the run goes on; a line of another kind
   * ("early stopping", "saved") is no sign, and the program's end leaves the trial complete.
   */
  untilValue?: boolean;
}

/** How long an outrun decision waits for a line or the program's end before it stops the program. */
export const OUTRUN_WAIT_MS = 300;
/**
 * A line that says the run is ending (Keras' `Epoch 9: early stopping`, LightGBM's `Early stopping, best
 * iteration is`, XGBoost's `Stopping. Best iteration`, scikit-learn's `... Stopping.`, Lightning's `Signaling
 * Trainer to stop`): a decision about the value before it waits as `untilValue` does, also before the study has
 * seen such a run complete. Not `did not improve`, which Keras' ModelCheckpoint prints at every such epoch; a
 * line that says so every epoch (`EarlyStopping counter: 2 out of 7`) costs a pruned trial at most the wait.
 */
const ENDING = /early[ _-]?stop|\bstopping\b|signaling trainer to stop/i;

/** How long a decision in a study whose runs stop themselves waits for the next value or the program's end. */
export const SELF_STOP_WAIT_MS = 2000;

export type StopKey = 'pruned' | 'stopped';

export interface StopListener {
  /** The program printed a line: a waiting decision stops it now, unless it waits for a value or the line says the run is ending. */
  sign(line: string): void;
  /**
   * The program reported a value: any waiting decision stops it now. `inOrder`: it came in the output, after
   * the lines before it; a metric file's value is read apart from the lines, and so does not mean that a line
   * saying the run is ending came before it (a re-audit: Lightning's CSV log, then `Signaling Trainer to stop`).
   */
  value(inOrder: boolean): void;
  /** The program ended, or closed its output: a waiting decision is dropped. */
  finished(): void;
  off(): void;
}

/** The text of an abort reason: a PruneOrder's, a string, or the key. */
export function orderOf(reason: unknown, key: StopKey): PruneOrder {
  if (typeof reason === 'object' && reason !== null && 'text' in reason && typeof reason.text === 'string') {
    const flag = (key: 'failed' | 'untilValue'): object => (key in reason && (reason as Record<string, unknown>)[key] === true ? { [key]: true } : {});
    return { text: reason.text, outrun: 'outrun' in reason && reason.outrun === true, ...flag('failed'), ...flag('untilValue') };
  }
  return { text: reason === undefined ? key : String(reason), outrun: false };
}

/**
 * Calls `stop(key, order)` when `prune` or `stop` aborts, at most once between them; an outrun prune
 * decision first waits (OUTRUN_WAIT_MS) for a line or the program's end. `stopping()` says whether a
 * stop may still be acted on (not once the program has exited or been stopped otherwise).
 */
export function listenForStops(
  signals: Partial<Record<StopKey, AbortSignal>>,
  stopping: () => boolean,
  stop: (key: StopKey, order: PruneOrder) => void,
  waitMs: number = OUTRUN_WAIT_MS,
  selfStopWaitMs: number = SELF_STOP_WAIT_MS,
): StopListener {
  let waiting: { key: StopKey; order: PruneOrder; untilValue: boolean; timer: NodeJS.Timeout } | null = null;
  // the program said its run is ending since its last value
  let ending = false;
  const act = (key: StopKey, order: PruneOrder): void => {
    if (waiting !== null) clearTimeout(waiting.timer);
    waiting = null;
    if (stopping()) stop(key, order);
  };
  const listeners: Array<() => void> = [];
  for (const key of ['pruned', 'stopped'] as const) {
    const signal = signals[key];
    if (signal === undefined) continue;
    const listener = (): void => {
      if (waiting !== null || !stopping()) return;
      const order = orderOf(signal.reason, key);
      // a diverged run (NaN) is stopped at once, whatever the program said before it
      const untilValue = order.failed !== true && (order.untilValue === true || (key === 'pruned' && ending));
      if (!order.outrun && !untilValue) return act(key, order);
      waiting = { key, order, untilValue, timer: setTimeout(() => act(key, order), untilValue ? selfStopWaitMs : waitMs) };
    };
    if (signal.aborted) listener();
    else signal.addEventListener('abort', listener, { once: true });
    listeners.push(() => signal.removeEventListener('abort', listener));
  }
  return {
    sign: (line) => {
      if (!ENDING.test(line)) return void (waiting !== null && !waiting.untilValue && act(waiting.key, waiting.order));
      ending = true;
      // said while an outrun decision waits: it now waits for a value or the end, as one made after the line
      const was = waiting;
      if (was === null || was.untilValue || was.key !== 'pruned') return;
      clearTimeout(was.timer);
      waiting = { ...was, untilValue: true, timer: setTimeout(() => act(was.key, was.order), selfStopWaitMs) };
    },
    value: (inOrder) => {
      if (inOrder) ending = false;
      if (waiting !== null) act(waiting.key, waiting.order);
    },
    finished: () => {
      if (waiting !== null) clearTimeout(waiting.timer);
      waiting = null;
    },
    off: () => {
      for (const off of listeners) off();
      if (waiting !== null) clearTimeout(waiting.timer);
    },
  };
}
