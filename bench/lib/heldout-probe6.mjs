// Spaces of more than 20 parameters (session 40), written before any run, to measure where `auto`
// should hand a space to the TPE (`auto.maxGpParams`, 20 since session 5, never measured): Hartmann-6
// hidden in 40 inputs, a 26-parameter training job of every kind, 32 inputs of which six matter, a
// rotated ill-conditioned bowl in 24, twenty-four ordered integers, Levy in 30 (multimodal) and a
// 25-parameter space of many choices. The limit is chosen on seeds 20..39; seeds 0..19 are reported.
import { createRng } from '../../dist/util/rng.js';
import { problem } from './heldout.mjs';

const { log2, log10, PI, sin } = Math;
const range = (n) => Array.from({ length: n }, (_, i) => i);
const floats = (n, low = 0, high = 1) => range(n).map((i) => `  x${i + 1}: uniform(${low}, ${high})`).join('\n');

// (ss) Hartmann-6 on inputs 7, 13, 19, 23, 31 and 37 of 40; the other 34 do nothing.
const H_ALPHA = [1.0, 1.2, 3.0, 3.2];
const H_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]];
const H_P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991], [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]];
const H_INPUTS = [7, 13, 19, 23, 31, 37];
const hartmannIn40 = (p) => {
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < 6; j++) inner += H_A[i][j] * (p[`x${H_INPUTS[j]}`] - H_P[i][j] * 1e-4) ** 2;
    sum += H_ALPHA[i] * Math.exp(-inner);
  }
  return -sum;
};

// (tt) A training job of 26 parameters: the best learning rate moves with the optimizer and the batch
// size, dropout matters more in wide networks, options have their own floors, and a third of the
// parameters barely matter. Every term is 0 at the best setting, so the minimum is 0.
const LR_CENTRE = { sgd: -1, adam: -3, adamw: -3, rmsprop: -3.5 };
const OPT_FLOOR = { sgd: 0.02, adam: 0.01, adamw: 0, rmsprop: 0.03 };
const ACT_FLOOR = { relu: 0.01, gelu: 0, silu: 0.002, tanh: 0.04 };
const NORM_FLOOR = { batch: 0, layer: 0.005, none: 0.03 };
const SCHED_FLOOR = { none: 0.03, step: 0.01, cosine: 0, onecycle: 0.004 };
const AUG_FLOOR = { none: 0.02, light: 0, heavy: 0.01 };
const INIT_FLOOR = { he: 0, xavier: 0.003, normal: 0.015 };
const trainingJob = (p) => {
  const b = log2(p.batch) - 7;
  const u = log10(p.lr) - LR_CENTRE[p.optimizer] - 0.5 * b * log10(2);
  const widthScale = log2(p.width) - 5;
  return (
    0.4 * u * u +
    OPT_FLOOR[p.optimizer] + ACT_FLOOR[p.activation] + NORM_FLOOR[p.norm] + SCHED_FLOOR[p.scheduler] + AUG_FLOOR[p.augment] + INIT_FLOOR[p.init] +
    0.03 * b * b +
    0.05 * (log10(p.wd) + 4) ** 2 +
    0.02 * (p.layers - 4) ** 2 +
    0.01 * (log2(p.width) - 8) ** 2 +
    0.06 * widthScale * (p.dropout1 - 0.05 * widthScale) ** 2 +
    0.1 * (p.dropout2 - 0.1) ** 2 +
    0.05 * (p.dropout3 - 0.2) ** 2 +
    0.005 * (p.warmup - 3) ** 2 +
    0.3 * (p.momentum - 0.9) ** 2 +
    0.2 * (p.label_smoothing - 0.1) ** 2 +
    0.02 * log10(p.grad_clip) ** 2 +
    0.5 * (p.ema - 0.999) ** 2 +
    0.05 * (p.mixup - 0.2) ** 2 +
    0.1 * (p.beta1 - 0.9) ** 2 +
    2 * (p.beta2 - 0.999) ** 2 +
    0.002 * (log10(p.adam_eps) + 8) ** 2 +
    0.01 * (p.epochs_scale - 1) ** 2 +
    0.003 * (p.seed_offset - 0.5) ** 2
  );
};
const TRAINING_JOB = `params:
  lr: loguniform(1e-5, 1)
  optimizer: choice(sgd, adam, adamw, rmsprop)
  batch: qloguniform(16, 1024, 16)
  wd: loguniform(1e-7, 0.1)
  layers: uniformint(1, 8)
  width: qloguniform(32, 1024, 32)
  activation: choice(relu, gelu, silu, tanh)
  norm: choice(batch, layer, none)
  scheduler: choice(none, step, cosine, onecycle)
  augment: choice(none, light, heavy)
  init: choice(he, xavier, normal)
  dropout1: uniform(0, 0.7)
  dropout2: uniform(0, 0.7)
  dropout3: uniform(0, 0.7)
  warmup: uniformint(0, 10)
  momentum: uniform(0.5, 0.99)
  label_smoothing: uniform(0, 0.3)
  grad_clip: loguniform(0.1, 10)
  ema: uniform(0.9, 0.9999)
  mixup: uniform(0, 1)
  beta1: uniform(0.8, 0.99)
  beta2: uniform(0.9, 0.9999)
  adam_eps: loguniform(1e-10, 1e-6)
  epochs_scale: uniform(0.5, 2)
  seed_offset: uniform(0, 1)
  smoothing_window: uniformint(1, 20)
`;

