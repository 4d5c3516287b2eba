// Held-out problems added in session 19, after every default was chosen and never tuned on: four more
// shapes of real tuning jobs. A problem whose `f` returns NaN there is a crash (a failed trial).
import { createRng } from '../../dist/util/rng.js';
import { problem } from './heldout.mjs';

const { log10, log2 } = Math;

// (n) Out of memory: the bigger the model (width x depth) the lower the loss, but a run whose
// batch x width x depth passes 2^21 crashes; the batch size has a bowl of its own and moves the best
// learning rate (as sqrt(batch)). The best runs sit on the crash boundary.
const MEMORY = 2 ** 21;
const capacityLoss = (batch, width, depth) => 2 / (log2(width) + log2(depth)) + 0.05 * (log10(batch) - 2.5) ** 2;
const oom = (p) => {
  if (p.batch * p.width * p.depth > MEMORY) return NaN;
  return capacityLoss(p.batch, p.width, p.depth) + 0.3 * (log10(p.lr) + 2.5 - 0.5 * (log10(p.batch) - 2)) ** 2 + 0.2 * (p.dropout - 0.2) ** 2;
};
let oomMinimum = Infinity;
for (let b = 16; b <= 1024; b += 16) {
  for (let w = 32; w <= 2048; w += 32) for (let d = 1; d <= 12; d++) if (b * w * d <= MEMORY) oomMinimum = Math.min(oomMinimum, capacityLoss(b, w, d));
}

// (o) Unstable training: a 4-D bowl, but one run in seven blows up and reports 6x its loss plus 0.5
// (drawn from (seed, trial) alone, as the noise of noisy_bowl3). The user picks the best by what was
// reported; the regret is that trial's true loss.
const spikyBowl = ({ x1, x2, x3, x4 }) => (x1 - 0.3) ** 2 + 1.5 * (x2 + 0.2) ** 2 + (x3 - 0.6) ** 2 + 0.5 * (x4 + 0.5) ** 2 + 0.4 * (x1 - 0.3) * (x3 - 0.6);
const spiky = (params, seed, trial) => {
  const truth = spikyBowl(params);
  return createRng(`bench-spike/${seed}/${trial}`).next() < 1 / 7 ? 6 * truth + 0.5 : truth;
};

// (p) Six choices and a learning rate, as a network's recipe: effects add up, the best learning rate
// depends on the optimizer, and the normalisation interacts with the activation.
const CHOICES = {
  optimizer: { sgd: 0.3, adam: 0.05, adamw: 0, rmsprop: 0.15 },
  activation: { relu: 0.05, gelu: 0, tanh: 0.25 },
  norm: { batch: 0, layer: 0.04, none: 0.3 },
  init: { xavier: 0.02, he: 0, normal: 0.12 },
  scheduler: { cosine: 0, step: 0.03, none: 0.2, linear: 0.05 },
  augment: { none: 0.15, light: 0, heavy: 0.06 },
};
const BEST_LR = { sgd: -1, adam: -3, adamw: -2.7, rmsprop: -3.3 };
const NORM_ACTIVATION = { 'none/tanh': -0.2, 'batch/gelu': 0.08, 'layer/gelu': -0.05 };
const recipe = (p) =>
  Object.entries(CHOICES).reduce((s, [label, costs]) => s + costs[p[label]], 0) + (NORM_ACTIVATION[`${p.norm}/${p.activation}`] ?? 0) + 0.4 * (log10(p.lr) - BEST_LR[p.optimizer]) ** 2;
let recipeMinimum = Infinity;
const combos = (labels, chosen) => {
  if (labels.length === 0) {
    recipeMinimum = Math.min(recipeMinimum, recipe({ ...chosen, lr: 10 ** BEST_LR[chosen.optimizer] }));
    return;
  }
  const [label, ...rest] = labels;
  for (const option of Object.keys(CHOICES[label])) combos(rest, { ...chosen, [label]: option });
};
combos(Object.keys(CHOICES), {});
const recipeYaml = ['params:', '  lr: loguniform(1e-5, 1)', ...Object.entries(CHOICES).map(([label, costs]) => `  ${label}: choice(${Object.keys(costs).join(', ')})`), ''].join('\n');

// (q) The best point is a corner of the box: every input at its upper bound, slopes of different sizes
// and a coupling (more epochs, more data, more width: each helps until the box ends).
const corner = ({ x1, x2, x3 }) => 0.5 * (1 - x1) + 0.2 * (1 - x2) + 0.05 * (1 - x3) + 0.3 * (x1 - x2) ** 2;

export const probe2Problems = [
  problem(
    'oom5',
    'params:\n  lr: loguniform(1e-4, 1)\n  batch: qloguniform(16, 1024, 16)\n  width: qloguniform(32, 2048, 32)\n  depth: randint(1, 13)\n  dropout: uniform(0, 0.5)\n',
    oom,
    oomMinimum,
  ),
  problem('spiky_bowl4', 'params:\n  x1: uniform(-1, 1)\n  x2: uniform(-1, 1)\n  x3: uniform(-1, 1)\n  x4: uniform(-1, 1)\n', spikyBowl, 0, { observe: spiky }),
  problem('recipe7', recipeYaml, recipe, recipeMinimum),
  problem('corner3', 'params:\n  x1: uniform(0, 1)\n  x2: uniform(0, 1)\n  x3: uniform(0, 1)\n', corner, 0),
];
