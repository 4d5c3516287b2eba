// Small models trained for real, in-process, for the `training` problems (real-training.mjs): a
// multilayer perceptron trained by SGD with momentum, gradient-boosted regression trees, logistic
// regression by SGD, and ridge regression on random Fourier features. Each is deterministic for its
// inputs (every random draw comes from a named stream), as a training script with a fixed seed is,
// and returns its validation loss, NaN when the run diverged. `runSeed` names other streams: the run of
// a script whose seed is not fixed (the `unseeded` problems; '' is the fixed seed of `training`).
import { createRng, normalDraw } from '../../dist/util/rng.js';

const { exp, log1p, sqrt, tanh, abs } = Math;
/** log(1 + e^z) without overflow. */
const softplus = (z) => (z > 0 ? z + log1p(exp(-z)) : log1p(exp(z)));

/**
 * A binary classifier: `layers` hidden layers of `width` units, sigmoid output, trained `epochs`
 * passes of minibatch SGD with momentum and L2 weight decay; the validation cross-entropy. With
 * `curve` (an array), the validation cross-entropy after every epoch is pushed onto it as well, NaN
 * from the epoch the run diverged.
 */
export function trainMlp(data, { lr, momentum, width, layers, activation, batch_size: batch, weight_decay: wd }, epochs, curve = null, runSeed = '') {
  const rng = createRng(`training-mlp-init${runSeed}`);
  const sizes = [data.dim, ...Array.from({ length: layers }, () => width), 1];
  const W = [];
  const B = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const scale = sqrt((activation === 'relu' ? 2 : 1) / sizes[l]);
    W.push(Float64Array.from({ length: sizes[l] * sizes[l + 1] }, () => normalDraw(rng) * scale));
    B.push(new Float64Array(sizes[l + 1]));
  }
  const VW = W.map((w) => new Float64Array(w.length));
  const VB = B.map((b) => new Float64Array(b.length));
  const GW = W.map((w) => new Float64Array(w.length));
  const GB = B.map((b) => new Float64Array(b.length));
  const relu = activation === 'relu';
  const A = sizes.map((n) => new Float64Array(n));
  const D = sizes.map((n) => new Float64Array(n));
  const forward = (x) => {
    A[0].set(x);
    for (let l = 0; l < W.length; l++) {
      const n = sizes[l];
      const m = sizes[l + 1];
      const a = A[l];
      const z = A[l + 1];
      const w = W[l];
      const last = l + 1 === W.length;
      for (let j = 0; j < m; j++) {
        let s = B[l][j];
        for (let i = 0; i < n; i++) s += a[i] * w[i * m + j];
        z[j] = last ? s : relu ? (s > 0 ? s : 0) : tanh(s);
      }
    }
    return A[sizes.length - 1][0];
  };
  const order = Array.from({ length: data.train.length }, (_, i) => i);
  const shuffle = createRng(`training-mlp-batches${runSeed}`);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const k = Math.floor(shuffle.next() * (i + 1));
      [order[i], order[k]] = [order[k], order[i]];
    }
    for (let start = 0; start < order.length; start += batch) {
      const end = Math.min(start + batch, order.length);
      for (let l = 0; l < W.length; l++) {
        GW[l].fill(0);
        GB[l].fill(0);
      }
      for (let k = start; k < end; k++) {
        const row = data.train[order[k]];
        const logit = forward(row.x);
        D[sizes.length - 1][0] = 1 / (1 + exp(-logit)) - row.y;
        for (let l = W.length - 1; l >= 0; l--) {
          const n = sizes[l];
          const m = sizes[l + 1];
          const a = A[l];
          const d = D[l + 1];
          const w = W[l];
          const gw = GW[l];
          for (let j = 0; j < m; j++) GB[l][j] += d[j];
          for (let i = 0; i < n; i++) {
            let back = 0;
            const ai = a[i];
            for (let j = 0; j < m; j++) {
              gw[i * m + j] += ai * d[j];
              back += w[i * m + j] * d[j];
            }
            D[l][i] = l === 0 ? 0 : back * (relu ? (ai > 0 ? 1 : 0) : 1 - ai * ai);
          }
        }
      }
      const size = end - start;
      for (let l = 0; l < W.length; l++) {
        for (let k = 0; k < W[l].length; k++) {
          VW[l][k] = momentum * VW[l][k] - lr * (GW[l][k] / size + wd * W[l][k]);
          W[l][k] += VW[l][k];
        }
        for (let k = 0; k < B[l].length; k++) {
          VB[l][k] = momentum * VB[l][k] - lr * (GB[l][k] / size);
          B[l][k] += VB[l][k];
        }
      }
    }
    if (!Number.isFinite(W[W.length - 1][0])) {
      while (curve !== null && curve.length < epochs) curve.push(NaN);
      return NaN;
    }
    if (curve !== null) curve.push(validate());
  }
  return curve === null ? validate() : curve[curve.length - 1];

  function validate() {
    let loss = 0;
    for (const { x, y } of data.val) {
      const z = forward(x);
      loss += y === 1 ? softplus(-z) : softplus(z);
    }
    loss /= data.val.length;
    return Number.isFinite(loss) ? loss : NaN;
  }
}

