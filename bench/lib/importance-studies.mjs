// The `importance` screen's studies: each problem run by a real sampler through the library
// (createOptimizer, ask/tell, sequential), its reported values as a study's complete trials. A study
// of N trials is the first N of the longest one (sequential ask/tell is deterministic per seed), so
// one run serves every budget. Runs are cached in a JSON file: an `auto` study of 100 trials costs
// 20-30 s of CPU, the whole screen's fits a few minutes.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createOptimizer } from '../../dist/engine/index.js';

export function loadCache(file) {
  return file && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
}

/** The trials (as TrialRecords) of `problem` under `algo` and `seed`, `trials` long; from `cache` when there. */
export function studyTrials(problem, algo, seed, trials, cache, file) {
  const key = `${problem.name}/${algo}/${seed}/${trials}`;
  if (cache[key] === undefined) {
    const optimizer = createOptimizer(problem.space, { algo, seed });
    const records = [];
    for (let i = 0; i < trials; i++) {
      const { id, params } = optimizer.ask();
      const value = problem.observe ? problem.observe(params, seed, id) : problem.f(params);
      optimizer.tell(id, value);
      records.push({ id, params, state: 'complete', value });
    }
    cache[key] = records;
    if (file) writeFileSync(file, JSON.stringify(cache));
  }
  return cache[key];
}
