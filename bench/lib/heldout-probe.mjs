// Held-out problems added in session 15, after every default was chosen and never tuned on: shapes
// real tuning jobs have that the other problems lack. Regret is measured as for the others; a problem
// whose `f` returns NaN there is a crash (told as NaN, the optimizer records a failed trial, as for a program that dies).
import { problem } from './heldout.mjs';

const { log10, floor } = Math;

// (i) A validation accuracy read off a small set: a smooth 3-D bowl seen in steps of 0.05, so most of
// the space is flat terraces and the bottom terrace (q < 0.05) is about 0.5 % of the box.
const stepBowl = ({ x1, x2, x3 }) => floor(((x1 - 0.3) ** 2 + 2 * (x2 + 0.4) ** 2 + 0.5 * (x3 - 0.6) ** 2) / 0.05) * 0.05;

// (j) The best learning rate is the largest one allowed (the box's edge, in log space), the others interior.
const edgeLr = ({ lr, x2, x3 }) => -log10(lr) / 4 + (x2 - 0.6) ** 2 + 0.5 * (x3 - 0.2) ** 2;

// (k) Learning rate and weight decay where too large a rate crashes (NaN: the program dies), and the
// best rate sits just below the crash: the optimum is next to a fifth of the lr axis that always fails.
const crashLr = ({ lr, wd }) => (lr > 0.15 ? NaN : (log10(lr) + 1) ** 2 + 0.2 * (log10(wd) + 4) ** 2);

// (l) One choice among 16 (an architecture, an optimizer): each option has its own offset and its own
// best point for the two floats; only option o0 reaches 0.
const OPTIONS = Array.from({ length: 16 }, (_, k) => `o${k}`);
const choice16 = (p) => {
  const k = Number(p.arch.slice(1));
  const centre = ((k * 5) % 16) / 16 - 0.5;
  return 0.05 * ((k * 7) % 16) + (p.x1 - centre) ** 2 + (p.x2 + centre / 2) ** 2;
};

// (m) A ridge, as learning rate and batch size have: the best rate (3e-3 at batch 100) grows with the square root of the
// batch size; weight decay and dropout add their own bowls. Batch size is a multiple of 8.
const ridge = (p) => (log10(p.lr) - log10(p.batch) / 2 + 3.5) ** 2 + 0.1 * (log10(p.batch) - 2) ** 2 + 0.3 * (log10(p.wd) + 4) ** 2 + 0.2 * (p.dropout - 0.1) ** 2;
// over batch sizes 8..1024 in steps of 8, the rest continuous (lr, wd and dropout reach their bowls' floors)
const ridgeMinimum = Math.min(...Array.from({ length: 128 }, (_, i) => 0.1 * (log10(8 * (i + 1)) - 2) ** 2));

export const probeProblems = [
  problem('step_bowl3', 'params:\n  x1: uniform(-1, 1)\n  x2: uniform(-1, 1)\n  x3: uniform(-1, 1)\n', stepBowl, 0),
  problem('edge_lr3', 'params:\n  lr: loguniform(1e-5, 0.1)\n  x2: uniform(0, 1)\n  x3: uniform(0, 1)\n', edgeLr, 0.25),
  problem('crash_lr2', 'params:\n  lr: loguniform(1e-4, 1)\n  wd: loguniform(1e-6, 0.1)\n', crashLr, 0),
  problem('choice16', `params:\n  arch: choice(${OPTIONS.join(', ')})\n  x1: uniform(-1, 1)\n  x2: uniform(-1, 1)\n`, choice16, 0),
  problem('ridge4', 'params:\n  lr: loguniform(1e-5, 1)\n  batch: qloguniform(8, 1024, 8)\n  wd: loguniform(1e-7, 0.1)\n  dropout: uniform(0, 0.8)\n', ridge, ridgeMinimum),
];
