// The best validation loss known for each `training` and `unseeded` problem (real-training.mjs), which
// the benchmark measures regret against: `node bench/lib/training-minimum.mjs [problem ...]` (after
// `npm run build`) searches on each problem's noise-free `f` with random points and studies of auto and
// the TPE on seeds 1000.. (no benchmark seed), and prints the lowest value seen, by what and with which
// parameters. `training`: 4,000 random points, 300-trial studies on five seeds; `unseeded`, whose `f` is
// the mean of four runs: 1,000 random points, 200-trial studies on three seeds. `logreg_curve`, the
// learning-curve family's final loss, as `training`.
import { createOptimizer } from '../../dist/index.js';
import { problem } from './heldout.mjs';
import { logregCurveFamily, trainingProblems, unseededProblems } from './real-training.mjs';

// a learning-curve family's final loss as a problem (a run that diverged counts as none)
const finalOf = (family) => problem(family.name, family.space, (p) => { const last = family.curve(p).at(-1); return Number.isFinite(last) ? last : Infinity; }, family.minFinal);

const wanted = process.argv.slice(2);
const searches = [
  ...trainingProblems.map((problem) => ({ problem, random: 4000, trials: 300, seeds: [1000, 1001, 1002, 1003, 1004] })),
  ...unseededProblems.map((problem) => ({ problem, random: 1000, trials: 200, seeds: [1000, 1001, 1002] })),
  { problem: finalOf(logregCurveFamily()), random: 4000, trials: 300, seeds: [1000, 1001, 1002, 1003, 1004] },
];
for (const { problem, random, trials, seeds } of searches.filter((s) => wanted.length === 0 || wanted.includes(s.problem.name))) {
  let best = { value: Infinity, params: null, by: '' };
  const study = (algo, seed, count) => {
    const optimizer = createOptimizer(problem.space, { algo, seed });
    for (let i = 0; i < count; i++) {
      const { id, params } = optimizer.ask();
      const value = problem.f(params);
      optimizer.tell(id, value);
      if (value < best.value) best = { value, params, by: `${algo} seed ${seed}` };
    }
  };
  const started = performance.now();
  study('random', 1000, random);
  for (const seed of seeds) for (const algo of ['auto', 'tpe']) study(algo, seed, trials);
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  console.log(`${problem.name}: ${best.value} (${best.by}, ${seconds} s) ${JSON.stringify(best.params)}`);
}