// (uu) 32 inputs on [0, 1]: six matter with falling weights, 26 barely (0.005 each).
const CENTRE32 = [0.31, 0.74, 0.12, 0.58, 0.86, 0.44];
const MAIN32 = new Map(CENTRE32.map((c, k) => [k * 5 + 1, { centre: c, weight: 0.6 ** k }]));
const additive32 = (p) =>
  range(32).reduce((s, i) => {
    const main = MAIN32.get(i + 1);
    const x = p[`x${i + 1}`];
    return s + (main === undefined ? 0.005 * (x - 0.5) ** 2 : main.weight * (x - main.centre) ** 2);
  }, 0);

// (vv) A bowl in 24 inputs, rotated, its axes' curvatures spread from 1 to 0.01: every input matters.
const rot = createRng('probe6-rotation');
const ROTATION = (() => {
  // Gram-Schmidt on Gaussian columns: a random orthonormal basis
  const normal = () => Math.sqrt(-2 * Math.log(1 - rot.next())) * Math.cos(2 * PI * rot.next());
  const basis = [];
  for (let k = 0; k < 24; k++) {
    let v = range(24).map(normal);
    for (const q of basis) {
      const dot = v.reduce((s, x, i) => s + x * q[i], 0);
      v = v.map((x, i) => x - dot * q[i]);
    }
    const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    basis.push(v.map((x) => x / norm));
  }
  return basis;
})();
const CURVATURE = range(24).map((k) => 10 ** (-2 * k / 23));
const CENTRE24 = range(24).map(() => 0.25 + 0.5 * rot.next());
const rotatedQuad = (p) => ROTATION.reduce((s, q, k) => s + CURVATURE[k] * q.reduce((t, w, i) => t + w * (p[`x${i + 1}`] - CENTRE24[i]), 0) ** 2, 0);

// (ww) 24 ordered integers 1..16: eight matter (their best values inside the range), sixteen barely.
const INT_BEST = [3, 11, 7, 14, 5, 9, 2, 12];
const intJob = (p) => range(24).reduce((s, i) => s + (i < 8 ? (0.5 ** (i / 2)) * ((p[`k${i + 1}`] - INT_BEST[i]) / 15) ** 2 : 0.002 * ((p[`k${i + 1}`] - 8) / 15) ** 2), 0);

// (xx) Levy in 30 inputs on [-10, 10]: many local minima, the global one at x = 1.
const levy30 = (p) => {
  const w = range(30).map((i) => 1 + (p[`x${i + 1}`] - 1) / 4);
  let s = sin(PI * w[0]) ** 2;
  for (let i = 0; i < 29; i++) s += (w[i] - 1) ** 2 * (1 + 10 * sin(PI * w[i] + 1) ** 2);
  return s + (w[29] - 1) ** 2 * (1 + sin(2 * PI * w[29]) ** 2);
};

