// Held-out problems with conditional spaces (choices whose options carry their own parameters, as
// hyperopt's hp.choice of dicts; docs/space.md, "Nested choices"), the `optimizer` section's
// `conditional` group. They decide whether the GP should take conditional spaces over from the TPE, so
// they are shaped like real jobs, not like any sampler: tune nothing on them. Each `f` is noise-free: a
// floor per branch plus non-negative terms zero at one point, so the minimum is exact (1e6 random points
// found nothing below it). Counts below: labels in the space / labels active in a trial, choices included.
import { problem } from './heldout.mjs';
import { choice, makeSpace, numeric } from './spaces.mjs';

const { exp, log2, log10, tanh } = Math;
const yaml = (...lines) => `params:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
// A learning rate's loss, u = log10(lr / best): curvature 1 at the best, steep above it, gentle below.
const over = (u) => (exp(1.5 * u) - 1 - 1.5 * u) / 1.125;
// A loss that saturates (at chance level) however bad the setting: monotone, so the minimum stays put.
const sat = (x, cap) => cap * tanh(x / cap);

// model_select3 (10 / 5-6): svm / forest / knn, each with its own parameters, and a shared
// fraction and scaler whose best values depend on the branch (the forest ignores the scaler). The svm
// has its C x gamma ridge; the forest holds the optimum (floor 0) off-centre. Catches a sampler that
// settles on the first good branch, or models the shared parameters as if one best value fitted all.
const MS_FLOOR = { svm: 0.08, forest: 0, knn: 0.2 };
const SCALER = { svm: { standard: 0, robust: 0.02, none: 0.3 }, knn: { standard: 0, robust: 0.03, none: 0.4 } };
const modelSelect = (p) => {
  let v = MS_FLOOR[p.model] + 0.3 * (p.feat_frac - { svm: 0.9, forest: 0.6, knn: 0.5 }[p.model]) ** 2;
  if (p.model !== 'forest') v += SCALER[p.model][p.scaler];
  if (p.model === 'svm') {
    const [c, g] = [log10(p.svm_C / 30), log10(p.svm_gamma / 3e-3)];
    return v + 0.15 * (c + g) ** 2 + 0.03 * (c - g) ** 2;
  }
  if (p.model === 'knn') return v + 0.05 * log2(p.n_neighbors / 15) ** 2 + 0.1 * (p.knn_p - 1.5) ** 2;
  return v + 0.03 * log2(p.n_trees / 400) ** 2 + 0.004 * (p.max_depth - 14) ** 2 + 2 * (p.max_features - 0.3 - 0.015 * (p.max_depth - 14)) ** 2;
};

// optimizer_job (12 / 6-7): sgd {lr, momentum, nesterov} / adam {lr, beta1, beta2} /
// rmsprop {lr, rho}, a shared batch size, weight decay and dropout. A training loss: sgd's effective
// rate lr / (1 - momentum) scales with the batch, adam's and rmsprop's with its square root; weight
// decay and dropout trade off along a ridge, and the best decay differs per optimizer; the loss
// saturates at 2.3 (chance). Catches a sampler that cannot carry a shared parameter across branches.
const OJ_FLOOR = { sgd: 0, adam: 0.03, rmsprop: 0.08 };
const WD = { sgd: 5e-4, adam: 1e-2, rmsprop: 1e-4 };
const optimizerJob = (p) => {
  const b = log2(p.batch / 64);
  const [w, d] = [log10(p.weight_decay / WD[p.optimizer]), (p.dropout - 0.1) / 0.2];
  let v = 0.03 * b * b + 0.06 * (w + d) ** 2 + 0.02 * w * w + 0.05 * d * d;
  if (p.optimizer === 'sgd') {
    v += 0.4 * over(log10(p.sgd_lr / (1 - p.momentum) / (0.05 * 2 ** b))) + 0.8 * (log10(1 - p.momentum) + 1) ** 2 + (p.nesterov ? 0 : 0.02);
  } else if (p.optimizer === 'adam') {
    v += 0.4 * over(log10(p.adam_lr / (1e-3 * 2 ** (b / 2)))) + 0.03 * ((p.beta1 - 0.9) / 0.1) ** 2 + 0.05 * (log10(1 - p.beta2) + 3) ** 2;
  } else v += 0.4 * over(log10(p.rms_lr / (5e-4 * 2 ** (b / 2)))) + 0.05 * (log10(1 - p.rho) + 2) ** 2;
  return OJ_FLOOR[p.optimizer] + sat(v, 2.3);
};

// nested2 (13 / 3-6): two levels of nesting: gbm {depth, booster: gbtree {eta, subsample}
// | dart {eta, rate_drop} | gblinear} / mlp {width, norm: batchnorm {momentum} | layernorm {eps} |
// plain} / linear {l2}, and a shared feature fraction. The optimum is in a second-level option
// (gbm, dart) with gbtree close behind; the best eta moves with the depth, which gblinear ignores.
// Catches a sampler that flattens the tree and loses which parameters belong to which sub-branch.
const nested = (p) => {
  const ff = 0.3 * (p.feat_frac - { gbm: 0.7, mlp: 1, linear: 0.4 }[p.learner]) ** 2;
  if (p.learner === 'linear') return ff + 0.25 + 0.05 * log10(p.l2) ** 2;
  if (p.learner === 'mlp') {
    const norm = { batchnorm: () => 0.06 + 0.05 * ((p.bn_momentum - 0.9) / 0.1) ** 2, layernorm: () => 0.08 + 0.01 * (log10(p.ln_eps) + 5) ** 2, plain: () => 0.18 };
    return ff + 0.04 * log2(p.mlp_width / 256) ** 2 + norm[p.norm]();
  }
  const [depth, shift] = [0.01 * (p.gbm_depth - 6) ** 2, 0.1 * (p.gbm_depth - 6)];
  if (p.booster === 'gblinear') return ff + depth + 0.3;
  if (p.booster === 'gbtree') return ff + depth + 0.03 + 0.3 * (log10(p.gbtree_eta) + 1 + shift) ** 2 + 0.4 * (p.gbtree_subsample - 0.8) ** 2;
  return ff + depth + 0.3 * (log10(p.dart_eta) + 0.7 + shift) ** 2 + 0.8 * (p.rate_drop - 0.15) ** 2;
};

// deceptive_branch (7 / 4-5): `broad` is a wide shallow bowl with floor 0.1 (mean ~0.23);
// `narrow` holds the global minimum 0 in a well about 2 % of its (lr, mix) plane wide and is ~0.6 on
// average. Catches a sampler that judges a branch by its average and abandons the one with the optimum.
const deceptive = (p) => {
  const shared = 0.2 * (p.warmup - 0.3) ** 2;
  if (p.family === 'broad') return shared + 0.1 + 0.2 * (p.br_a ** 2 + p.br_b ** 2 + p.br_a * p.br_b);
  const u1 = (log10(p.nr_lr) + 2.6) / 0.6;
  const u2 = (p.nr_mix - 0.7 - 0.05 * (log10(p.nr_lr) + 2.6)) / 0.15;
  return shared + 0.7 * (1 - exp(-(u1 * u1 + u2 * u2) / 2)) + 0.01 * (p.nr_k - 3) ** 2;
};

// layers_conditional (8 / 3-5): n_layers: choice(1, 2, 3) where option k carries the
// widths of its k layers (qloguniform), hyperopt's way of writing variable depth, and a shared lr whose
// best value shrinks with the first layer's width. 2 layers is best (384, 128); 3 layers is close
// (0.04), 1 layer far (0.25). Catches a sampler that cannot relate the same role across branches.
const LAYERS = { 1: { floor: 0.25, target: [768] }, 2: { floor: 0, target: [384, 128] }, 3: { floor: 0.04, target: [256, 128, 64] } };
const layers = (p) => {
  const { floor, target } = LAYERS[p.n_layers];
  const w = target.map((_, j) => p[`d${p.n_layers}_w${j + 1}`]);
  let v = floor + 0.3 * over(log10(p.lr / (3e-3 * Math.sqrt(256 / w[0]))));
  for (let j = 0; j < w.length; j++) v += 0.05 * log2(w[j] / target[j]) ** 2;
  for (let j = 0; j + 1 < w.length; j++) v += 0.05 * (log2(w[j] / w[j + 1]) - log2(target[j] / target[j + 1])) ** 2;
  return v;
};

// many_branch (11 / 3-4): an SVM-like kernel choice of six options with 1-2 params each
// and a shared C whose best value depends on the kernel (C x gamma and C x length-scale ridges). The
// optimum is in the last option (matern, nu = 1.5); rbf is close (0.04). Catches a sampler that
// spreads too few trials over many branches, or commits to a near-best one.
const MB_FLOOR = { linear: 0.5, poly: 0.2, rbf: 0.04, sigmoid: 0.45, laplacian: 0.1, matern: 0 };
const BEST_C = { linear: 1, poly: 10, rbf: 100, sigmoid: 0.1, laplacian: 30, matern: 30 };
const manyBranch = (p) => {
  const c = log10(p.C / BEST_C[p.kernel]);
  const own = {
    linear: () => 0.05 * c * c + 0.01 * (log10(p.lin_tol) + 4) ** 2,
    poly: () => 0.08 * c * c + 0.03 * (p.degree - 3) ** 2 + 0.02 * (p.coef0 - 1) ** 2,
    rbf: () => 0.12 * (c + log10(p.rbf_gamma / 1e-2)) ** 2 + 0.04 * (c - log10(p.rbf_gamma / 1e-2)) ** 2,
    sigmoid: () => 0.05 * c * c + 0.08 * (log10(p.sig_gamma) + 3) ** 2 + 0.05 * (p.sig_coef0 + 0.5) ** 2,
    laplacian: () => 0.04 * c * c + 0.1 * (log10(p.lap_gamma) + 1.5 + 0.5 * c) ** 2,
    matern: () => 0.12 * (c - log10(p.length_scale / 3)) ** 2 + 0.04 * (c + log10(p.length_scale / 3)) ** 2 + { 0.5: 0.08, 1.5: 0, 2.5: 0.02 }[p.nu],
  };
  return MB_FLOOR[p.kernel] + own[p.kernel]();
};

// cond_mixed8 (15 / 9-10): gbm {depth (int), min_child (log int), subsample, colsample,
// growth: depthwise | lossguide {max_leaves}} / net {units (log int), n_hidden (int), activation
// (choice), dropout, batch (choice)}, shared lr, rounds and l2 whose best values differ per branch;
// lr x rounds is a ridge (best lr ~ 1/rounds). Net with gelu holds the optimum, gbm is 0.02 behind;
// saturates at 2. Catches a sampler that does well on small conditional spaces but not mid-sized ones.
const mixed = (p) => {
  const r = p.rounds;
  if (p.model === 'gbm') {
    const [ss, cs] = [p.subsample - 0.8, p.colsample - 0.6];
    let v = 0.25 * over(log10(p.lr / (15 / r))) + 0.02 * log10(r / 300) ** 2 + 0.02 * log2(p.min_child / 8) ** 2;
    v += 0.5 * ss * ss + 0.5 * cs * cs + 0.3 * ss * cs + 0.02 * (log10(p.l2) + 2) ** 2;
    v += p.growth === 'depthwise' ? 0.015 + 0.008 * (p.max_depth - 7) ** 2 : 0.002 * (p.max_depth - 10) ** 2 + 0.03 * log2(p.max_leaves / 96) ** 2;
    return 0.02 + sat(v, 2);
  }
  const [w, d] = [log10(p.l2 / 1e-4), (p.net_dropout - 0.2) * 5];
  let v = 0.3 * over(log10(p.lr / (1e-3 * Math.sqrt(p.net_batch / 64) * Math.sqrt(100 / r)))) + 0.1 * log10(r / 100) ** 2;
  v += 0.02 * (p.n_hidden - 3) ** 2 + 0.04 * (log2(p.units / 256) + 0.3 * (p.n_hidden - 3)) ** 2 + 0.01 * log2(p.net_batch / 64) ** 2;
  v += { relu: 0.03, gelu: 0, tanh: 0.12 }[p.activation] + 0.04 * (w + d) ** 2 + 0.01 * w * w + 0.008 * d * d;
  return sat(v, 2);
};

// conditional_job (7 / 5), moved here from robust-problems.mjs (which imports it) so that the registry
// need not import that file and its ../shared/bench/suite2.mjs: sgd / adam, shared layers and dropout.
const conditionalJobSpace = makeSpace([
  choice('opt', [
    { value: 'sgd', params: [numeric('lr', 'loguniform', { low: 1e-4, high: 1 }), numeric('momentum', 'uniform', { low: 0, high: 0.99 })] },
    { value: 'adam', params: [numeric('alr', 'loguniform', { low: 1e-5, high: 1e-1 }), numeric('beta1', 'uniform', { low: 0.5, high: 0.99 })] },
  ]),
  numeric('layers', 'randint', { low: 1, high: 8 }), numeric('dropout', 'uniform', { low: 0, high: 0.8 }),
]);
const conditionalJobF = (p) => {
  const shared = 0.04 * (p.layers - 5) ** 2 + (p.dropout - 0.25) ** 2;
  if (p.opt === 'sgd') return 0.1 + shared + 0.5 * (Math.log10(p.lr) + 1.5) ** 2 + 2 * (p.momentum - 0.9) ** 2;
  return shared + 0.5 * (Math.log10(p.alr) + 3) ** 2 + 2 * (p.beta1 - 0.85) ** 2;
};
export const conditionalJob = { name: 'conditional_job', space: conditionalJobSpace, f: conditionalJobF, minimum: 0 };

// The spaces as YAML: yaml(...lines) is `params:` over the lines; nest(label, ...options) is `label:` /
// `choice:` over its options; branch(name, ...params) is an option `- name:` over its parameters, opt(name) a bare one.
const opt = (name) => [`  - ${name}`];
const branch = (name, ...params) => [`  - ${name}:`, ...params.map((q) => `      ${q}`)];
const nest = (label, ...options) => [`${label}:`, '  choice:', ...options.flat()];
const widths = (k) => Array.from({ length: k }, (_, j) => `d${k}_w${j + 1}: qloguniform(16, 1024, 16)`);

/** The conditional problems of our own (the group adds `conditional` and `conditional_job`). */
export const conditionalProblems = [
  problem('model_select3', yaml(...nest('model',
      branch('svm', 'svm_C: loguniform(1e-3, 1e4)', 'svm_gamma: loguniform(1e-6, 1)'),
      branch('forest', 'n_trees: qloguniform(10, 2000, 10)', 'max_depth: randint(2, 33)', 'max_features: uniform(0.05, 1)'),
      branch('knn', 'n_neighbors: randint(1, 101)', 'knn_p: uniform(1, 3)')),
    'scaler: choice(standard, robust, none)', 'feat_frac: uniform(0.2, 1)'), modelSelect, 0),
  problem('optimizer_job', yaml(...nest('optimizer',
      branch('sgd', 'sgd_lr: loguniform(1e-4, 1)', 'momentum: uniform(0, 0.99)', 'nesterov: choice(true, false)'),
      branch('adam', 'adam_lr: loguniform(1e-5, 1e-1)', 'beta1: uniform(0.5, 0.999)', 'beta2: uniform(0.9, 0.9999)'),
      branch('rmsprop', 'rms_lr: loguniform(1e-5, 1e-1)', 'rho: uniform(0.5, 0.999)')),
    'batch: qloguniform(16, 1024, 16)', 'weight_decay: loguniform(1e-6, 1e-1)', 'dropout: uniform(0, 0.7)'), optimizerJob, 0),
  problem('nested2', yaml(...nest('learner',
      branch('gbm', 'gbm_depth: randint(2, 13)', ...nest('booster',
        branch('gbtree', 'gbtree_eta: loguniform(1e-3, 1)', 'gbtree_subsample: uniform(0.3, 1)'),
        branch('dart', 'dart_eta: loguniform(1e-3, 1)', 'rate_drop: uniform(0, 0.5)'), opt('gblinear'))),
      branch('mlp', 'mlp_width: qloguniform(16, 1024, 16)', ...nest('norm',
        branch('batchnorm', 'bn_momentum: uniform(0.5, 0.999)'),
        branch('layernorm', 'ln_eps: loguniform(1e-8, 1e-2)'), opt('plain'))),
      branch('linear', 'l2: loguniform(1e-6, 10)')),
    'feat_frac: uniform(0.1, 1)'), nested, 0),
  problem('deceptive_branch', yaml(...nest('family', branch('broad', 'br_a: uniform(-1, 1)', 'br_b: uniform(-1, 1)'),
      branch('narrow', 'nr_lr: loguniform(1e-4, 1)', 'nr_mix: uniform(0, 1)', 'nr_k: randint(1, 9)')), 'warmup: uniform(0, 1)'), deceptive, 0),
  problem('layers_conditional', yaml(...nest('n_layers', ...[1, 2, 3].map((k) => branch(k, ...widths(k)))), 'lr: loguniform(1e-5, 1e-1)'), layers, 0),
  problem('many_branch', yaml(...nest('kernel',
      branch('linear', 'lin_tol: loguniform(1e-6, 1e-1)'), branch('poly', 'degree: randint(2, 7)', 'coef0: uniform(0, 5)'),
      branch('rbf', 'rbf_gamma: loguniform(1e-5, 10)'),
      branch('sigmoid', 'sig_gamma: loguniform(1e-5, 10)', 'sig_coef0: uniform(-2, 2)'),
      branch('laplacian', 'lap_gamma: loguniform(1e-5, 10)'),
      branch('matern', 'nu: choice(0.5, 1.5, 2.5)', 'length_scale: loguniform(1e-2, 1e2)')),
    'C: loguniform(1e-3, 1e4)'), manyBranch, 0),
  problem('cond_mixed8', yaml(...nest('model',
      branch('gbm', 'max_depth: randint(2, 16)', 'min_child: qloguniform(1, 128, 1)', 'subsample: uniform(0.4, 1)', 'colsample: uniform(0.3, 1)',
        ...nest('growth', opt('depthwise'), branch('lossguide', 'max_leaves: qloguniform(8, 512, 8)'))),
      branch('net', 'units: qloguniform(32, 1024, 32)', 'n_hidden: randint(1, 6)', 'activation: choice(relu, gelu, tanh)',
        'net_dropout: uniform(0, 0.6)', 'net_batch: choice(32, 64, 128, 256)')),
    'lr: loguniform(1e-4, 1)', 'rounds: qloguniform(10, 1000, 10)', 'l2: loguniform(1e-8, 1)'), mixed, 0),
];
