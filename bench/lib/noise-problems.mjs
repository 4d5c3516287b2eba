// Noisy metrics as training programs give them (session 50), written before any run: heavy-tailed
// noise (a run now and then far better or worse than its configuration's mean, as another data order
// or initialisation gives), and noise that grows with the learning rate (large steps make erratic
// runs, and now and then a lucky one). The regret is the true loss of the trial picked by what was
// reported, as a user picks it (optimize.mjs); `summary`'s noise note is measured on them too
// (docs/importance.md, "A lucky best").
import { createRng, normalDraw } from '../../dist/util/rng.js';
import { box, problem } from './heldout.mjs';

const { log2, log10, exp, sqrt } = Math;

/** A Student-t draw with `nu` degrees of freedom: heavy tails, as the rare lucky or unlucky run. */
function studentT(rng, nu) {
  let chi2 = 0;
  for (let i = 0; i < nu; i++) chi2 += normalDraw(rng) ** 2;
  return normalDraw(rng) / sqrt(chi2 / nu);
}

// (a) A 3-D bowl with a coupling, observed through t(2) noise of scale 0.3 (no variance: every few
// dozen runs, one lands several units from its mean).
const bowl = ({ x1, x2, x3 }) => (x1 - 0.5) ** 2 + (x2 + 0.7) ** 2 + (x3 - 0.2) ** 2 + 0.3 * (x1 - 0.5) * (x2 + 0.7);
const heavyBowl = (params, seed, trial) => bowl(params) + 0.3 * studentT(createRng(`bench-heavy/${seed}/${trial}`), 2);

// (b) A training job of four parameters whose runs scatter more the larger the learning rate (t(3)
// noise, scale 0.05 at the best rate, 0.7 at lr 0.5): the best measured run is often a lucky large step.
const job = (p) => 0.5 * (log10(p.lr) + 2.5) ** 2 + 0.3 * (p.dropout - 0.3) ** 2 + 0.05 * (log2(p.batch) - 6) ** 2 + 10 * (p.wd - 0.01) ** 2;
const erratic = (params, seed, trial) => job(params) + 0.05 * exp(1.2 * (log10(params.lr) + 2.5)) * studentT(createRng(`bench-erratic/${seed}/${trial}`), 3);
const JOB_SPACE = 'params:\n  lr: loguniform(1e-5, 1)\n  dropout: uniform(0, 0.6)\n  batch: qloguniform(16, 512, 16)\n  wd: uniform(0, 0.1)\n';

// the job's minimum: lr 10^-2.5, dropout 0.3, wd 0.01, and the batch (a multiple of 16) nearest 2^6
const jobMinimum = Math.min(...Array.from({ length: 32 }, (_, i) => 0.05 * (log2(16 * (i + 1)) - 6) ** 2));

export const noiseProblems = [
  problem('heavy_bowl3', box(3, -2, 2), bowl, 0, { observe: heavyBowl }),
  problem('erratic_lr4', JOB_SPACE, job, jobMinimum, { observe: erratic }),
];
