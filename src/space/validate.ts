import { activeLabels, optionIndex } from './active.js';
import { roundToStep } from './quantize.js';
import type { Config, NumericNode, ParamNode, Space } from './types.js';

function numericProblem(node: NumericNode, value: unknown): string | null {
  if (typeof value !== 'number' || Number.isNaN(value)) return `expected a number, got ${JSON.stringify(value)}`;
  if (node.integer && !Number.isInteger(value)) return `expected an integer, got ${value}`;
  // named as the file writes it: randint(1, 6) gives 1 to 5, and "above high = 5" read as an off-by-one (a user audit)
  const outside = `${value} is outside ${node.family}(${node.args.join(', ')})${node.integer ? `, which gives ${node.low} to ${node.high}` : ''}`;
  if (node.low !== null && value < node.low - (node.q ?? 0) / 2) return outside;
  if (node.high !== null && value > node.high + (node.q ?? 0) / 2) return outside;
  if (node.log && value < 0) return `${value} is negative but ${node.family} values are positive`;
  // 0 is log space's minus infinity: lognormal never gives it (qlognormal rounds small values to 0, a user audit)
  if (node.log && value === 0 && node.q === null) return `0 is not positive but ${node.family} values are above 0`;
  if (node.q !== null && Math.abs(roundToStep(value, node.q) - value) > 1e-9 * Math.max(1, Math.abs(value))) {
    return `${value} is not a multiple of q = ${node.q}`;
  }
  return null;
}

function nodeProblem(node: ParamNode, value: unknown): string | null {
  if (node.kind === 'numeric') return numericProblem(node, value);
  if (node.kind === 'constant') return value === node.value ? null : `expected the constant ${JSON.stringify(node.value)}`;
  if (optionIndex(node, value as Config[string]) < 0) {
    return `${JSON.stringify(value)} is not one of ${node.options.map((o) => JSON.stringify(o.value)).join(', ')}`;
  }
  return null;
}

/** Every reason a configuration does not fit the space, as `label: reason` lines (empty when it fits). */
export function validateConfig(space: Space, config: Config): string[] {
  const problems: string[] = [];
  const active = new Set(activeLabels(space, config));
  for (const node of space.nodes) {
    const present = Object.hasOwn(config, node.label);
    if (!active.has(node.label)) {
      if (present) problems.push(`${node.label}: present but inactive for this configuration${activeWhen(space, node)}`);
      continue;
    }
    if (!present) {
      problems.push(`${node.label}: missing`);
      continue;
    }
    const problem = nodeProblem(node, config[node.label]);
    if (problem !== null) problems.push(`${node.label}: ${problem}`);
  }
  const known = new Set(space.nodes.map((node) => node.label));
  for (const label of Object.keys(config)) if (!known.has(label)) problems.push(`${label}: not a parameter of this space`);
  return problems;
}

/** When a conditional parameter exists: `: it exists only when optimizer is sgd` (a user audit). */
function activeWhen(space: Space, node: ParamNode): string {
  if (node.condition === null) return '';
  const parent = space.nodes.find((other) => other.label === node.condition?.parent);
  const option = parent?.kind === 'choice' ? parent.options[node.condition.option] : undefined;
  return option === undefined ? '' : ` (it exists only when ${node.condition.parent} is ${JSON.stringify(option.value)})`;
}
