// A program's lines after its training loop: `final val_loss=0.41`, `best val_loss=0.38`, `test
// val_loss=0.45`. Read as values, each was one more point at the last epoch's step (or at the next
// ordinal), which `show`, the report's curves and the pruners took for a step of training (a user
// audit). Such a line is the trial's result, not a point of its curve. docs/pruning.md, "Steps".

/** A word that, before the metric's name, says a line sums a run up rather than reports a step of it. */
const SUMMARY_WORD = /\b(?:final|best|test|testing)\b/i;

export interface SummaryLines<T> {
  /**
   * Whether a value read by a text rule whose match starts at `at` is held: a summary word before the
   * metric's name, after a value whose line had none. A line a progress bar rewrites is never held.
   */
  holds(line: string, at: number | undefined, rewritten: boolean): boolean;
  hold(seen: T): void;
  /**
   * A value that is not held came: the held ones were the program's reports within the run after all
   * (PyTorch's MNIST example prints `Test set: Average loss: ...` after every epoch's training lines),
   * and count now, in order, before it.
   */
  release(line: string, at: number | undefined): T[];
  /** The values held when the output ended: its summary lines, in order. */
  summaries(): readonly T[];
  clear(): void;
}

function worded(line: string, at: number | undefined): boolean {
  return at !== undefined && SUMMARY_WORD.test(line.slice(0, at));
}

export function createSummaryLines<T>(): SummaryLines<T> {
  // whether the last value that counted had a summary word: a program whose every line says `test`
  // reports its curve so, and none of them is held
  let previous: 'none' | 'plain' | 'worded' = 'none';
  let held: T[] = [];
  return {
    holds: (line, at, rewritten) => !rewritten && previous === 'plain' && worded(line, at),
    hold(seen) {
      held.push(seen);
    },
    release(line, at) {
      const out = held;
      held = [];
      previous = worded(line, at) ? 'worded' : 'plain';
      return out;
    },
    summaries: () => held,
    clear() {
      previous = 'none';
      held = [];
    },
  };
}
