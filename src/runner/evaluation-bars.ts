// Keras prints `Epoch N/M` above each epoch's progress bar in `fit`; `model.evaluate` after it draws a
// bar of its own with no such line (`313/313 ━━━━ 1s 2ms/step - accuracy: 0.89 - loss: 0.31`). Read
// as any bar, its last state was one more point of the curve at the last epoch's step (a user audit).
// It is the run's result instead, as a `final`/`test` line after the loop is (summary-lines.ts).
// docs/running.md, "Progress bars".

/** A Keras step line: `12/313` (or `12/Unknown`) then the bar (`━━━`, Keras 3; `[=====>...]`, Keras 2) or verbose=2's ` - `. */
const KERAS_STEP = /^\s*(\d+)\/(\d+|Unknown)\s+(?:\u2501+|\[[=>.]*\]|-\s)/;
/**
 * A line that opens an epoch's bar: `Epoch 3/10` alone on its line, as `fit` prints it (and a custom
 * loop around `keras.utils.Progbar`). Not a callback's `Epoch 3: val_loss improved ...`, which
 * follows the epoch's bar.
 */
const EPOCH_OPENER = /^\s*epoch\s*\d+\s*(?:\/\s*\d+)?\s*$/i;

export interface EvaluationBars {
  /**
   * Sees every line. 'other' for a line that is no state of an evaluation's bar; else whether it is
   * the bar's last state (its count reached the total, or a bar of unknown length ended its line):
   * the one whose value is held as a result, the states before it counting for nothing.
   */
  see(line: string, rewritten: boolean): 'other' | 'state' | 'last';
}

export function createEvaluationBars(): EvaluationBars {
  // an `Epoch N/M` line came since the last bar ended; a bar it opened was seen; the bar being drawn
  let opened = false;
  let epochBars = false;
  let drawing: 'epoch' | 'evaluation' | 'other' | null = null;
  // the bar that just ended at its total, until any other line: Keras draws `5/5` as the last batch ends
  // and again, with the epoch's val_loss, as the epoch ends (`\b...\r5/5 ... - val_loss: 0.2\n`). That
  // second state was taken for an evaluation's bar, and every epoch's val_loss for a result after the
  // loop: no curve, nothing to prune on (a user audit). An evaluation's bar starts at 1, after a `\r`
  // that leaves an empty line.
  let justEnded: { kind: 'epoch' | 'evaluation' | 'other'; total: string } | null = null;
  return {
    see(line, rewritten) {
      const step = KERAS_STEP.exec(line);
      const redrawn = justEnded !== null && step !== null && step[1] === step[2] && step[2] === justEnded.total ? justEnded.kind : null;
      justEnded = null;
      if (redrawn !== null) return redrawn === 'evaluation' ? 'last' : 'other';
      if (EPOCH_OPENER.test(line)) {
        opened = true;
        return 'other';
      }
      if (step === null) return 'other';
      // a bar that comes after epochs' bars without an `Epoch` line of its own is an evaluation's;
      // a program that opens no bar with one (a loop of bars) has none
      drawing ??= opened ? 'epoch' : epochBars ? 'evaluation' : 'other';
      epochBars ||= drawing === 'epoch';
      opened = false;
      const kind = drawing;
      const ended = step[2] === 'Unknown' ? !rewritten : step[1] === step[2];
      if (ended) {
        drawing = null;
        if (step[2] !== 'Unknown') justEnded = { kind, total: step[2] ?? '' };
      }
      return kind !== 'evaluation' ? 'other' : ended ? 'last' : 'state';
    },
  };
}
