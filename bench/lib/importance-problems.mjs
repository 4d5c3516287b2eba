// Problems whose parameter importance is known by construction, for the `importance` screen (which
// fit the picture of a study should be ranked on: docs/importance.md, "Choosing the output warp").
// Each names the parameters that matter (`relevant`) and those that do nothing (`inert`); the true
// shares are PED-ANOVA of the noise-free function itself over draws from the space (the screen
// computes them), which is what the study's ranking estimates. Written before any run.
//
// `observe(params, seed, trial)`: what a run reports when it differs from `f` (noise, a blow-up).
import { parseSpace } from '../../dist/space/index.js';
import { createRng, normalDraw } from '../../dist/util/rng.js';

const { log10, log2, sqrt, exp, cos, PI } = Math;

const spaceOf = (lines) => parseSpace(`metric: loss\nparams:\n${lines.map((l) => `  ${l}`).join('\n')}\n`, { file: null });
const inert = (labels) => labels.map((l) => `${l}: uniform(0, 1)`);

function studentT(rng, nu) {
  let chi2 = 0;
  for (let i = 0; i < nu; i++) chi2 += normalDraw(rng) ** 2;
  return normalDraw(rng) / sqrt(chi2 / nu);
}

/** One run in `rate` blows up by a factor of 100-10,000 (log-uniform), whatever its parameters. */
const blowUps = (name, f, rate) => (params, seed, trial) => {
  const rng = createRng(`imp-blow/${name}/${seed}/${trial}`);
  const blown = rng.next() < rate;
  const factor = 10 ** (2 + 2 * rng.next());
  return blown ? f(params) * factor : f(params);
};

const gaussianNoise = (name, f, sd) => (params, seed, trial) => f(params) + sd * normalDraw(createRng(`imp-noise/${name}/${seed}/${trial}`));
const heavyNoise = (name, f, scale) => (params, seed, trial) => f(params) + scale * studentT(createRng(`imp-heavy/${name}/${seed}/${trial}`), 2);

function problem(name, family, lines, f, relevant, extra = {}) {
  const space = spaceOf(lines);
  const labels = space.nodes.filter((n) => n.kind !== 'constant').map((n) => n.label);
  return { name, family, space, f, relevant, inert: labels.filter((l) => !relevant.includes(l)), ...extra };
}

// additive terms with set weights
const add3 = (p) => 4 * (p.a - 0.3) ** 2 + (p.b - 0.7) ** 2 + 0.25 * (p.c - 0.5) ** 2;
const sparse10 = (p) => 5 * (p.a - 0.6) ** 2 + 2 * (p.b - 0.2) ** 2 + (p.c - 0.8) ** 2;
// the session-48 audit's crowded case: a converged auto study ranked b (a tenth of a) first
const crowd = (p) => 10 * (p.a - 0.3) ** 2 + (p.b - 0.6) ** 2 + 1;
// the session-48 audit's blow-up: c > 0.9 explodes (c matters a little: the best tenth avoids it)
const cliff = (p) => 10 * (p.a - 0.3) ** 2 + (p.c > 0.9 ? 1e12 : 0);
// a learning rate on a log scale, an integer batch, a small weight decay
const job = (p) => 0.5 * (log10(p.lr) + 2.5) ** 2 + 0.05 * (log2(p.batch) - 6) ** 2 + 10 * (p.wd - 0.01) ** 2;
// an interaction: a valley along a + b = 1 (neither alone decides), c a little
const valley = (p) => 4 * (p.a + p.b - 1) ** 2 + 0.5 * (p.a - p.b) ** 2 * 0.1 + 0.5 * (p.c - 0.2) ** 2;
// a product: b matters only where a is large
const product = (p) => (p.a - 0.8) ** 2 + 3 * p.a * (p.b - 0.4) ** 2;
// choices: an optimizer that matters, a learning rate, a choice that does nothing
const OPT = { adam: 0, rmsprop: 0.3, sgd: 1 };
const choices = (p) => OPT[p.optimizer] + 0.3 * (log10(p.lr) + 3) ** 2;
// integers: layers and units matter, dropout a little
const ints = (p) => 0.2 * Math.abs(p.layers - 5) + 0.15 * (log2(p.units) - 8) ** 2 + 0.5 * (p.dropout - 0.2) ** 2;
// a conditional branch: mlp's width matters, linear's alpha does nothing, lr matters everywhere
const branch = (p) => (p.model === 'mlp' ? 0.1 + 2 * (p.width - 0.7) ** 2 : 0.5) + 0.5 * (p.lr - 0.4) ** 2;
// two basins in a (the better at 0.2), b a quadratic
const basins = (p) => 30 * (p.a - 0.2) ** 2 * (p.a - 0.8) ** 2 + 0.2 * (p.a - 0.2) ** 2 + 0.5 * (p.b - 0.5) ** 2;
// a threshold: a above 0.6 is all that matters much
const step = (p) => (p.a > 0.6 ? 0 : 1) + 0.3 * (p.b - 0.4) ** 2;
// a heavy-tailed surface: an exponential of a bowl (same ranking as the bowl, losses over decades)
const heavy = (p) => exp(6 * ((p.a - 0.3) ** 2 + 0.3 * (p.b - 0.6) ** 2 + 0.1 * (p.c - 0.5) ** 2));
// ripples: cos in a on top of a bowl
const ripple = (p) => 2 * (p.a - 0.5) ** 2 + 0.3 * (1 - cos(6 * PI * (p.a - 0.5))) + 0.5 * (p.b - 0.3) ** 2;

