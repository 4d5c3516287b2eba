// The best validation loss known for each `training` problem (real-training.mjs), which the benchmark
// measures regret against: `node bench/lib/training-minimum.mjs [problem ...]` (after `npm run build`)
// runs 4,000 random points and 300-trial studies with auto and the TPE on seeds 1000..1004 (no
// benchmark seed), and prints the lowest loss seen, by what and with which parameters.
import { createOptimizer } from '../../dist/index.js';
import { trainingProblems } from './real-training.mjs';

const wanted = process.argv.slice(2);
for (const problem of trainingProblems.filter((p) => wanted.length === 0 || wanted.includes(p.name))) {
  let best = { value: Infinity, params: null, by: '' };
  const study = (algo, seed, trials) => {
    const optimizer = createOptimizer(problem.space, { algo, seed });
    for (let i = 0; i < trials; i++) {
      const { id, params } = optimizer.ask();
      const value = problem.f(params);
      optimizer.tell(id, value);
      if (value < best.value) best = { value, params, by: `${algo} seed ${seed}` };
    }
  };
  const started = performance.now();
  study('random', 1000, 4000);
  for (const seed of [1000, 1001, 1002, 1003, 1004]) for (const algo of ['auto', 'tpe']) study(algo, seed, 300);
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  console.log(`${problem.name}: ${best.value} (${best.by}, ${seconds} s) ${JSON.stringify(best.params)}`);
}
