// Learning-curve problems for the `prune` section. `visible` is ../shared/bench/curves.mjs as it is
// (the one with Optuna anchors); the others are curve families of our own, so that the pruners'
// defaults are not tuned to one shape: harsher crossings, noisier epochs, longer runs.
// Each family: { name, epochs, space (YAML), curve(params) (noise-free losses), noisy(params, seed), minFinal }.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { sharedBenchDir } from './anchors.mjs';
import { logregCurveFamily, mlpCurveFamily } from './real-training.mjs';

const shared = await import(pathToFileURL(join(sharedBenchDir(), 'curves.mjs')).href);

/**
 * Our own family: a power law towards a floor, with speed and floor tied to the effective step
 * s = lr / (1 - momentum) so that fast learners flatten early at a worse floor (curves cross), and
 * steps past `diverge` blow up to NaN partway. `cross` scales how much faster the fast ones start.
 * `overfit`: the loss rises by this much per run length once the model overfits (a validation curve
 * that turns up; the runs that look best early are often the ones that turn soonest); `onsetScale`
 * delays that turn.
 */
function family({ name, epochs, cross, floorWeight, noise, diverge = 0.3, overfit = 0, onsetScale = 1 }) {
  const curve = (p) => {
    const s = p.lr / (1 - p.momentum);
    const logGap = Math.log10(s) + 2; // 0 at the best step 0.01
    const width = Math.log2(p.width);
    const floor = 0.05 + floorWeight * logGap ** 2 + 0.25 * (p.dropout - 0.25) ** 2 + 0.015 * (width - 7) ** 2;
    const rate = (cross * 30 * s ** 0.9 * (1 - 0.4 * p.dropout)) / Math.sqrt(epochs / 27);
    const out = [];
    for (let t = 1; t <= epochs; t++) {
      let v = floor + (2.3 - floor) / (1 + rate * t) ** 1.5;
      // validation loss that turns up once the model overfits: sooner with less dropout and more width
      const onset = onsetScale * epochs * (0.15 + 1.2 * p.dropout) * (7 / width);
      if (overfit > 0 && t > onset) v += (overfit * (t - onset)) / epochs;
      out.push(s > diverge ? blownUp(v, t, s, diverge, epochs * 0.5) : v);
    }
    return out;
  };
  return { name, epochs, space: shared.space, curve, noisy: withNoise(curve, name, noise), minFinal: minimumOf(curve, epochs) };
}

/**
 * A run whose effective step s is past `diverge` blows up: from an onset that comes sooner the larger
 * s is (at most `latest` epochs in), the loss grows by half each epoch, and past 50 it is NaN.
 */
function blownUp(v, t, s, diverge, latest) {
  const onset = Math.max(1, Math.round(latest * (1 - (s - diverge) / (1 - diverge))));
  const grown = t > onset ? v * 1.5 ** (t - onset) : v;
  return grown > 50 ? NaN : grown;
}

/** FNV-1a of a configuration, a seed and a tag: the start of every per-run random stream here. */
function configHash(p, seed, tag) {
  let h = 2166136261 >>> 0;
  for (const ch of JSON.stringify([p.lr, p.momentum, p.dropout, p.width, seed, tag])) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
}

