// A worker thread: runs the benchmark jobs it is given and posts back their results.
// A job: { problem, method, seed, budgets, inFlight?, timeUntil?, sampler? }; workerData.sampler holds
// the sampler options ({ tpe, gp, auto }) every job's method gets unless the job brings its own.
import { parentPort, workerData } from 'node:worker_threads';
import { methods, runStudy } from './optimize.mjs';
import { loadProblemMap } from './registry.mjs';

const problems = await loadProblemMap();
// When the jobs are timed, first run every method of the chunk briefly, so that the first timed study
// does not pay for compiling the engine (it made the first method of a short run look 3x slower).
if (workerData.jobs.some((job) => job.timeUntil)) {
  for (const method of new Set(workerData.jobs.map((job) => job.method))) {
    runStudy(problems.get('hartmann6'), methods[method](0, workerData.sampler), 0, [30]);
  }
}
const results = workerData.jobs.map((job) => {
  const problem = problems.get(job.problem);
  if (problem === undefined) return { ...job, regrets: {}, optimizerMs: null, error: `unknown problem ${job.problem}` };
  const options = methods[job.method](job.seed, job.sampler ?? workerData.sampler);
  return { ...job, ...runStudy(problem, options, job.seed, job.budgets, { inFlight: job.inFlight ?? 1, timeUntil: job.timeUntil ?? null }) };
});
parentPort.postMessage(results);
