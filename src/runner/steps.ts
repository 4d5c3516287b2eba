/** A whole-line JSON object's top-level keys; null for any other line. */
function jsonKeysOf(line: string): Record<string, unknown> | null {
  if (!line.startsWith('{') || !line.endsWith('}')) return null;
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null; // not JSON after all: the words may still say
  }
}

/**
 * The step a metric line gives for itself: a JSON line's top-level `step` or `epoch` key, or the words
 * `epoch N` / `step N` (also `epoch: N`, `epoch=N`, `Epoch N/M`, PyTorch tutorials' `Epoch [N/M]`; a
 * fraction of an epoch counts as the epoch it is in) on the line, or the `[N]` that opens XGBoost's and
 * LightGBM's evaluation lines. Undefined when the line gives none; the caller then tries
 * readIteration, else uses the value's ordinal. docs/pruning.md, "Steps".
 */
export function readStep(line: string): number | undefined {
  const trimmed = line.trim();
  const record = jsonKeysOf(trimmed);
  if (record !== null) {
    // a JSON line speaks for itself: only its top-level keys count, as for the metric
    for (const key of ['step', 'epoch']) {
      const value = record[key];
      if (typeof value === 'number' && value >= 0 && (Number.isInteger(value) || key === 'epoch')) return Math.ceil(value);
    }
    return undefined;
  }
  // XGBoost's and LightGBM's evaluation lines open with their iteration (`[12]\tvalidation_0-rmse:0.34`,
  // `[10]\tvalid_1's l2: 0.25`): its number is the step, as the log shows it (a user audit)
  // the CLI's (LOG(CONSOLE)) after its time: `[10:40:47] [0]\ttest-logloss:0.44229` gave no step (a user audit)
  // R's print() opens every line with its vector's index, `[1] "epoch 2 loss: 0.52"`: a quote after it
  // is R's, whose [1] gave every value step 1 (their own `epoch N` then went unread)
  const iteration = /^(?:\[\d{2}:\d{2}:\d{2}\]\s+)?\[(\d+)\]\s(?!\s*")/.exec(trimmed);
  if (iteration?.[1] !== undefined) return Number(iteration[1]);
  // `epoch` or `step` standing alone (not `global_step`, `steps`, `--epoch`), then its whole number,
  // bracketed as `Epoch [3/10]` or `Epoch (3/10)` too
  // a whole number written as a float counts (`'epoch': 3.0`, as Hugging Face prints it); a fraction of
  // an epoch is in the epoch it ends at or before (`'epoch': 2.4` is in epoch 3, as 3.0 ends it: Hugging
  // Face logs its loss every few steps; read as no step, such values took ordinals and the steps went
  // back once a whole epoch came, found by a user audit); a fraction of a step does not count
  // the number may be quoted: Hugging Face's Trainer (4.47 and later) prints its logs' floats as
  // strings (`'epoch': '2.4'`), which gave no step at all (a user audit)
  const match = /(?<![\w-])(epoch|step)\b["']?\s*[:=]?\s*[[(]?\s*["']?(\d+(?:\.\d+)?)(?![\d.])/i.exec(trimmed);
  if (match?.[2] === undefined) return undefined;
  const value = Number(match[2]);
  return Number.isInteger(value) || match[1]?.toLowerCase() === 'epoch' ? Math.ceil(value) : undefined;
}

/**
 * The iteration a line gives, as Caffe's solver (`Iteration 500, loss = 0.3`, `Iteration 500, Testing
 * net (#0)`) and scikit-learn's MLP (`Iteration 12, loss = 0.41`) print it: `iteration N` or `iter N`
 * standing alone (not `max_iter`, `iters`, `iter/s`), or a JSON line's top-level `iteration` or `iter`
 * key; a whole number only. Read as no step, Caffe's values took ordinals (a user audit). The caller
 * reads it only in an output that gave no epoch or step (readStep): there an iteration counted within
 * each epoch (`Epoch 2` ... `iter 50/390`) would make the steps go back every epoch.
 */
export function readIteration(line: string): number | undefined {
  const trimmed = line.trim();
  const record = jsonKeysOf(trimmed);
  if (record !== null) {
    const value = record['iteration'] ?? record['iter'];
    return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
  }
  const match = /(?<![\w-])(?:iteration|iter)\b["']?\s*[:=]?\s*[[(]?\s*(\d+)(?![\d.])/i.exec(trimmed);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
