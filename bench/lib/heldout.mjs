// Held-out problems for the `optimizer` section (issue 10): shapes a new user brings that neither
// ../shared/bench nor the defaults' tuning has seen. Each is written as the YAML a user would write
// (compiled with parseSpace), with a known minimum. `f` is the noise-free objective regret is measured
// on; a noisy problem also has `observe(params, seed, trial)`, the value the optimizer is told.
import { parseSpace } from '../../dist/space/index.js';
import { createRng, normalDraw } from '../../dist/util/rng.js';

const { sin, cos, exp, log2, log10, PI } = Math;
const vec = (p, d) => Array.from({ length: d }, (_, i) => p[`x${i + 1}`]);
/** A YAML space of d floats x1..xd, uniform on [lo, hi]. */
export const box = (d, lo, hi) => `params:\n${Array.from({ length: d }, (_, i) => `  x${i + 1}: uniform(${lo}, ${hi})`).join('\n')}\n`;

// (a) A broad, gently sloping bowl bottoming out at 0 (x = 2), and far from it a narrow well (width
// ~1.6 % of the range) that holds the global minimum: a search that follows the slope never finds it.
const well = (x) => 0.02 * (x - 2) ** 2 - 1.5 * exp(-(((x - 8.5) / 0.08) ** 2));

// (b) One float and one choice: every option is a multimodal ripple around its own centre, and the
// options' floors differ, so both the choice and the right ripple must be found.
const CENTRE = { a: -2, b: 3.1, c: 0.5, d: -3.7 };
const FLOOR = { a: 0.3, b: 0, c: 0.5, d: 0.15 };
const ripple = ({ x, kind }) => FLOOR[kind] + (x - CENTRE[kind]) ** 2 / 10 - cos((2 * PI * (x - CENTRE[kind])) / 1.5) + 1;

// (c) Levy, 5-D: many regular local minima, global minimum 0 at (1, ..., 1) (off the box's centre).
const levy = (d) => (p) => {
  const w = vec(p, d).map((x) => 1 + (x - 1) / 4);
  let s = sin(PI * w[0]) ** 2 + (w[d - 1] - 1) ** 2 * (1 + sin(2 * PI * w[d - 1]) ** 2);
  for (let i = 0; i < d - 1; i++) s += (w[i] - 1) ** 2 * (1 + 10 * sin(PI * w[i] + 1) ** 2);
  return s;
};

// (d) Six ordered integers (layers, epochs, ... as people write them with randint): a smooth bowl
// with one coupling, minimum 0 at an interior lattice point.
const TARGET = [3, 17, 8, 12, 5, 19];
const WEIGHT = [1, 0.5, 2, 0.25, 1.5, 0.75];
const ints6 = (p) => {
  const d = TARGET.map((t, i) => p[`n${i + 1}`] - t);
  return d.reduce((s, v, i) => s + WEIGHT[i] * v * v, 0) / 10 + 0.05 * (d[0] - d[2]) ** 2;
};

// (e) A quadratic bowl with a coupling, observed through additive Gaussian noise (sd 0.1): the
// noise is drawn from (seed, trial) alone, so a run is reproducible and every method sees the same draws.
const NOISE_SD = 0.1;
const bowl = ({ x1, x2, x3 }) => (x1 - 0.5) ** 2 + (x2 + 0.7) ** 2 + (x3 - 0.2) ** 2 + 0.3 * (x1 - 0.5) * (x2 + 0.7);
const noisy = (f) => (params, seed, trial) => f(params) + NOISE_SD * normalDraw(createRng(`bench-noise/${seed}/${trial}`));

// (g) Styblinski-Tang, 4-D on [-5, 5]: minimum at x_i = -2.903534 (a corner basin; the centre is a saddle).
const styblinski = (d) => (p) => vec(p, d).reduce((s, x) => s + 0.5 * (x ** 4 - 16 * x * x + 5 * x), 0);

// (h) A boosted-trees-like job: log learning rate, integer depth and min-child (log-scaled integer),
// a subsample fraction and a booster choice. The best lr moves with depth; `linear` ignores depth.
const BOOSTER = { gbtree: 0, dart: 0.05, linear: 0.4 };
const boosted = (p) => {
  const depth = p.booster === 'linear' ? 6 : p.depth;
  return 0.4 * (log10(p.lr) + 1.3 + 0.1 * (depth - 6)) ** 2 + 0.03 * (depth - 6) ** 2 + 0.1 * (log2(p.min_child) - 3) ** 2
    + 1.5 * (p.subsample - 0.8) ** 2 + BOOSTER[p.booster];
};

/** A problem as a user writes its space (YAML), with its known minimum. */
export const problem = (name, yaml, f, minimum, extra = {}) => ({ name, space: parseSpace(yaml), f, minimum, ...extra });

/** The held-out problems (the existing own problems of problems.mjs stay as they are). */
export const heldOutProblems = [
  // minimum found by a 1e7-point scan refined by golden section (x = 8.499445)
  problem('narrow_well', 'params:\n  x: uniform(0, 10)\n', ({ x }) => well(x), -0.6550721022467606),
  problem('ripple_choice', 'params:\n  x: uniform(-5, 5)\n  kind: choice(a, b, c, d)\n', ripple, 0),
  problem('levy5', box(5, -10, 10), levy(5), 0),
  problem('randint6', `params:\n${[1, 2, 3, 4, 5, 6].map((i) => `  n${i}: randint(0, 21)`).join('\n')}\n`, ints6, 0),
  problem('noisy_bowl3', box(3, -2, 2), bowl, 0, { observe: noisy(bowl) }),
  problem('styblinski4', box(4, -5, 5), styblinski(4), 4 * -39.1661657037714),
  problem(
    'boosted_mixed',
    [
      'params:',
      '  lr: loguniform(1e-4, 1)',
      '  depth: randint(1, 16)',
      '  min_child: qloguniform(1, 256, 1)',
      '  subsample: uniform(0.3, 1)',
      '  booster: choice(gbtree, dart, linear)',
      '',
    ].join('\n'),
    boosted,
    0,
  ),
];
