/**
 * The step a metric line gives for itself: a JSON line's top-level `step` or `epoch` key, or the words
 * `epoch N` / `step N` (also `epoch: N`, `epoch=N`, `Epoch N/M`, PyTorch tutorials' `Epoch [N/M]`) on the line. Undefined when the line
 * gives none; the caller then uses the value's ordinal. docs/pruning.md, "Steps".
 */
export function readStep(line: string): number | undefined {
  const trimmed = line.trim();
  if (trimmed.startsWith('{') && trimmed.endsWith('}')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (typeof parsed === 'object' && parsed !== null) {
        // a JSON line speaks for itself: only its top-level keys count, as for the metric
        const record = parsed as Record<string, unknown>;
        for (const key of ['step', 'epoch']) {
          const value = record[key];
          if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
        }
        return undefined;
      }
    } catch {
      // not JSON after all: the words below may still say
    }
  }
  // `epoch` or `step` standing alone (not `global_step`, `steps`, `--epoch`), then its whole number,
  // bracketed as `Epoch [3/10]` or `Epoch (3/10)` too
  // a whole number written as a float counts (`'epoch': 3.0`, as Hugging Face prints it); `2.5` does not
  const match = /(?<![\w-])(?:epoch|step)\b["']?\s*[:=]?\s*[[(]?\s*(\d+)(?:\.0+)?(?![\d.])/i.exec(trimmed);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
