// The start-up phase of the default TPE: points of a scrambled Halton sequence mapped through the prior.
import { finishValue } from '../../space/quantize.js';
import { drawNumeric, drawOptionIndex } from '../../space/sample.js';
import type { Config, NumericNode, Space } from '../../space/types.js';
import type { Rng } from '../../util/rng.js';
import { isActive } from '../observations.js';
import { scrambledHalton } from './halton.js';
import { normalQuantile } from '../../util/normal.js';

/** An Rng that returns one prescribed number: turns a prior's one-uniform draw into its inverse CDF. */
function fixed(u: number): Rng {
  return { next: () => u };
}

function numericAt(node: NumericNode, u: number): number {
  const normal = node.family === 'normal' || node.family === 'qnormal' || node.family === 'lognormal' || node.family === 'qlognormal';
  if (!normal) return drawNumeric(node, fixed(u));
  const z = (node.mu ?? 0) + (node.sigma ?? 1) * normalQuantile(u);
  return finishValue(node, node.log ? Math.exp(z) : z);
}

/** Point `index` of the space-filling sequence: one coordinate per node; inactive nodes skip theirs. */
export function startupConfig(space: Space, index: number, seed: number | string): Config {
  const nodes = space.nodes.filter((node) => node.kind !== 'constant');
  const u = scrambledHalton(index, nodes.length, seed);
  const coordinate = new Map(nodes.map((node, d) => [node.label, u[d] ?? 0.5]));
  const config: Config = {};
  const chosen = new Map<string, number>();
  for (const node of space.nodes) {
    if (!isActive(node, chosen)) continue;
    const at = coordinate.get(node.label) ?? 0.5;
    if (node.kind === 'constant') config[node.label] = node.value;
    else if (node.kind === 'numeric') config[node.label] = numericAt(node, at);
    else {
      const option = drawOptionIndex(node, fixed(at));
      chosen.set(node.label, option);
      config[node.label] = node.options[option]?.value ?? null;
    }
  }
  return config;
}
