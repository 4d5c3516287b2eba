#!/usr/bin/env node
// A tiny training program that knows nothing of hypertune: it takes flags and prints its loss.
// Fits y = w.x + b by mini-batch SGD (with momentum) or Adam; `loss` is the validation MSE.
// examples/train.py is the same program in Python, and prints the same numbers.
import { parseArgs } from 'node:util';

const { values: flags } = parseArgs({
  options: {
    lr: { type: 'string', default: '0.01' },
    momentum: { type: 'string', default: '0.0' },
    optimizer: { type: 'string', default: 'sgd' },
    batch_size: { type: 'string', default: '32' },
    epochs: { type: 'string', default: '5' },
    seed: { type: 'string', default: '0' },
  },
});
const lr = Number(flags.lr);
const momentum = Number(flags.momentum);
const batchSize = Number(flags.batch_size);
const epochs = Number(flags.epochs);
if (!['sgd', 'adam'].includes(flags.optimizer) || !(lr > 0) || !(batchSize >= 1) || Number.isNaN(momentum)) {
  console.error(`train.mjs: bad flags ${JSON.stringify(flags)}`);
  process.exit(2);
}

// A 32-bit LCG, so that the Python twin draws the very same data.
let state = Number(flags.seed) >>> 0;
const uniform = () => {
  state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
  return state / 2 ** 32;
};
const TRUE_W = [2, -3, 0.5, 1];
const TRUE_B = 0.5;
const makeData = (n) =>
  Array.from({ length: n }, () => {
    const x = TRUE_W.map(() => 2 * uniform() - 1);
    const y = x.reduce((sum, xi, i) => sum + xi * TRUE_W[i], TRUE_B) + (uniform() - 0.5) * 0.4;
    return { x, y };
  });
const train = makeData(256);
const valid = makeData(64);

const w = [0, 0, 0, 0];
let b = 0;
const params = () => [...w, b];
const setParams = (p) => {
  for (let i = 0; i < 4; i += 1) w[i] = p[i];
  b = p[4];
};
const predict = (x) => x.reduce((sum, xi, i) => sum + xi * w[i], b);
const mse = (rows) => rows.reduce((sum, { x, y }) => sum + (predict(x) - y) ** 2, 0) / rows.length;

const velocity = [0, 0, 0, 0, 0];
const secondMoment = [0, 0, 0, 0, 0];
let beta1Power = 1;
let beta2Power = 1;
function step(batch) {
  const grad = [0, 0, 0, 0, 0];
  for (const { x, y } of batch) {
    const error = predict(x) - y;
    for (let i = 0; i < 4; i += 1) grad[i] += (2 * error * x[i]) / batch.length;
    grad[4] += (2 * error) / batch.length;
  }
  const p = params();
  if (flags.optimizer === 'sgd') {
    for (let i = 0; i < 5; i += 1) {
      velocity[i] = momentum * velocity[i] + grad[i];
      p[i] -= lr * velocity[i];
    }
  } else {
    beta1Power *= momentum;
    beta2Power *= 0.999;
    for (let i = 0; i < 5; i += 1) {
      velocity[i] = momentum * velocity[i] + (1 - momentum) * grad[i];
      secondMoment[i] = 0.999 * secondMoment[i] + 0.001 * grad[i] * grad[i];
      const mHat = velocity[i] / (1 - beta1Power);
      const vHat = secondMoment[i] / (1 - beta2Power);
      p[i] -= (lr * mHat) / (Math.sqrt(vHat) + 1e-8);
    }
  }
  setParams(p);
}

const fmt = (value) => String(Number(value.toPrecision(6)));
console.log(`config: optimizer=${flags.optimizer} lr=${lr} momentum=${momentum} batch_size=${batchSize}`);
const order = train.map((_, i) => i);
for (let epoch = 1; epoch <= epochs; epoch += 1) {
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(uniform() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  for (let start = 0; start < order.length; start += batchSize) {
    step(order.slice(start, start + batchSize).map((i) => train[i]));
  }
  console.log(`epoch ${epoch} train_loss=${fmt(mse(train))} loss=${fmt(mse(valid))}`);
}
