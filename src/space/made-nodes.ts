import { Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';

/**
 * YAML nodes made when another tool's file is read in a space file's keys (wandb-sweep.ts,
 * hydra-sweeper.ts, katib-experiment.ts), each at the place in the file of the node it stands for, so
 * that a mistake found later is named at the user's line.
 */
export function placed(value: unknown, from: Node | null | undefined): Scalar {
  const node = new Scalar(value);
  node.range = from?.range ?? null;
  return node;
}

/** A value passed as written: text is quoted, so that `uniform(0, 1)` stays text, never a distribution. */
export function asWritten(value: unknown, from: Node | null | undefined): Scalar {
  const node = placed(value, from);
  if (typeof value === 'string') node.type = Scalar.QUOTE_DOUBLE;
  return node;
}

/** A mapping of `entries`, each key at its value's place, the whole at `from`'s. */
export function mapOf(entries: ReadonlyArray<readonly [string, Node]>, from: Node): YAMLMap {
  const map = new YAMLMap();
  for (const [key, value] of entries) map.items.push(new Pair(placed(key, value), value));
  map.range = from.range ?? null;
  return map;
}

export function seqOf(items: readonly Node[], from: Node): YAMLSeq {
  const seq = new YAMLSeq();
  seq.items.push(...items);
  seq.range = from.range ?? null;
  return seq;
}

/** `choice: [options]` (or `pchoice:` of `[probability, option]` pairs), at `from`'s place. */
export function choiceOf(options: readonly Node[], from: Node, family: 'choice' | 'pchoice' = 'choice'): YAMLMap {
  return mapOf([[family, seqOf(options, from)]], from);
}
