// Problems where trials fail (session 22), for choosing how the GP treats a failed trial: a crash region
// next to the best runs, one far from them, and failures that have nothing to do with the parameters
// (a preempted node, a flaky data loader). `f` returns NaN where a run crashes; a flaky problem's
// `observe(params, seed, trial)` returns NaN for a failure drawn from (seed, trial) alone.
import { createRng } from '../../dist/util/rng.js';
import { box, problem } from './heldout.mjs';

const { exp, log2, log10 } = Math;

// Hartmann-6 (the reference problem's constants), as the base of two crash shapes.
const A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]];
const P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991], [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]];
const ALPHA = [1, 1.2, 3, 3.2];
const hartmann6 = (p) => {
  let s = 0;
  for (let i = 0; i < 4; i++) {
    let e = 0;
    for (let j = 0; j < 6; j++) e += A[i][j] * (p[`x${j + 1}`] - P[i][j]) ** 2;
    s -= ALPHA[i] * exp(-e);
  }
  return s;
};
const HARTMANN6_MIN = -3.32236801141551;

// (r) A learning rate that diverges above a limit growing with the batch size (as sqrt(batch)), and
// weight decay: the best rate sits just under the limit, so the best runs border the crashes.
const divergeLr = ({ lr, batch, wd }) => {
  const limit = -1.6 + 0.5 * log10(batch / 32);
  if (log10(lr) > limit) return NaN;
  return 0.2 + 0.25 * (log10(lr) - (limit - 0.1)) ** 2 + 0.02 * (log2(batch) - 7) ** 2 + 0.05 * (log10(wd) + 4) ** 2;
};
const divergeMin = (() => {
  let best = Infinity;
  for (let b = 16; b <= 512; b += 16) best = Math.min(best, 0.2 + 0.02 * (log2(b) - 7) ** 2);
  return best;
})();

// (s) Hartmann-6 whose runs crash in a corner far from the optimum (x1 + x5 > 1.3): nothing to learn
// there but to stay away.
const hartmannCorner = (p) => (p.x1 + p.x5 > 1.3 ? NaN : hartmann6(p));

// (t) Hartmann-6 cut by a memory-like boundary through its optimum's neighbourhood (x3 + x6 > 1.2:
// the optimum, 0.48 + 0.66 = 1.14, lies just inside).
const hartmannCut = (p) => (p.x3 + p.x6 > 1.2 ? NaN : hartmann6(p));

// (u) A budget on width x depth (integers) with a batch size: more capacity is better until it crashes.
const capacity = ({ width, depth, batch }) => {
  if (width * depth * batch > 2 ** 17) return NaN;
  return 1 / log2(width * depth) + 0.03 * (log2(batch) - 5) ** 2;
};
const capacityMin = (() => {
  let best = Infinity;
  for (let w = 8; w <= 1024; w += 8) for (let d = 1; d <= 16; d++) for (let b = 4; b <= 256; b *= 2) if (w * d * b <= 2 ** 17) best = Math.min(best, capacity({ width: w, depth: d, batch: b }));
  return best;
})();

// (v) Failures that do not depend on the parameters: one run in six fails (a preempted job), drawn
// from (seed, trial); the objective is Hartmann-6, or a 3-D bowl.
const flaky = (f) => (params, seed, trial) => (createRng(`bench-flaky/${seed}/${trial}`).next() < 1 / 6 ? NaN : f(params));
const bowl3 = ({ x1, x2, x3 }) => (x1 - 0.2) ** 2 + 2 * (x2 - 0.7) ** 2 + 0.5 * (x3 - 0.45) ** 2;

export const crashProblems = [
  problem('diverge_lr3', 'params:\n  lr: loguniform(1e-5, 1)\n  batch: qloguniform(16, 512, 16)\n  wd: loguniform(1e-6, 1e-1)\n', divergeLr, divergeMin),
  problem('hartmann6_corner', box(6, 0, 1), hartmannCorner, HARTMANN6_MIN),
  problem('hartmann6_cut', box(6, 0, 1), hartmannCut, HARTMANN6_MIN),
  problem('capacity3', 'params:\n  width: qloguniform(8, 1024, 8)\n  depth: randint(1, 17)\n  batch: choice(4, 8, 16, 32, 64, 128, 256)\n', capacity, capacityMin),
  problem('flaky_hartmann6', box(6, 0, 1), hartmann6, HARTMANN6_MIN, { observe: flaky(hartmann6) }),
  problem('flaky_bowl3', box(3, 0, 1), bowl3, 0, { observe: flaky(bowl3) }),
];
