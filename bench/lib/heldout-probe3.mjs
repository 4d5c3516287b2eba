// Held-out problems added in session 28, after every default was chosen and never tuned on: eight
// more shapes of real tuning jobs (a plateau where nothing learns, interacting choices, wide integer
// ranges, heavy-tailed noise, a rotated valley in 12 inputs, 15 mixed inputs, Rastrigin, and a
// learning-rate cliff). Seeds 200 and up are the ones reported for them.
import { createRng, normalDraw } from '../../dist/util/rng.js';
import { box, problem } from './heldout.mjs';

const { cos, log2, log10, sqrt, PI } = Math;

// (w) Most of the box does not learn: outside a window of the effective step lr / (1 - momentum) the
// loss is chance level (ln 10, flat), as a too small step that never moves or a too large one that
// diverges. Inside, a bowl in the log step with its floor at 0.3.
const CHANCE = Math.log(10);
const plateau = ({ lr, momentum }) => {
  const u = log10(lr / (1 - momentum));
  if (u > 0.3) return CHANCE;
  return Math.min(CHANCE, 0.3 + 2 * (u + 1) ** 2 + 0.1 * (momentum - 0.9) ** 2);
};

// (x) Two five-way choices whose best pair is made of options that are not best alone (Lion with a
// one-cycle schedule), and a learning rate whose best value depends on the optimizer.
const OPTIMIZER = { sgd: 0.2, adam: 0, adamw: 0.02, lion: 0.15, adagrad: 0.3 };
const SCHEDULE = { constant: 0.2, step: 0.1, cosine: 0, onecycle: 0.12, plateau: 0.08 };
const PAIR = { 'lion/onecycle': -0.4, 'adagrad/plateau': -0.2 };
const PAIR_LR = { sgd: -1, adam: -3, adamw: -3, lion: -4, adagrad: -2 };
const pairs = (p) => OPTIMIZER[p.optimizer] + SCHEDULE[p.schedule] + (PAIR[`${p.optimizer}/${p.schedule}`] ?? 0) + 0.3 * (log10(p.lr) - PAIR_LR[p.optimizer]) ** 2;

// (y) Wide integer ranges: trees 10..2000 with diminishing returns and a cost of overfitting, and leaves
// 4..4096 (log-scaled integers) whose best value grows with the number of trees.
const trees = ({ n_estimators: n, max_leaves: leaves }) => 3 / sqrt(n) + 0.004 * (n / 100) + 0.02 * (log2(leaves) - 6 - 0.5 * log2(n / 100)) ** 2;
let treesMinimum = Infinity;
for (let n = 10; n <= 2000; n++) for (let leaves = 4; leaves <= 4096; leaves++) treesMinimum = Math.min(treesMinimum, trees({ n_estimators: n, max_leaves: leaves }));

// (z) A 3-D bowl observed through heavy-tailed noise (Student's t with 2 degrees of freedom, scale
// 0.03): now and then a run reports far from its true loss, in either direction.
const bowl = ({ x1, x2, x3 }) => (x1 - 0.3) ** 2 + 2 * (x2 + 0.4) ** 2 + 0.5 * (x3 - 0.1) ** 2;
const studentT2 = (rng) => normalDraw(rng) / sqrt((normalDraw(rng) ** 2 + normalDraw(rng) ** 2) / 2);
const heavyNoise = (params, seed, trial) => bowl(params) + 0.03 * studentT2(createRng(`bench-heavy/${seed}/${trial}`));

// (aa) Twelve inputs, three directions that matter, each spread over several inputs and scaled
// 1 : 30 : 300: a narrow rotated valley in a space mostly of inputs that do nothing.
const CENTRE = [0.7, 0.2, 0.35, 0.8, 0.15, 0.6, 0.45, 0.3, 0.55, 0.9, 0.25, 0.65];
const valley = (p) => {
  const d = CENTRE.map((c, i) => p[`x${i + 1}`] - c);
  const y1 = (d[0] + d[4] + d[8]) / sqrt(3);
  const y2 = (d[1] - d[6]) / sqrt(2);
  const y3 = (d[10] + d[3]) / sqrt(2);
  return y1 ** 2 + 30 * y2 ** 2 + 300 * y3 ** 2;
};