export const importanceProblems = [
  problem('add3_in5', 'additive', ['a: uniform(0, 1)', 'b: uniform(0, 1)', 'c: uniform(0, 1)', ...inert(['d', 'e'])], add3, ['a', 'b', 'c']),
  problem('sparse3_in10', 'additive', ['a: uniform(0, 1)', 'b: uniform(0, 1)', 'c: uniform(0, 1)', ...inert(['d', 'e', 'f', 'g', 'h', 'i', 'j'])], sparse10, ['a', 'b', 'c']),
  problem('job_log_int', 'log-int-choice', ['lr: loguniform(1e-5, 1)', 'batch: qloguniform(16, 512, 16)', 'wd: uniform(0, 0.1)', ...inert(['d', 'e'])], job, ['lr', 'batch', 'wd']),
  problem('choices', 'log-int-choice', ['optimizer: choice(adam, rmsprop, sgd)', 'lr: loguniform(1e-5, 1)', 'init: choice(x1, x2, x3)', ...inert(['d'])], choices, ['optimizer', 'lr']),
  problem('ints', 'log-int-choice', ['layers: randint(1, 8)', 'units: qloguniform(16, 1024, 16)', 'dropout: uniform(0, 0.5)', 'k: randint(1, 10)', ...inert(['e'])], ints, ['layers', 'units', 'dropout']),
  problem('valley', 'interaction', ['a: uniform(0, 1)', 'b: uniform(0, 1)', 'c: uniform(0, 1)', ...inert(['d', 'e'])], valley, ['a', 'b', 'c']),
  problem('product', 'interaction', ['a: uniform(0, 1)', 'b: uniform(0, 1)', ...inert(['c', 'd'])], product, ['a', 'b']),
  problem('branch', 'conditional', ['model:', '  choice:', '    - mlp:', '        width: uniform(0, 1)', '    - linear:', '        alpha: uniform(0, 1)', 'lr: uniform(0, 1)', ...inert(['d'])], branch, ['model', 'width', 'lr']),
  problem('basins', 'shape', ['a: uniform(0, 1)', 'b: uniform(0, 1)', ...inert(['c', 'd'])], basins, ['a', 'b']),
  problem('step', 'shape', ['a: uniform(0, 1)', 'b: uniform(0, 1)', ...inert(['c', 'd'])], step, ['a', 'b']),
  problem('heavy_exp', 'shape', ['a: uniform(0, 1)', 'b: uniform(0, 1)', 'c: uniform(0, 1)', ...inert(['d', 'e'])], heavy, ['a', 'b', 'c']),
  problem('ripple', 'shape', ['a: uniform(0, 1)', 'b: uniform(0, 1)', ...inert(['c', 'd', 'e'])], ripple, ['a', 'b']),
  problem('crowd_audit', 'crowded', ['a: uniform(0, 1)', 'b: uniform(0, 1)', ...inert(['c', 'd', 'e', 'f', 'g', 'h'])], crowd, ['a', 'b']),
  problem('cliff_audit', 'blow-up', ['a: uniform(0, 1)', 'b: uniform(0, 1)', 'c: uniform(0, 1)'], cliff, ['a', 'c']),
  problem('blowup_add', 'blow-up', ['a: uniform(0, 1)', 'b: uniform(0, 1)', 'c: uniform(0, 1)', ...inert(['d', 'e'])], add3, ['a', 'b', 'c'], { observe: blowUps('blowup_add', add3, 0.08) }),
  problem('blowup_crowd', 'blow-up', ['a: uniform(0, 1)', 'b: uniform(0, 1)', ...inert(['c', 'd', 'e', 'f'])], crowd, ['a', 'b'], { observe: blowUps('blowup_crowd', crowd, 0.05) }),
  problem('noisy_add', 'noisy', ['a: uniform(0, 1)', 'b: uniform(0, 1)', 'c: uniform(0, 1)', ...inert(['d', 'e'])], add3, ['a', 'b', 'c'], { observe: gaussianNoise('noisy_add', add3, 0.1) }),
  problem('heavy_noise_job', 'noisy', ['lr: loguniform(1e-5, 1)', 'batch: qloguniform(16, 512, 16)', 'wd: uniform(0, 0.1)', ...inert(['d', 'e'])], job, ['lr', 'batch', 'wd'], { observe: heavyNoise('heavy_noise_job', job, 0.2) }),
  problem('noisy_crowd', 'noisy', ['a: uniform(0, 1)', 'b: uniform(0, 1)', ...inert(['c', 'd', 'e', 'f'])], crowd, ['a', 'b'], { observe: gaussianNoise('noisy_crowd', crowd, 0.05) }),
];
