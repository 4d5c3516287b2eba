// A progress bar rewrites its line: Keras' `verbose=1` (its default) and tqdm end each state of the
// bar with a lone `\r`, and only the state that ends with `\n` (the epoch's last) stays on screen.
// Read as lines, every state was a value: Keras reported each batch's running loss at the epoch's
// step, so a pruner judged the epoch by its first batch, and Lightning's bar, which shows the last
// epoch's `val_loss` while the next epoch trains, was judged on the stale value (found by user audits).

/** A value read, with the step its line gave for itself (undefined: its ordinal counts) and that line's number. */
export interface ValueRead {
  value: number;
  step: number | undefined;
  /** The number of the line it was read from, counting every line the parser saw (1-based). */
  line: number;
}

export interface BarStates<T extends { step: number | undefined }> {
  /** A value just read; `rewritten`: its line ended with a lone `\r`. Returns the values that now stand, in order. */
  see(read: T, rewritten: boolean): T[];
  /** The output ended, or a line that is no bar's came: a state still shown stands. */
  finish(): T[];
  /**
   * A bar's state without a value names step `step`: a state shown of another step stands (tqdm's bar
   * per epoch, `desc=f"epoch {e}"`: epoch 6's `0%` ends epoch 5; held until epoch 6's value, every
   * epoch reached the pruner one epoch late, and a stopped trial lost its last; a user audit).
   */
  movedTo(step: number | undefined): T[];
}

/**
 * A value from a rewritten line is held until the bar moves on. The next value at the same step
 * replaces it (the bar's next state, or the line a program prints for the epoch); a value at another
 * step, a line that is no bar's (Keras' next `Epoch 2/10`), or the output's end lets it stand.
 * A value whose line gave no step is its own step, so a bar without an epoch in its text still gives
 * every state, one state late, as it did before. docs/running.md, "Progress bars".
 */
export function createBarStates<T extends { step: number | undefined }>(): BarStates<T> {
  let shown: T | null = null;
  const finish = (): T[] => {
    const last = shown;
    shown = null;
    return last === null ? [] : [last];
  };
  return {
    see(read, rewritten) {
      const stands: T[] = [];
      const replaced = shown !== null && shown.step !== undefined && shown.step === read.step;
      if (shown !== null && !replaced) stands.push(shown);
      shown = rewritten ? read : null;
      if (!rewritten) stands.push(read);
      return stands;
    },
    finish,
    movedTo: (step) => (shown === null || shown.step === undefined || step === undefined || step === shown.step ? [] : finish()),
  };
}
