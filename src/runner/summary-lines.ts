// A program's lines after its training loop: `final val_loss=0.41`, `best val_loss=0.38`, `test
// val_loss=0.45`. Read as values, each was one more point at the last epoch's step (or at the next
// ordinal), which `show`, the report's curves and the pruners took for a step of training (a user
// audit). Such a line is the trial's result, not a point of its curve. docs/pruning.md, "Steps".

/** A word that, before the metric's name, says a line sums a run up rather than reports a step of it. */
const SUMMARY_WORD = /\b(?:final|best|test|testing)\b/i;

/**
 * A line a trainer prints once its training has ended: Hugging Face Trainer's summary dict
 * (`{'train_runtime': '40.1', 'train_samples_per_second': '59.8', ...}`: both keys, which a
 * script's own per-epoch log is unlikely to hold together), Lightning's log line
 * `` `Trainer.fit` stopped: `max_epochs=3` reached. `` and the head of the table `trainer.validate()`
 * and `trainer.test()` print (`┃ Validate metric ┃ DataLoader 0 ┃`, or without its bars where rich is
 * not installed). A value after it, once the curve
 * has begun, is an evaluation after training (`trainer.evaluate()`, `trainer.validate()`): held, it
 * was one more point at the last epoch's step (a user audit).
 */
const TRAINING_ENDED = /['"]train_runtime['"]\s*:.*['"]train_samples_per_second['"]\s*:|`Trainer\.fit` stopped|^\s*\u2503?\s*(?:Validate|Test) metric\s+\u2503?\s*DataLoader \d/;

export interface SummaryLines<T> {
  /** Sees every line before its value is read: notes the end of training. */
  note(line: string): void;
  /**
   * Whether a value read by a text rule whose match starts at `at` is held: a summary word before the
   * metric's name, after a value whose line had none, or any value after training ended. A line a
   * progress bar rewrites is never held.
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
  // a line said training ended after a value counted: every value from here on is held
  let ended = false;
  return {
    note(line) {
      ended ||= previous !== 'none' && TRAINING_ENDED.test(line);
    },
    holds: (line, at, rewritten) => !rewritten && (ended || (previous === 'plain' && worded(line, at))),
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
      ended = false;
      held = [];
    },
  };
}
