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

/** The labels whose values are floats (uniform, loguniform, a quantized family with a fractional step): a runner writes their whole values as `1.0`. */
export function floatLabels(space: Pick<Space, 'nodes'>): string[] {
  return space.nodes.flatMap((node) => (node.kind === 'numeric' && !node.integer ? [node.label] : []));
}