// (yy) Ten choices of three to five options, each option with its own floor, and fifteen floats whose
// best values depend on two of the choices.
const choiceRng = createRng('probe6-choices');
const CHOICE_SIZES = [3, 4, 5, 3, 4, 5, 3, 4, 5, 3];
const CHOICE_FLOORS = CHOICE_SIZES.map((n) => range(n).map((j) => (j === 0 ? 0 : 0.01 + 0.05 * choiceRng.next())));
const BEST_OPTION = CHOICE_SIZES.map((n) => Math.floor(choiceRng.next() * n));
const FLOAT_CENTRE = range(15).map(() => 0.2 + 0.6 * choiceRng.next());
const choices25 = (p) => {
  let s = 0;
  for (let c = 0; c < 10; c++) {
    const j = (Number(p[`c${c + 1}`].slice(1)) - BEST_OPTION[c] + CHOICE_SIZES[c]) % CHOICE_SIZES[c];
    s += CHOICE_FLOORS[c][j];
  }
  const shift = p.c1 === `o${BEST_OPTION[0]}` ? 0 : 0.15;
  for (let i = 0; i < 15; i++) s += (i < 5 ? 0.3 : 0.05) * (p[`x${i + 1}`] - FLOAT_CENTRE[i] - (i < 3 ? shift : 0)) ** 2;
  return s;
};
const CHOICES25 = `params:\n${CHOICE_SIZES.map((n, c) => `  c${c + 1}: choice(${range(n).map((j) => `o${j}`).join(', ')})`).join('\n')}\n${floats(15)}\n`;

// Added after the first screen (all seven and sparse30 went decidedly better to the GP), to look
// for the limit above them: Branin hidden in 64 inputs, and 60 parameters of three kinds.
const branin = (x1, x2) => (x2 - (5.1 / (4 * PI ** 2)) * x1 ** 2 + (5 / PI) * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * PI)) * Math.cos(x1) + 10;
const braninIn64 = (p) => branin(-5 + 15 * p.x29, 15 * p.x47);
const MIXED_FLOOR = { a: 0.04, b: 0, c: 0.02 };
const mixed60 = (p) => {
  let s = (p.x1 - 0.7) ** 2 + 0.5 * (p.x2 - 0.2) ** 2 + 0.25 * (p.x3 - 0.55) ** 2 + 0.3 * ((p.k1 - 13) / 20) ** 2 + 0.15 * ((p.k2 - 4) / 20) ** 2;
  s += MIXED_FLOOR[p.c1] + 0.5 * MIXED_FLOOR[p.c2];
  for (let i = 4; i <= 20; i++) s += 0.003 * (p[`x${i}`] - 0.5) ** 2 + 0.003 * ((p[`k${i}`] - 10) / 20) ** 2;
  for (let i = 3; i <= 20; i++) s += p[`c${i}`] === 'b' ? 0 : 0.001;
  return s;
};
const MIXED60 = `params:\n${floats(20)}\n${range(20).map((i) => `  k${i + 1}: uniformint(0, 20)`).join('\n')}\n${range(20).map((i) => `  c${i + 1}: choice(a, b, c)`).join('\n')}\n`;

export const probe6Problems = [
  problem('hartmann6_in40', `params:\n${floats(40)}\n`, hartmannIn40, -3.32236801141551),
  problem('training_job26', TRAINING_JOB, trainingJob, 0),
  problem('additive32', `params:\n${floats(32)}\n`, additive32, 0),
  problem('rotated_quad24', `params:\n${floats(24)}\n`, rotatedQuad, 0),
  problem('int_job24', `params:\n${range(24).map((i) => `  k${i + 1}: uniformint(1, 16)`).join('\n')}\n`, intJob, 0),
  problem('levy30', `params:\n${floats(30, -10, 10)}\n`, levy30, 0),
  problem('choices25', CHOICES25, choices25, 0),
  problem('branin_in64', `params:\n${floats(64)}\n`, braninIn64, 0.397887357729739),
  problem('mixed60', MIXED60, mixed60, 0),
];