// (bb) Fifteen inputs of every kind, as a large training recipe: additive effects, the best of one
// float moves with a log learning rate, the best of one integer with a choice. Minimum 0.
const C1 = { a: 0, b: 0.2, c: 0.1 };
const C2 = { x: 0.15, y: 0, z: 0.3, w: 0.05 };
const C3 = { on: 0, off: 0.1 };
const C4 = { p: 0.05, q: 0, r: 0.2 };
const BEST_I1 = { a: 3, b: 6, c: 2 };
const mixed = (p) =>
  (p.a1 - 0.2 - 0.1 * (log10(p.l1) + 3)) ** 2 + 0.5 * (p.a2 - 0.4) ** 2 + 0.25 * (p.a3 - 0.6) ** 2 + 0.1 * (p.a4 - 0.8) ** 2
  + 0.3 * (log10(p.l1) + 3) ** 2 + 0.1 * (log10(p.l2) + 4) ** 2 + 0.05 * (log10(p.l3) + 0.5) ** 2
  + 0.05 * (p.i1 - BEST_I1[p.c1]) ** 2 + 0.2 * (log2(p.i2) - 7) ** 2 + 0.03 * (p.i3 - 4) ** 2 + 0.0001 * (p.i4 - 40) ** 2
  + C1[p.c1] + C2[p.c2] + C3[p.c3] + C4[p.c4];
const mixedYaml = `params:
  a1: uniform(0, 1)
  a2: uniform(0, 1)
  a3: uniform(0, 1)
  a4: uniform(0, 1)
  l1: loguniform(1e-5, 1e-1)
  l2: loguniform(1e-6, 1e-2)
  l3: loguniform(1e-3, 10)
  i1: randint(1, 9)
  i2: randint(16, 513)
  i3: randint(0, 6)
  i4: randint(1, 101)
  c1: choice(a, b, c)
  c2: choice(x, y, z, w)
  c3: choice(on, off)
  c4: choice(p, q, r)
`;

// (cc) Rastrigin, 3-D on [-5.12, 5.12], shifted off the centre: a regular grid of local minima.
const SHIFT = [1.1, -0.7, 0.3];
const rastrigin = (p) => SHIFT.reduce((s, c, i) => {
  const z = p[`x${i + 1}`] - c;
  return s + z * z - 10 * cos(2 * PI * z) + 10;
}, 0);

// (dd) A learning-rate cliff: the best rate grows as the square root of the batch, and a rate a
// quarter of a decade above it diverges (a loss of 2.5 reported, not a crash) unless warm-up
// moves the cliff out (by 2 decades per unit of warm-up fraction), while warm-up itself costs a little.
const cliff = ({ lr, batch, warmup, wd }) => {
  const over = log10(lr) - (-3 + 0.5 * log10(batch / 64));
  if (over > 0.25 + 2 * warmup) return 2.5;
  return 0.1 + 0.2 * over ** 2 + 0.01 * (log2(batch) - 7) ** 2 + 0.05 * (log10(wd) + 4) ** 2 + 0.3 * warmup ** 2;
};

export const probe3Problems = [
  problem('plateau2', 'params:\n  lr: loguniform(1e-7, 10)\n  momentum: uniform(0, 0.99)\n', plateau, 0.3),
  problem('choice_pairs3', `params:\n  optimizer: choice(${Object.keys(OPTIMIZER).join(', ')})\n  schedule: choice(${Object.keys(SCHEDULE).join(', ')})\n  lr: loguniform(1e-5, 1)\n`, pairs, -0.13),
  problem('wide_int2', 'params:\n  n_estimators: randint(10, 2001)\n  max_leaves: qloguniform(4, 4096, 1)\n', trees, treesMinimum),
  problem('heavy_noise3', box(3, -1, 1), bowl, 0, { observe: heavyNoise }),
  problem('valley12', box(12, 0, 1), valley, 0),
  problem('mixed15', mixedYaml, mixed, 0),
  problem('rastrigin3', box(3, -5.12, 5.12), rastrigin, 0),
  problem('lr_cliff4', 'params:\n  lr: loguniform(1e-5, 1)\n  batch: qloguniform(8, 1024, 8)\n  warmup: uniform(0, 0.2)\n  wd: loguniform(1e-6, 1e-1)\n', cliff, 0.1),
];
