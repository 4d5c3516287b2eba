// The TPE robustness set (issue 10, item 3): the reference problems, suite 2, our own spaces, and
// problems chosen to catch a greedy search (narrow wells, multimodal, integers, noise, conditional).
// A problem: { name, space, f(params) -> observed value, minimum, truth?(params) -> noise-free value }.
import { parseSpace } from '../../dist/space/index.js';
import { suite2 } from '../../../shared/bench/suite2.mjs';
import { conditionalJob } from './conditional-problems.mjs';
import { ownProblems, referenceProblems } from './problems.mjs';
import { choice, makeSpace, numeric, uniformSpace } from './spaces.mjs';
import { probeProblems } from './heldout-probe.mjs';

const { cos, exp, sin, sqrt, PI } = Math;
const vector = (p, n) => Array.from({ length: n }, (_, i) => p[`x${i + 1}`]);
const box = (n, low, high) => uniformSpace(Array.from({ length: n }, (_, i) => [`x${i + 1}`, low, high]));

/** The minimum of a 1-D function on [low, high] by a fine grid and a golden-section polish. */
function minimum1d(f, low, high) {
  let best = low;
  for (let i = 0; i <= 200000; i++) {
    const x = low + ((high - low) * i) / 200000;
    if (f(x) < f(best)) best = x;
  }
  let a = Math.max(low, best - (high - low) / 200000);
  let b = Math.min(high, best + (high - low) / 200000);
  for (let i = 0; i < 100; i++) {
    const m1 = a + (b - a) * 0.382;
    const m2 = a + (b - a) * 0.618;
    if (f(m1) < f(m2)) b = m2;
    else a = m1;
  }
  return Math.min(f(best), f((a + b) / 2));
}

// A broad plateau sloping gently towards x = 0.75, and the global minimum: a well 0.03 wide at x = 0.12.
const well = (x) => 0.2 * (x - 0.75) ** 2 - exp(-0.5 * ((x - 0.12) / 0.015) ** 2);

// One float and one choice: each option has its own sinusoidal landscape; option 'b' holds the optimum.
const OFFSET = { a: 0.25, b: 0, c: 0.5, d: 0.15 };
const CENTRE = { a: -2, b: 2.6, c: 0.5, d: -3.5 };
const floatChoice = ({ x, c }) => OFFSET[c] + 0.04 * (x - CENTRE[c]) ** 2 + 0.4 * (1 - cos(2 * PI * (x - CENTRE[c])));

const rastrigin = (n) => (p) => vector(p, n).reduce((s, v) => s + v * v - 10 * cos(2 * PI * v) + 10, 0);
const levy = (n) => (p) => {
  const w = vector(p, n).map((v) => 1 + (v - 1) / 4);
  let s = sin(PI * w[0]) ** 2;
  for (let i = 0; i < n - 1; i++) s += (w[i] - 1) ** 2 * (1 + 10 * sin(PI * w[i] + 1) ** 2);
  return s + (w[n - 1] - 1) ** 2 * (1 + sin(2 * PI * w[n - 1]) ** 2);
};
const styblinski = (n) => (p) => 0.5 * vector(p, n).reduce((s, v) => s + v ** 4 - 16 * v * v + 5 * v, 0);

// Six ordered integers 0..20 (randint(0, 21)), a smooth bowl with one interaction; optimum at TARGET.
const TARGET = [3, 17, 8, 12, 0, 20];
const int6 = (p) => {
  const d = TARGET.map((t, i) => (p[`n${i + 1}`] - t) / 5);
  return d.reduce((s, v) => s + v * v, 0) + 0.5 * d[0] * d[1] + 0.5 * d[2] * d[3];
};

// A deterministic N(0, sd) draw per (value of the point): the same point always reads the same noise,
// so a re-run reproduces exactly, and the optimizer cannot average it away by repeating a point.
function noise(p, sd) {
  let h = 2166136261;
  for (const ch of JSON.stringify(p)) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  const u1 = ((h >>> 0) + 0.5) / 4294967296;
  const u2 = ((Math.imul(h, 2654435761) >>> 0) + 0.5) / 4294967296;
  return sd * sqrt(-2 * Math.log(u1)) * cos(2 * PI * u2);
}
const quadratic3 = (p) => (p.x1 - 0.3) ** 2 + (p.x2 + 1.1) ** 2 + 0.5 * (p.x3 - 2) ** 2;

/** Problems of this session: each one made to catch a TPE that is greedy, or blind to order. */
export const newProblems = [
  { name: 'narrow_well', space: uniformSpace([['x', 0, 1]]), f: ({ x }) => well(x), minimum: minimum1d(well, 0, 1), solvedBelow: 0.5 },
  {
    name: 'float_choice',
    space: makeSpace([numeric('x', 'uniform', { low: -5, high: 5 }), choice('c', ['a', 'b', 'c', 'd'])]),
    f: floatChoice,
    minimum: 0,
  },
  { name: 'rastrigin5', space: box(5, -5.12, 5.12), f: rastrigin(5), minimum: 0 },
  { name: 'levy5', space: box(5, -10, 10), f: levy(5), minimum: 0 },
  { name: 'styblinski4', space: box(4, -5, 5), f: styblinski(4), minimum: 4 * -39.16616570377142 },
  { name: 'int6', space: makeSpace(TARGET.map((_, i) => numeric(`n${i + 1}`, 'randint', { low: 0, high: 20 }))), f: int6, minimum: 0 },
  { name: 'noisy_quad3', space: box(3, -5, 5), f: (p) => quadratic3(p) + noise(p, 0.5), truth: quadratic3, minimum: 0 },
  // a tuning-job-like conditional space (its optimizer's parameters exist only in its branch)
  conditionalJob,
];

/** suite2's seven problems, their YAML compiled by the project's own parser. */
export const suite2Problems = Object.entries(suite2).map(([name, p]) => ({ name, space: parseSpace(p.space), f: p.f, minimum: p.min }));

// session 15's held-out shapes (terraces, an edge optimum, a crash region, a 16-way choice, a ridge) join
// the set, so that the next screen of a TPE setting sees them too
export const robustProblems = [...referenceProblems, ...suite2Problems, ...ownProblems, ...newProblems, ...probeProblems];
