// Held-out problems added in session 36, after every default was chosen and never tuned on: ten more
// shapes, written to look for a loss nobody has seen yet: deceptive and rugged textbook functions
// (Schwefel, Michalewicz, Eggholder, a shifted Griewank), an ill-conditioned bowl over a wide range
// (Trid), thirty inputs of which three matter, a learning rate a user declared `uniform` instead of
// `loguniform`, a forty-way choice, and noise that grows with the loss. Seeds 0..19 are reported.
import { createRng, normalDraw } from '../../dist/util/rng.js';
import { box, problem } from './heldout.mjs';

const { sin, cos, sqrt, abs, log10, PI } = Math;
const vec = (p, d) => Array.from({ length: d }, (_, i) => p[`x${i + 1}`]);

// (ee) Schwefel, 2-D on [-500, 500]: the best basin lies near a corner (420.97 in each input) and the
// second best far from it, at the opposite side: a search that trusts the early trends is deceived.
const schwefel = (p) => vec(p, 2).reduce((s, x) => s - x * sin(sqrt(abs(x))), 418.9828872724338 * 2);
const SCHWEFEL_X = 420.968746;

// (ff) Michalewicz, 5-D on [0, pi] (m = 10): flat almost everywhere, with steep narrow valleys.
const michalewicz = (p) => vec(p, 5).reduce((s, x, i) => s - sin(x) * sin(((i + 1) * x * x) / PI) ** 20, 0);
const MICHALEWICZ5_MIN = -4.687658179;

// (gg) Eggholder, 2-D on [-512, 512]: rugged everywhere, the minimum on the box's edge (512, 404.23).
const eggholder = ({ x1, x2 }) => -(x2 + 47) * sin(sqrt(abs(x1 / 2 + x2 + 47))) - x1 * sin(sqrt(abs(x1 - (x2 + 47))));
const EGGHOLDER_MIN = eggholder({ x1: 512, x2: 404.2319 });

// (hh) Griewank, 8-D on [-30, 30], shifted off the centre: a bowl covered in small regular ripples.
const SHIFT = [7.3, -12.1, 3.4, 18.2, -5.6, 0.9, -21.7, 11.5];
const griewank = (p) => {
  const z = vec(p, 8).map((x, i) => x - SHIFT[i]);
  return 1 + z.reduce((s, v) => s + (v * v) / 4000, 0) - z.reduce((s, v, i) => s * cos(v / sqrt(i + 1)), 1);
};

// (ii) Trid, 6-D on [-36, 36]: a smooth bowl whose neighbouring inputs are coupled, its minimum (-50)
// at (6, 10, 12, 12, 10, 6): ill-conditioned over a range much wider than the basin.
const trid = (p) => {
  const x = vec(p, 6);
  return x.reduce((s, v) => s + (v - 1) ** 2, 0) - x.slice(1).reduce((s, v, i) => s + v * x[i], 0);
};

// (jj) Thirty inputs, three of which matter (with a coupling): what `auto` hands to the TPE.
const sparse = (p) => (p.x3 - 0.3) ** 2 + 2 * (p.x17 - 0.75) ** 2 + (p.x25 - 0.55) ** 2 + 0.8 * (p.x3 - 0.3) * (p.x25 - 0.55);

// (kk) A learning rate declared `uniform(1e-5, 0.1)` by a user who meant a log scale: the best rate,
// 3.2e-4, sits in the lowest 0.3 % of the range; with dropout and an ordered layer count.
const uniformLr = ({ lr, dropout, layers }) => {
  const u = log10(lr) + 3.5;
  return 0.5 * u * u + 0.8 * (dropout - 0.3) ** 2 + 0.1 * u * (dropout - 0.3) + 0.02 * (layers - 4) ** 2;
};

// (ll) Forty architectures (a choice) and one float whose best value each architecture sets; the
// floors are drawn once from a fixed stream, and one option (a27) is best by 0.05 or more.
const ARCH = Array.from({ length: 40 }, (_, k) => `a${k}`);
const archRng = createRng('probe4-arch40');
const ARCH_FLOOR = Object.fromEntries(ARCH.map((a) => [a, 0.05 + 0.5 * archRng.next()]));
ARCH_FLOOR.a27 = 0;
const ARCH_CENTRE = Object.fromEntries(ARCH.map((a) => [a, 0.1 + 0.8 * archRng.next()]));
const archs = ({ arch, x }) => ARCH_FLOOR[arch] + 2 * (x - ARCH_CENTRE[arch]) ** 2;

// (mm) A 3-D bowl whose noise grows with the loss (sd 0.01 + 0.3 x loss): bad runs are also erratic.
const growBowl = ({ x1, x2, x3 }) => (x1 - 0.6) ** 2 + 1.5 * (x2 + 0.2) ** 2 + (x3 - 0.1) ** 2;
const growNoise = (params, seed, trial) => {
  const f = growBowl(params);
  return f + (0.01 + 0.3 * f) * normalDraw(createRng(`bench-grow/${seed}/${trial}`));
};

export const probe4Problems = [
  problem('schwefel2', box(2, -500, 500), schwefel, schwefel({ x1: SCHWEFEL_X, x2: SCHWEFEL_X })),
  problem('michalewicz5', box(5, 0, PI), michalewicz, MICHALEWICZ5_MIN),
  problem('eggholder2', box(2, -512, 512), eggholder, EGGHOLDER_MIN),
  problem('griewank8', box(8, -30, 30), griewank, 0),
  problem('trid6', box(6, -36, 36), trid, -50),
  problem('sparse30', box(30, 0, 1), sparse, 0),
  problem('uniform_lr3', 'params:\n  lr: uniform(1e-5, 0.1)\n  dropout: uniform(0, 0.8)\n  layers: randint(1, 9)\n', uniformLr, 0),
  problem('arch40', `params:\n  arch: choice(${ARCH.join(', ')})\n  x: uniform(0, 1)\n`, archs, 0),
  problem('grow_noise3', box(3, -1, 1), growBowl, 0, { observe: growNoise }),
];
