// The four reference problems of ../shared/bench/README.md, plus spaces of our own for the engine checks.
import { choice, makeSpace, numeric, uniformSpace } from './spaces.mjs';

const branin = ({ x1, x2 }) => {
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
};

const alpha = [1.0, 1.2, 3.0, 3.2];
const A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]];
const P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991], [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]].map((row) => row.map((v) => v * 1e-4));
const hartmann6 = (p) => {
  const x = [p.x1, p.x2, p.x3, p.x4, p.x5, p.x6];
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < 6; j++) inner += A[i][j] * (x[j] - P[i][j]) ** 2;
    sum += alpha[i] * Math.exp(-inner);
  }
  return -sum;
};

const vector = (p, n) => Array.from({ length: n }, (_, i) => p[`x${i + 1}`]);
const rosenbrock = (n) => (p) => {
  const x = vector(p, n);
  let sum = 0;
  for (let i = 0; i < n - 1; i++) sum += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (x[i] - 1) ** 2;
  return sum;
};
const ackley = (n) => (p) => {
  const x = vector(p, n);
  const sq = x.reduce((a, v) => a + v * v, 0) / n;
  const cs = x.reduce((a, v) => a + Math.cos(2 * Math.PI * v), 0) / n;
  return -20 * Math.exp(-0.2 * Math.sqrt(sq)) - Math.exp(cs) + 20 + Math.E;
};

const box = (n, low, high) => uniformSpace(Array.from({ length: n }, (_, i) => [`x${i + 1}`, low, high]));

/** The reference problems: name, space, objective, known minimum. */
export const referenceProblems = [
  { name: 'branin', space: uniformSpace([['x1', -5, 10], ['x2', 0, 15]]), f: branin, minimum: 0.397887357729739 },
  { name: 'hartmann6', space: box(6, 0, 1), f: hartmann6, minimum: -3.32236801141551 },
  { name: 'rosenbrock5', space: box(5, -5, 10), f: rosenbrock(5), minimum: 0 },
  { name: 'ackley5', space: box(5, -32.768, 32.768), f: ackley(5), minimum: 0 },
];

/** Problems the defaults were not tuned on: other dimensions, integer, log-scaled, categorical, conditional. */
export const ownProblems = [
  { name: 'sphere2-shifted', space: box(2, -10, 10), f: (p) => (p.x1 - 3.3) ** 2 + (p.x2 + 6.1) ** 2, minimum: 0 },
  { name: 'rosenbrock10', space: box(10, -5, 10), f: rosenbrock(10), minimum: 0 },
  { name: 'ackley10', space: box(10, -32.768, 32.768), f: ackley(10), minimum: 0 },
  {
    name: 'integer4',
    space: makeSpace([1, 2, 3, 4].map((i) => numeric(`n${i}`, 'uniformint', { low: 0, high: 30 }))),
    f: (p) => (p.n1 - 7) ** 2 + (p.n2 - 22) ** 2 + Math.abs(p.n3 - 13) * 3 + (p.n4 - 1) ** 2 / 2,
    minimum: 0,
  },
  {
    name: 'loguniform3',
    space: makeSpace([
      numeric('lr', 'loguniform', { low: 1e-5, high: 1 }),
      numeric('wd', 'loguniform', { low: 1e-6, high: 1e-1 }),
      numeric('batch', 'qloguniform', { low: 8, high: 1024, q: 8 }),
    ]),
    // A training-loss-like bowl in log space, optimum at lr 3e-3, wd 1e-4, batch 64.
    f: (p) => (Math.log10(p.lr) - Math.log10(3e-3)) ** 2 + 0.5 * (Math.log10(p.wd) + 4) ** 2 + 0.3 * (Math.log2(p.batch) - 6) ** 2,
    minimum: 0,
  },
  {
    name: 'categorical',
    space: makeSpace([
      choice('opt', ['sgd', 'adam', 'rmsprop', 'adagrad']),
      choice('act', ['relu', 'tanh', 'gelu']),
      numeric('x', 'uniform', { low: -5, high: 5 }),
      numeric('y', 'uniform', { low: -5, high: 5 }),
    ]),
    f: (p) => ({ sgd: 1.5, adam: 0, rmsprop: 0.7, adagrad: 2.5 })[p.opt] + ({ relu: 0.4, tanh: 1.2, gelu: 0 })[p.act] + (p.x - 1) ** 2 + 0.5 * (p.y + 2) ** 2,
    minimum: 0,
  },
  {
    name: 'conditional',
    space: makeSpace([
      choice('model', [
        { value: 'svm', params: [numeric('C', 'loguniform', { low: 1e-3, high: 1e3 }), numeric('gamma', 'loguniform', { low: 1e-4, high: 10 })] },
        { value: 'tree', params: [numeric('depth', 'uniformint', { low: 1, high: 20 }), numeric('leaf', 'uniform', { low: 0, high: 1 })] },
      ]),
      numeric('scale', 'uniform', { low: -3, high: 3 }),
    ]),
    // The svm branch holds the optimum (C = 10, gamma = 0.01, scale = 0.5); the tree branch bottoms out at 0.5.
    f: (p) =>
      (p.scale - 0.5) ** 2 +
      (p.model === 'svm' ? (Math.log10(p.C) - 1) ** 2 + (Math.log10(p.gamma) + 2) ** 2 : 0.5 + ((p.depth - 8) / 5) ** 2 + (p.leaf - 0.3) ** 2),
    minimum: 0,
  },
];
