import type { ChoiceNode, Config, ParamNode, ParamValue, Space } from './types.js';

/** Index of the option whose value equals `value`, or -1. */
export function optionIndex(node: ChoiceNode, value: ParamValue | undefined): number {
  return node.options.findIndex((option) => option.value === value);
}

/** Labels that exist for this configuration: top-level ones, and children of the options it chose. */
export function activeLabels(space: Space, config: Config): string[] {
  const labels: string[] = [];
  const visit = (nodes: readonly ParamNode[]): void => {
    for (const node of nodes) {
      labels.push(node.label);
      if (node.kind !== 'choice') continue;
      const option = node.options[optionIndex(node, config[node.label])];
      if (option !== undefined) visit(option.params);
    }
  };
  visit(space.params);
  return labels;
}

export function findNode(space: Space, label: string): ParamNode | undefined {
  return space.nodes.find((node) => node.label === label);
}

/** The labels whose values are floats (uniform, loguniform, a quantized family with a fractional step, a constant written as a float, a choice with fractions among its numbers or numbers written as floats, choice(1.0, 2.0)): a runner writes their whole values as `1.0`. */
export function floatLabels(space: Pick<Space, 'nodes'>): string[] {
  return space.nodes.flatMap((node) => ((node.kind === 'numeric' && !node.integer) || (node.kind === 'constant' && node.float === true) || floatChoice(node) ? [node.label] : []));
}

/**
 * A choice of numbers some of which are fractions (`choice(0.1, 1.0)`) or written as floats (`choice(1.0, 2.0)`): its whole options reach the
 * program as floats too (`1.0`, not `1`), so the parameter's type does not change from trial to trial
 * (found by a user audit; `check` calls such a choice a float). A choice of numbers and words keeps
 * its whole numbers as written when they are all written as floats: scikit-learn's
 * `max_features: choice(sqrt, log2, 1.0)` means every feature by 1.0 and one feature by 1, and the
 * program got `1` (a user audit).
 */
function floatChoice(node: Space['nodes'][number]): boolean {
  if (node.kind !== 'choice') return false;
  const numbers = node.options.filter((option) => typeof option.value === 'number');
  if (numbers.length === node.options.length) return numbers.some((option) => option.float === true || !Number.isInteger(option.value));
  const whole = numbers.filter((option) => Number.isInteger(option.value));
  return whole.length > 0 && whole.every((option) => option.float === true);
}