/**
 * Gradient-boosted regression trees on the squared loss, grown depth-first on 16 quantile bins per
 * feature (as LightGBM's and XGBoost's histogram methods do); the validation mean squared error.
 */
export function trainGbdt(data, { learning_rate: eta, n_trees: trees, max_depth: depth, min_leaf: minLeaf, subsample, l2 }, runSeed = '') {
  const { bins, train, val } = data;
  const pred = new Float64Array(train.length);
  const valPred = new Float64Array(val.length);
  const rowRng = createRng(`training-gbdt-rows${runSeed}`);
  const grad = new Float64Array(train.length);
  const build = (rows, level) => {
    let G = 0;
    for (const r of rows) G += grad[r];
    const leaf = { value: (-G / (rows.length + l2)) * eta };
    if (level >= depth || rows.length < 2 * minLeaf) return leaf;
    let best = null;
    const parent = (G * G) / (rows.length + l2);
    for (let f = 0; f < data.dim; f++) {
      const g = new Float64Array(16);
      const n = new Float64Array(16);
      for (const r of rows) {
        g[train[r].bin[f]] += grad[r];
        n[train[r].bin[f]] += 1;
      }
      let gl = 0;
      let nl = 0;
      for (let b = 0; b < 15; b++) {
        gl += g[b];
        nl += n[b];
        const nr = rows.length - nl;
        if (nl < minLeaf || nr < minLeaf) continue;
        const gain = (gl * gl) / (nl + l2) + ((G - gl) * (G - gl)) / (nr + l2) - parent;
        if (gain > 1e-12 && (best === null || gain > best.gain)) best = { gain, f, b };
      }
    }
    if (best === null) return leaf;
    const left = rows.filter((r) => train[r].bin[best.f] <= best.b);
    const right = rows.filter((r) => train[r].bin[best.f] > best.b);
    return { f: best.f, threshold: bins[best.f][best.b], left: build(left, level + 1), right: build(right, level + 1) };
  };
  const predict = (node, x) => (node.left === undefined ? node.value : predict(x[node.f] <= node.threshold ? node.left : node.right, x));
  for (let t = 0; t < trees; t++) {
    for (let r = 0; r < train.length; r++) grad[r] = pred[r] - train[r].y;
    const rows = [];
    for (let r = 0; r < train.length; r++) if (rowRng.next() < subsample) rows.push(r);
    const tree = build(rows, 0);
    for (let r = 0; r < train.length; r++) pred[r] += predict(tree, train[r].x);
    for (let r = 0; r < val.length; r++) valPred[r] += predict(tree, val[r].x);
  }
  let mse = 0;
  for (let r = 0; r < val.length; r++) mse += (valPred[r] - val[r].y) ** 2;
  return mse / val.length;
}

/**
 * One pass of minibatch SGD for logistic regression: the rows shuffled, then per batch the summed
 * log-loss gradient into `g` and `update(batchSize)` to take the step.
 */
function logregPass(data, w, g, order, shuffle, batch, update) {
  const logit = logitOf(data, w);
  for (let i = order.length - 1; i > 0; i--) {
    const k = Math.floor(shuffle.next() * (i + 1));
    [order[i], order[k]] = [order[k], order[i]];
  }
  for (let start = 0; start < order.length; start += batch) {
    const rows = order.slice(start, start + batch);
    g.fill(0);
    for (const r of rows) {
      const { x, y } = data.train[r];
      const d = 1 / (1 + exp(-logit(x))) - y;
      for (let i = 0; i < data.dim; i++) g[i] += d * x[i];
      g[data.dim] += d;
    }
    update(rows.length);
  }
}

const logitOf = (data, w) => (x) => x.reduce((s, v, i) => s + v * w[i], w[data.dim]);

