// Problems whose parameters are normal families (normal, qnormal, lognormal): the GP's span for them
// (docs/gp.md, "Normal families"). The optimum near the prior's mean or off it by up to 2.6 sd; `z`
// gives each normal parameter in sds of its prior, to count asks far out.
import { parseSpace } from '../../dist/space/index.js';

const { cos, exp, log, log10, log1p, sqrt, E, PI } = Math;

/** The minimum of a 2-D function on a square: a grid, then finer grids around the best point. */
function gridMinimum2d(f, low, high, n = 600) {
  let best = { value: Infinity, x: 0, y: 0 };
  let [x0, y0, width] = [low, low, high - low];
  for (let round = 0; round < 6; round++) {
    for (let i = 0; i <= n; i++) {
      for (let j = 0; j <= n; j++) {
        const p = { x: x0 + (width * i) / n, y: y0 + (width * j) / n };
        const value = f(p);
        if (value < best.value) best = { value, ...p };
      }
    }
    width = (4 * width) / n;
    [x0, y0] = [best.x - width / 2, best.y - width / 2];
  }
  return best.value;
}

const multi = (p) => 1 - cos(3 * p.x) * cos(3 * p.y) * exp(-0.1 * (p.x ** 2 + p.y ** 2)) + 0.05 * ((p.x - 1) ** 2 + p.y ** 2);
const ackley = (p) => {
  const [x, y] = [2 * (p.x - 0.5), 2 * (p.y + 0.5)];
  return -20 * exp(-0.2 * sqrt((x * x + y * y) / 2)) - exp((cos(2 * PI * x) + cos(2 * PI * y)) / 2) + 20 + E;
};

const raw = [
  { name: 'n_x0.3', space: 'params:\n  x: normal(0, 1)\n', f: (p) => (p.x - 0.3) ** 2, minimum: 0, z: (p) => [p.x] },
  { name: 'n_momentum', space: 'params:\n  m: normal(0.9, 0.05)\n  lr: loguniform(1e-4, 1)\n', f: (p) => (p.m >= 1 ? 100 : (p.m - 0.93) ** 2 * 10 + (log10(p.lr) + 2) ** 2 * 0.1), minimum: 0, z: (p) => [(p.m - 0.9) / 0.05] },
  { name: 'n_x2.6', space: 'params:\n  x: normal(0, 1)\n', f: (p) => (p.x - 2.6) ** 2, minimum: 0, z: (p) => [p.x] },
  { name: 'n_3d_mixed', space: 'params:\n  x: normal(0, 1)\n  y: qnormal(0, 2, 0.1)\n  s: lognormal(0, 1)\n', f: (p) => (p.x - 0.5) ** 2 + ((p.y + 1.5) / 2) ** 2 + (log(p.s) - 0.7) ** 2, minimum: 0, z: (p) => [p.x, p.y / 2, log(p.s)] },
  { name: 'n_rosen', space: 'params:\n  a: normal(1, 1)\n  b: normal(1, 1)\n', f: (p) => log1p(100 * (p.b - p.a ** 2) ** 2 + (1 - p.a) ** 2), minimum: 0, z: (p) => [p.a - 1, p.b - 1] },
  { name: 'n_multi', space: 'params:\n  x: normal(0, 1)\n  y: normal(0, 1)\n', f: multi, minimum: gridMinimum2d(multi, -1, 2), z: (p) => [p.x, p.y] },
  { name: 'n_tail3d', space: 'params:\n  m: normal(0.9, 0.05)\n  x: normal(0, 1)\n  s: lognormal(0, 1)\n', f: (p) => (p.m - 0.93) ** 2 * 400 + (p.x - 2.6) ** 2 + (log(p.s) - 0.5) ** 2, minimum: 0, z: (p) => [(p.m - 0.9) / 0.05, p.x, log(p.s)] },
  { name: 'n_sph4_mid', space: 'params:\n  a: normal(0, 1)\n  b: normal(0, 1)\n  c: normal(0, 1)\n  d: normal(0, 1)\n', f: (p) => (p.a - 0.2) ** 2 + (p.b + 0.3) ** 2 + (p.c - 0.1) ** 2 + (p.d + 0.2) ** 2, minimum: 0, z: (p) => [p.a, p.b, p.c, p.d] },
  { name: 'n_sph4_off', space: 'params:\n  a: normal(0, 1)\n  b: normal(0, 1)\n  c: normal(0, 1)\n  d: normal(0, 1)\n', f: (p) => (p.a - 1.5) ** 2 + (p.b + 1.2) ** 2 + (p.c - 1.8) ** 2 + (p.d + 0.9) ** 2, minimum: 0, z: (p) => [p.a, p.b, p.c, p.d] },
  { name: 'n_ackley', space: 'params:\n  x: normal(0, 1)\n  y: normal(0, 1)\n', f: ackley, minimum: 0, z: (p) => [p.x, p.y] },
  { name: 'n_mix_lr', space: 'params:\n  lr: loguniform(1e-5, 1)\n  wd: lognormal(-9, 2)\n  drop: uniform(0, 0.8)\n  mom: normal(0.9, 0.03)\n', f: (p) => (log10(p.lr) + 2.5) ** 2 / 4 + (log(p.wd) + 8) ** 2 / 8 + (p.drop - 0.3) ** 2 + (p.mom - 0.88) ** 2 * 300, minimum: 0, z: (p) => [(log(p.wd) + 9) / 2, (p.mom - 0.9) / 0.03] },
];

/** { name, space, f, minimum, z }: the optimizer section's problem shape, and `z` for the span section. */
export const normalProblems = raw.map((p) => ({ ...p, space: parseSpace(p.space, { file: `normal-problems.mjs: ${p.name}` }) }));
