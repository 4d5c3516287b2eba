// Held-out problems added in session 37, after every default was chosen and never tuned on: five
// shapes of real tuning jobs the other sets lack: two broad basins of nearly equal depth, an error rate
// that saturates far from its optimum (most of the space is one flat plateau), small ordered integers
// beside numbers written as a choice, ten inputs of which four matter, and the boosting trade-off
// between the learning rate and the number of trees. Seeds 0..19 are reported.
import { problem } from './heldout.mjs';

const { exp, log2, log10 } = Math;

// (nn) Two broad basins on the unit square, the far one 0.02 deeper: a search that settles in the
// first basin it finds ends 0.02 behind.
const twin = ({ x1, x2 }) => Math.min(0.02 + 3 * ((x1 - 0.22) ** 2 + (x2 - 0.3) ** 2), 3 * ((x1 - 0.78) ** 2 + (x2 - 0.82) ** 2));

// (oo) An error rate that saturates: 3 % at the best settings, 28 % (chance for this task) wherever
// the learning rate, the weight decay, dropout or the batch size is far off, so most of the space is a
// flat plateau and only the neighbourhood of the optimum has a slope.
const errorFloor = ({ lr, wd, dropout, batch }) => {
  const u = log10(lr) + 2.5;
  const b = log2(batch) - 7;
  const q = 1.5 * u * u + 0.3 * (log10(wd) + 4) ** 2 + 2 * (dropout - 0.2) ** 2 + 0.2 * b * b + 0.4 * u * b;
  return 0.03 + 0.25 * (1 - exp(-q));
};

// (pp) Layers 1..4 (ordered), attention heads written as choice(1, 2, 4, 8) (unordered to the
// optimizer), and a learning rate whose best value moves with depth.
const ordinalSmall = ({ layers, heads, lr }) =>
  0.1 * (layers - 3) ** 2 + 0.05 * Math.abs(log2(heads) - 2) + 0.5 * (log10(lr) + 2 + 0.2 * (layers - 3)) ** 2;

// (qq) Ten inputs on [0, 1]: four matter with falling weights, six barely (0.01 each).
const CENTRE10 = [0.62, 0.18, 0.77, 0.41];
const WEIGHT10 = [1, 0.5, 0.25, 0.125];
const additive10 = (p) => {
  let s = 0;
  for (let i = 0; i < 10; i++) {
    const x = p[`x${i + 1}`];
    s += i < 4 ? WEIGHT10[i] * (x - CENTRE10[i]) ** 2 : 0.01 * (x - 0.5) ** 2;
  }
  return s;
};

// (rr) Boosting: the learning rate times the number of trees is what counts (a curved valley in
// log-log), more trees being a little better; an integer from 50 to 1000 and a log-scale rate.
const treesValley = ({ n_estimators, learning_rate }) => {
  const v = log10(learning_rate) + log10(n_estimators) - 1.2;
  return v * v + 0.05 * (log10(n_estimators) - 3) ** 2;
};

export const probe5Problems = [
  problem('twin_basins2', 'params:\n  x1: uniform(0, 1)\n  x2: uniform(0, 1)\n', twin, 0),
  problem(
    'error_floor4',
    'params:\n  lr: loguniform(1e-5, 1)\n  wd: loguniform(1e-6, 0.1)\n  dropout: uniform(0, 0.7)\n  batch: qloguniform(16, 1024, 16)\n',
    errorFloor,
    0.03,
  ),
  problem('ordinal_small3', 'params:\n  layers: uniformint(1, 4)\n  heads: choice(1, 2, 4, 8)\n  lr: loguniform(1e-4, 0.1)\n', ordinalSmall, 0),
  problem('additive10', `params:\n${Array.from({ length: 10 }, (_, i) => `  x${i + 1}: uniform(0, 1)`).join('\n')}\n`, additive10, 0),
  problem('trees_valley2', 'params:\n  n_estimators: randint(50, 1001)\n  learning_rate: loguniform(0.001, 0.5)\n', treesValley, 0),
];
