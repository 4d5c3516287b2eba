// Learning-curve problems for the `prune` section. `visible` is ../shared/bench/curves.mjs as it is
// (the one with Optuna anchors); the others are curve families of our own, so that the pruners'
// defaults are not tuned to one shape: harsher crossings, noisier epochs, longer runs.
// Each family: { name, epochs, space (YAML), curve(params) (noise-free losses), noisy(params, seed), minFinal }.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { sharedBenchDir } from './anchors.mjs';

const shared = await import(pathToFileURL(join(sharedBenchDir(), 'curves.mjs')).href);

/**
 * Our own family: a power law towards a floor, with speed and floor tied to the effective step
 * s = lr / (1 - momentum) so that fast learners flatten early at a worse floor (curves cross), and
 * steps past `diverge` blow up to NaN partway. `cross` scales how much faster the fast ones start.
 */
function family({ name, epochs, cross, floorWeight, noise, diverge = 0.3 }) {
  const curve = (p) => {
    const s = p.lr / (1 - p.momentum);
    const logGap = Math.log10(s) + 2; // 0 at the best step 0.01
    const width = Math.log2(p.width);
    const floor = 0.05 + floorWeight * logGap ** 2 + 0.25 * (p.dropout - 0.25) ** 2 + 0.015 * (width - 7) ** 2;
    const rate = (cross * 30 * s ** 0.9 * (1 - 0.4 * p.dropout)) / Math.sqrt(epochs / 27);
    const out = [];
    for (let t = 1; t <= epochs; t++) {
      let v = floor + (2.3 - floor) / (1 + rate * t) ** 1.5;
      if (s > diverge) {
        const onset = Math.max(1, Math.round(epochs * 0.5 * (1 - (s - diverge) / (1 - diverge))));
        if (t > onset) v *= 1.5 ** (t - onset);
        if (v > 50) v = NaN;
      }
      out.push(v);
    }
    return out;
  };
  const noisy = (p, seed) => {
    let h = 2166136261 >>> 0;
    for (const ch of JSON.stringify([p.lr, p.momentum, p.dropout, p.width, seed, name])) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    const rand = () => {
      h = (h + 0x6d2b79f5) >>> 0;
      let t = h;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    return curve(p).map((v) => v * (1 + noise * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())));
  };
  return { name, epochs, space: shared.space, curve, noisy, minFinal: minimumOf(curve, epochs) };
}

/** The noise-free optimum of the final loss, by a coarse grid then a local refinement (deterministic). */
function minimumOf(curve, epochs) {
  let best = Infinity;
  let at = null;
  for (let i = 0; i <= 40; i++)
    for (let j = 0; j <= 19; j++)
      for (let k = 0; k <= 14; k++) {
        const p = { lr: 1e-4 * 1e4 ** (i / 40), momentum: 0.95 * (j / 19), dropout: 0.7 * (k / 14), width: 128 };
        const v = curve(p)[epochs - 1];
        if (v < best) [best, at] = [v, p];
      }
  for (let round = 0; round < 400; round++) {
    const scale = 0.5 ** (round / 40);
    for (const key of ['lr', 'momentum', 'dropout', 'width']) {
      for (const dir of [-1, 1]) {
        const p = { ...at };
        if (key === 'lr') p.lr = Math.min(1, Math.max(1e-4, p.lr * 2 ** (dir * scale)));
        if (key === 'momentum') p.momentum = Math.min(0.95, Math.max(0, p.momentum + dir * 0.1 * scale));
        if (key === 'dropout') p.dropout = Math.min(0.7, Math.max(0, p.dropout + dir * 0.1 * scale));
        if (key === 'width') p.width = Math.min(512, Math.max(16, Math.round(p.width * 2 ** (dir * scale))));
        const v = curve(p)[epochs - 1];
        if (v < best) [best, at] = [v, p];
      }
    }
  }
  return best;
}

export const curveFamilies = [
  { name: 'curves_visible', epochs: shared.EPOCHS, space: shared.space, curve: shared.curve, noisy: shared.noisyCurve, minFinal: shared.MIN_FINAL },
  family({ name: 'harsh_cross', epochs: 27, cross: 3, floorWeight: 0.5, noise: 0.01 }),
  family({ name: 'noisy_epochs', epochs: 27, cross: 1, floorWeight: 0.3, noise: 0.05 }),
  family({ name: 'long_runs', epochs: 81, cross: 1, floorWeight: 0.3, noise: 0.01 }),
];