/** A stream of uniform draws in [0, 1) from a 32-bit start (mulberry32). */
function uniformStream(start) {
  let h = start;
  return () => {
    h = (h + 0x6d2b79f5) >>> 0;
    let t = h;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The curve with multiplicative Gaussian noise, seeded by the configuration, the seed and the family. */
function withNoise(curve, name, noise) {
  return (p, seed) => {
    const rand = uniformStream(configHash(p, seed, name));
    return curve(p).map((v) => v * (1 + noise * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())));
  };
}

/**
 * The curve times exp(scale * t), t drawn from Student's t with 2 degrees of freedom per epoch: most
 * epochs within a few per cent, one in a hundred off by a third or more either way (an RL return, a
 * small validation set). Seeded as withNoise is.
 */
function withHeavyNoise(curve, name, scale) {
  return (p, seed) => {
    const rand = uniformStream(configHash(p, seed, name));
    // t(2) by inversion: (2u - 1) / sqrt(2 u (1 - u))
    const t2 = () => {
      const u = Math.min(1 - 1e-12, Math.max(1e-12, rand()));
      return (2 * u - 1) / Math.sqrt(2 * u * (1 - u));
    };
    return curve(p).map((v) => v * Math.exp(scale * t2()));
  };
}

/**
 * A learning-rate schedule, `schedule(t, epochs)` being the share of the first step in use at epoch t
 * (lr_schedule: divided by 10 after epochs 9 and 18, as ResNet recipes do at a third and two thirds of
 * the run). While a step is in use the loss sits above its floor by a noise ball proportional to it,
 * and a larger first step reaches a better floor once the schedule lowers it. In lr_schedule the run
 * that ends best (effective step s = 0.05: 0.31 at epoch 9, 0.060 at the end) stands behind s = 0.02
 * (0.23, ending at 0.125) until epoch 10, and s = 0.1 stands among the worst (0.58) and ends at 0.085.
 * Dropout, width and divergence act as in `family`.
 */
function scheduleFamily({ name, epochs, schedule, ball, speed, noise }) {
  const curve = (p) => {
    const s = p.lr / (1 - p.momentum);
    const width = Math.log2(p.width);
    const floor = 0.05 + 0.3 * (Math.log10(s) - Math.log10(0.05)) ** 2 + 0.25 * (p.dropout - 0.25) ** 2 + 0.015 * (width - 7) ** 2;
    const out = [];
    let travelled = 0;
    for (let t = 1; t <= epochs; t++) {
      const step = s * schedule(t, epochs);
      travelled += step * (1 - 0.4 * p.dropout);
      const v = floor + (2.3 - floor) / (1 + speed * travelled) ** 1.5 + ball * step;
      out.push(s > 0.3 ? blownUp(v, t, s, 0.3, epochs * 0.3) : v);
    }
    return out;
  };
  return { name, epochs, space: shared.space, curve, noisy: withNoise(curve, name, noise), minFinal: minimumOf(curve, epochs) };
}

/**
 * Session 28's held-out shapes (never screened on). `slowStart`: nothing is learnt for a delay that is
 * longest for the runs that end best (more dropout, a smaller step: as a warm-up, or a model that
 * "groks" late), then the family's power law from that epoch. `chance`: outside a window of the step
 * (1e-3 to 0.1) a run never learns and sits at chance level. `spikes`: one epoch in ten, drawn per
 * configuration and seed, reports 30 % above the curve (a bad validation batch).
 */
function heldOutFamily({ name, epochs, cross = 1, floorWeight = 0.3, noise = 0.01, slowStart = false, chance = false, spikes = false, heavy = 0 }) {
  const base = family({ name, epochs, cross, floorWeight, noise: 0 }).curve;
  const curve = (p) => {
    const s = p.lr / (1 - p.momentum);
    if (chance && (s < 1e-3 || s > 0.1)) return Array.from({ length: epochs }, () => 2.3);
    if (!slowStart) return base(p);
    const delay = Math.min(epochs * 0.6, (epochs / 3) * (0.4 + p.dropout) * (0.01 / s) ** 0.3);
    const shifted = base({ ...p, dropout: p.dropout * 0.5 + 0.1 });
    return Array.from({ length: epochs }, (_, i) => (i + 1 <= delay ? 2.3 - 0.01 * (i + 1) : Math.min(2.3 - 0.01 * (i + 1), shifted[Math.max(0, Math.floor(i - delay))])));
  };
  const noisy = heavy > 0 ? withHeavyNoise(curve, name, heavy) : withNoise(curve, name, noise);
  const spiky = (p, seed) => {
    const values = noisy(p, seed);
    if (!spikes) return values;
    let h = configHash(p, seed, 'spikes');
    return values.map((v) => {
      h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> 0;
      return (h % 1000) / 1000 < 0.1 ? v * 1.3 : v;
    });
  };
  // the optimum is searched on first use, not at import: every section's import would pay for it
  let minFinal;
  return {
    name, epochs, space: shared.space, curve, noisy: spiky,
    get minFinal() {
      minFinal ??= minimumOf(curve, epochs);
      return minFinal;
    },
  };
}

/**
 * The noise-free optimum of the final loss (deterministic). The curves depend on lr and momentum only
 * through the effective step s = lr / (1 - momentum), so the search runs over (log s, dropout, width),
 * where no ridge couples two coordinates: a grid, then a shrinking coordinate search from each of its 30
 * best points (dropout and width both delay overfitting, and one start can stall on that trade-off).
 */
function minimumOf(curve, epochs, pick = (losses) => losses[epochs - 1]) {
  // s over [2e-4, 2] covers lr in [1e-4, 1] at momentum 0.5; width is a whole number, as qloguniform(16, 512, 1) gives
  const [lo, hi] = [Math.log(2e-4), Math.log(2)];
  const loss = ([logStep, dropout, width]) => pick(curve({ lr: Math.exp(logStep) * 0.5, momentum: 0.5, dropout, width }));
  const grid = [];
  for (let i = 0; i <= 60; i++)
    for (let k = 0; k <= 14; k++)
      for (let w = 0; w <= 20; w++) {
        const point = [lo + ((hi - lo) * i) / 60, (0.7 * k) / 14, Math.round(16 * 32 ** (w / 20))];
        grid.push({ value: loss(point), point });
      }
  grid.sort((a, b) => a.value - b.value);
  let best = Infinity;
  for (const start of grid.slice(0, 30)) {
    let { value, point } = start;
    for (let round = 0; round < 600; round++) {
      const scale = 0.5 ** (round / 40);
      for (let dim = 0; dim < 3; dim++) {
        for (const dir of [-1, 1]) {
          const next = [...point];
          if (dim === 0) next[0] = Math.min(hi, Math.max(lo, next[0] + dir * 0.3 * scale));
          if (dim === 1) next[1] = Math.min(0.7, Math.max(0, next[1] + dir * 0.1 * scale));
          if (dim === 2) next[2] = Math.min(512, Math.max(16, Math.round(next[2] * 2 ** (dir * scale))));
          const v = loss(next);
          if (v < value) [value, point] = [v, next];
        }
      }
    }
    best = Math.min(best, value);
  }
  return best;
}

/** The lowest loss of any epoch of a run (NaN epochs skipped): a trial's result under `objective: min`. */
export function bestEpoch(losses) {
  let best = Infinity;
  for (const v of losses) if (v < best) best = v;
  return best;
}

const bestOptima = new Map();

/**
 * The optimum of the best epoch over the family's space, for `objective: min` (a program that keeps its
 * best checkpoint); found as `minFinal` is, on first use (a few seconds).
 */
export function minBestOf(family) {
  if (family.minBest === null) throw new Error(`${family.name} has no known optimum of the best epoch: --objective min is not available for it`);
  if (!bestOptima.has(family.name)) bestOptima.set(family.name, minimumOf(family.curve, family.epochs, bestEpoch));
  return bestOptima.get(family.name);
}

export const curveFamilies = [
  { name: 'curves_visible', epochs: shared.EPOCHS, space: shared.space, curve: shared.curve, noisy: shared.noisyCurve, minFinal: shared.MIN_FINAL },
  family({ name: 'harsh_cross', epochs: 27, cross: 3, floorWeight: 0.5, noise: 0.01 }),
  family({ name: 'noisy_epochs', epochs: 27, cross: 1, floorWeight: 0.3, noise: 0.05 }),
  family({ name: 'long_runs', epochs: 81, cross: 1, floorWeight: 0.3, noise: 0.01 }),
  // added in session 12 after the pruners' defaults were chosen, to check them on a shape they never saw
  family({ name: 'overfitting', epochs: 27, cross: 1, floorWeight: 0.3, noise: 0.01, overfit: 0.3 }),
  // added in session 14 after the turn guard was chosen on the five above: a later, gentler turn (many
  // runs turn in their last third, by a third as much) with 3 % noise, where a turn is harder to see
  family({ name: 'late_overfit', epochs: 27, cross: 1, floorWeight: 0.3, noise: 0.03, overfit: 0.1, onsetScale: 1.6 }),
  // added in session 16, after every pruner default was chosen: a step learning-rate schedule
  scheduleFamily({ name: 'lr_schedule', epochs: 27, schedule: (t) => 10 ** -[9, 18].filter((d) => t > d).length, ball: 5, speed: 100, noise: 0.02 }),
  // added after hyperband's rank gate was chosen on lr_schedule, to check it on a schedule it never saw:
  // cosine annealing over the run (SGDR without restarts), the step falling smoothly to zero
  scheduleFamily({ name: 'lr_cosine', epochs: 27, schedule: (t, epochs) => 0.5 * (1 + Math.cos((Math.PI * (t - 1)) / epochs)), ball: 5, speed: 100, noise: 0.02 }),
  // added in session 28, after every pruner default was chosen, and never screened on: a late start that
  // is latest for the best runs, most of the space at chance level, validation spikes, and harsh
  // crossings with 3 % noise
  heldOutFamily({ name: 'slow_start', epochs: 27, slowStart: true }),
  heldOutFamily({ name: 'chance_level', epochs: 27, chance: true }),
  heldOutFamily({ name: 'val_spikes', epochs: 27, spikes: true }),
  heldOutFamily({ name: 'noisy_cross', epochs: 27, cross: 3, floorWeight: 0.5, noise: 0.03 }),
  // added in session 51, before any run on it: heavy-tailed epoch noise (t with 2 degrees of freedom,
  // scale 3 %), where a user audit saw asha stop the best configuration on one bad value at a rung
  heldOutFamily({ name: 'heavy_epochs', epochs: 27, heavy: 0.03 }),
  // added in session 41, never screened on: the curves of a real training run (an MLP on two spirals,
  // real-training.mjs), 30 epochs, with only the run's own jaggedness for noise
  mlpCurveFamily(),
  // added in session 45, never screened on: logistic regression by SGD with momentum (real-training.mjs),
  // the kind of program a user audit caught the GP asking again where asha had stopped it
  logregCurveFamily(),
];

// ---------------------------------------------------------------------------------------------------
// Audit families (curves audit, written before any run on them; nothing chosen on them). Same space.
// Bench support they need (curve-study.mjs): `goal: 'maximize'` (regret = optimum - value),
// runs shorter than `epochs` (a program's own early stopping: the curve array is shorter),
// `reportEvery` (a value printed only every k-th epoch and at the last), `stepUnit` (steps in iterations).

/** Normal draws from a uniform stream (Box-Muller). */
function normalStream(rand) {
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** A uniform in [0, 1) fixed by a configuration and a tag (its "initialisation luck", the same on every seed). */
function configUniform(p, tag) {
  return uniformStream(configHash(p, 0, tag))();
}

/**
 * early_stop: the program stops itself (Keras EarlyStopping, patience 3, min_delta 0.003, at least 6
 * epochs, no best-weights restore: the last value printed is the result) on the overfitting family's
 * noise-free curve (turns up by 0.3 per run length once overfitting), 2 % noise. Fast learners plateau
 * or turn early and end at epoch 8-15 of 27; slow ones run the whole 27. Runs of different lengths in one study.
 */
function earlyStopFamily({ name, epochs = 27, patience = 3, minDelta = 0.003, minEpochs = 6, noise = 0.02 }) {
  const base = family({ name, epochs, cross: 1, floorWeight: 0.3, noise: 0, overfit: 0.3 }).curve;
  const curve = (p) => {
    const full = base(p);
    let best = Infinity;
    let since = 0;
    for (let t = 1; t <= epochs; t++) {
      const v = full[t - 1];
      if (!Number.isFinite(v)) return full.slice(0, t); // a diverged run ends at its NaN
      if (v < best - minDelta) {
        best = v;
        since = 0;
      } else since += 1;
      if (since >= patience && t >= minEpochs) return full.slice(0, t);
    }
    return full;
  };
  return { name, epochs, space: shared.space, curve, noisy: withNoise(curve, name, noise), minFinal: minimumOf(curve, epochs, (l) => l[l.length - 1]) };
}

/**
 * sgdr: 3 epochs of linear warm-up, then cosine annealing with warm restarts (SGDR, T_0 = 8): the
 * step falls over epochs 4-11, 12-19, 20-27 and jumps back to its top at 12 and 20, and the loss with
 * it (the noise ball of lr_schedule's model, 2 % noise).
 */
const sgdrSchedule = (t) => (t <= 3 ? t / 3 : 0.5 * (1 + Math.cos((Math.PI * ((t - 4) % 8)) / 8)));

/**
 * acc_ceiling (maximize): validation accuracy 0.1 + 0.88 (1 - L / 2.3) of a crossing loss curve L
 * (cross 2, floor weight 0.3), on a validation set of 200 examples: binomial noise and values
 * quantized to 1/200 (ties). A run that diverges does not print NaN: its accuracy falls to chance (0.1).
 */
function accuracyFamily({ name, epochs = 27, size = 200 }) {
  const loss = family({ name, epochs, cross: 2, floorWeight: 0.3, noise: 0 }).curve;
  const toAcc = (L) => (Number.isFinite(L) ? 0.1 + 0.88 * Math.max(0, 1 - L / 2.3) : 0.1);
  const curve = (p) => loss(p).map(toAcc);
  const noisy = (p, seed) => {
    const z = normalStream(uniformStream(configHash(p, seed, name)));
    return curve(p).map((a) => Math.min(1, Math.max(0, Math.round((a + z() * Math.sqrt((a * (1 - a)) / size)) * size) / size)));
  };
  // the best final accuracy: the loss's minimum mapped (toAcc is decreasing in L)
  const minLoss = minimumOf(loss, epochs);
  return { name, epochs, goal: 'maximize', space: shared.space, curve, noisy, minFinal: toAcc(minLoss), minBest: null };
}

/**
 * grok_random: a run sits at chance (2.3, drifting 0.01 an epoch) for a delay fixed by its
 * initialisation, not by its quality: 0 for 40 % of configurations, else uniform up to 70 % of the
 * run; then the family's power law (cross 1) from that epoch, steeply (a grokking-like jump). 1 % noise.
 */
function grokFamily({ name, epochs = 27, noise = 0.01 }) {
  const base = family({ name, epochs, cross: 1, floorWeight: 0.3, noise: 0 }).curve;
  const delayOf = (p) => {
    const u = configUniform(p, 'grok');
    return u < 0.4 ? 0 : Math.floor(((u - 0.4) / 0.6) * 0.7 * epochs);
  };
  const curve = (p) => {
    const d = delayOf(p);
    const b = base(p);
    return Array.from({ length: epochs }, (_, i) => (i < d ? 2.3 - 0.01 * (i + 1) : b[i - d]));
  };
  // no delay is the best any configuration can do
  return { name, epochs, space: shared.space, curve, noisy: withNoise(curve, name, noise), minFinal: minimumOf(base, epochs), minBest: null };
}

/**
 * sparse_iters: harsh crossings (cross 2, floor weight 0.4, 2 % noise) over 30 epochs of 390
 * iterations, evaluated every 4th epoch and at the last (steps 1560, 3120, ..., 10920, 11700).
 */
function sparseFamily({ name, epochs = 30, every = 4, unit = 390 }) {
  const f = family({ name, epochs, cross: 2, floorWeight: 0.4, noise: 0.02 });
  return { ...f, reportEvery: every, stepUnit: unit, minBest: null };
}

/**
 * lottery_noise: the family's curve (cross 1) with log-normal noise of 2 % + 40 % / epoch (42 % at
 * epoch 1, 6 % at 10), and 12 % of configurations (initialisation luck, fixed per configuration) that
 * find a better basin late: from an epoch in 12-20 the loss falls over 4 epochs to 0.6 of the curve.
 */
function lotteryFamily({ name, epochs = 27 }) {
  const base = family({ name, epochs, cross: 1, floorWeight: 0.3, noise: 0 }).curve;
  const luckyShape = (b, onset) => b.map((v, i) => (Number.isFinite(v) ? v * (1 - 0.4 * Math.min(1, Math.max(0, (i + 1 - onset) / 4))) : v));
  const curve = (p) => {
    const b = base(p);
    if (configUniform(p, 'lucky') >= 0.12) return b;
    return luckyShape(b, 12 + Math.floor(configUniform(p, 'onset') * 9));
  };
  const noisy = (p, seed) => {
    const z = normalStream(uniformStream(configHash(p, seed, name)));
    return curve(p).map((v, i) => v * Math.exp((0.02 + 0.4 / (i + 1)) * z()));
  };
  return { name, epochs, space: shared.space, curve, noisy, minFinal: 0.6 * minimumOf(base, epochs), minBest: null };
}

/**
 * slow_diverge: slow_start's delay (longest for the runs that end best: more dropout, smaller step),
 * and runs with an effective step past 0.08 (fastest at first) blow up to NaN between 40 % and 85 % of
 * the run (later the nearer 0.08), as a large learning rate without clipping does. 1 % noise.
 */
function slowDivergeFamily({ name, epochs = 27, noise = 0.01 }) {
  const base = family({ name, epochs, cross: 1.5, floorWeight: 0.3, noise: 0, diverge: 10 }).curve;
  const curve = (p) => {
    const s = p.lr / (1 - p.momentum);
    const delay = Math.min(epochs * 0.6, (epochs / 3) * (0.4 + p.dropout) * (0.01 / s) ** 0.3);
    const shifted = base({ ...p, dropout: p.dropout * 0.5 + 0.1 });
    const out = Array.from({ length: epochs }, (_, i) => (i + 1 <= delay ? 2.3 - 0.01 * (i + 1) : Math.min(2.3 - 0.01 * (i + 1), shifted[Math.max(0, Math.floor(i - delay))])));
    if (s <= 0.08) return out;
    const onset = Math.round(epochs * (0.85 - 0.45 * Math.min(1, Math.log(s / 0.08) / Math.log(20))));
    return out.map((v, i) => {
      const g = i + 1 > onset ? v * 2 ** (i + 1 - onset) : v;
      return g > 50 ? NaN : g;
    });
  };
  return { name, epochs, space: shared.space, curve, noisy: withNoise(curve, name, noise), minFinal: minimumOf(curve, epochs), minBest: null };
}

export const auditFamilies = [
  earlyStopFamily({ name: 'early_stop' }),
  scheduleFamily({ name: 'sgdr', epochs: 27, schedule: sgdrSchedule, ball: 5, speed: 100, noise: 0.02 }),
  accuracyFamily({ name: 'acc_ceiling' }),
  grokFamily({ name: 'grok_random' }),
  sparseFamily({ name: 'sparse_iters' }),
  lotteryFamily({ name: 'lottery_noise' }),
  slowDivergeFamily({ name: 'slow_diverge' }),
];

