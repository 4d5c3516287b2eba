import { Scalar, type Node } from 'yaml';

/**
 * YAML nodes made when another tool's file is read in a space file's keys (wandb-sweep.ts,
 * hydra-sweeper.ts), each at the place in the file of the node it stands for, so that a mistake found
 * later is named at the user's line.
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