/** The validation log loss of weights `w`; NaN when it is not finite. */
function logregValLoss(data, w) {
  const logit = logitOf(data, w);
  const loss = data.val.reduce((s, { x, y }) => s + (y === 1 ? softplus(-logit(x)) : softplus(logit(x))), 0) / data.val.length;
  return Number.isFinite(loss) ? loss : NaN;
}

const diverged = (w) => !Number.isFinite(w[0]) || abs(w[0]) > 1e12;

/** Logistic regression by minibatch SGD with L2; the validation log loss (NaN when it diverged). */
export function trainLogreg(data, { lr, l2, epochs, batch_size: batch }, runSeed = '') {
  const w = new Float64Array(data.dim + 1);
  const g = new Float64Array(data.dim + 1);
  const shuffle = createRng(`training-logreg-batches${runSeed}`);
  const order = Array.from({ length: data.train.length }, (_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    logregPass(data, w, g, order, shuffle, batch, (n) => {
      for (let i = 0; i <= data.dim; i++) w[i] -= lr * (g[i] / n + (i < data.dim ? l2 * w[i] : 0));
    });
    if (diverged(w)) return NaN;
  }
  return logregValLoss(data, w);
}

/**
 * Logistic regression by minibatch SGD with momentum and L2, `epochs` passes, as the user audit of
 * session 44 trained it: the validation log loss after every epoch pushed onto `curve`, NaN from the
 * epoch the run diverged (a step too large for its momentum). Returns the last epoch's.
 */
export function trainLogregMomentum(data, { lr, l2, momentum, batch_size: batch }, epochs, curve = []) {
  const w = new Float64Array(data.dim + 1);
  const v = new Float64Array(data.dim + 1);
  const g = new Float64Array(data.dim + 1);
  const shuffle = createRng('training-logreg-momentum-batches');
  const order = Array.from({ length: data.train.length }, (_, i) => i);
  let gone = false;
  for (let epoch = 0; epoch < epochs; epoch++) {
    if (!gone) {
      logregPass(data, w, g, order, shuffle, batch, (n) => {
        for (let i = 0; i <= data.dim; i++) {
          v[i] = momentum * v[i] + g[i] / n + (i < data.dim ? l2 * w[i] : 0);
          w[i] -= lr * v[i];
        }
      });
      gone = diverged(w);
    }
    curve.push(gone ? NaN : logregValLoss(data, w));
  }
  return curve[curve.length - 1];
}

/** Ridge regression on the first `features` of a fixed pool of random Fourier features; the validation MSE. */
export function trainRff(data, { lengthscale, lambda, features }) {
  const phi = (x) => Float64Array.from({ length: features }, (_, k) => sqrt(2 / features) * Math.cos(x.reduce((s, v, i) => s + v * data.pool[k].w[i], 0) / lengthscale + data.pool[k].b));
  const X = data.train.map((row) => phi(row.x));
  const A = new Float64Array(features * features);
  const rhs = new Float64Array(features);
  for (let r = 0; r < X.length; r++) {
    for (let i = 0; i < features; i++) {
      rhs[i] += X[r][i] * data.train[r].y;
      for (let j = 0; j <= i; j++) A[i * features + j] += X[r][i] * X[r][j];
    }
  }
  // Cholesky of A + lambda I, in place (lower triangle)
  for (let i = 0; i < features; i++) A[i * features + i] += lambda;
  for (let j = 0; j < features; j++) {
    let d = A[j * features + j];
    for (let k = 0; k < j; k++) d -= A[j * features + k] ** 2;
    if (!(d > 0)) return NaN;
    A[j * features + j] = sqrt(d);
    for (let i = j + 1; i < features; i++) {
      let s = A[i * features + j];
      for (let k = 0; k < j; k++) s -= A[i * features + k] * A[j * features + k];
      A[i * features + j] = s / A[j * features + j];
    }
  }
  const z = new Float64Array(features);
  for (let i = 0; i < features; i++) {
    let s = rhs[i];
    for (let k = 0; k < i; k++) s -= A[i * features + k] * z[k];
    z[i] = s / A[i * features + i];
  }
  const coef = new Float64Array(features);
  for (let i = features - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < features; k++) s -= A[k * features + i] * coef[k];
    coef[i] = s / A[i * features + i];
  }
  const mse = data.val.reduce((s, { x, y }) => s + (phi(x).reduce((t, v, k) => t + v * coef[k], 0) - y) ** 2, 0) / data.val.length;
  return Number.isFinite(mse) ? mse : NaN;
}
