// A worker thread for the robustness section: runs its jobs, posts back each run's regret curve.
import { parentPort, workerData } from 'node:worker_threads';
import { createOptimizer } from '../../dist/engine/index.js';
import { robustProblems } from './robust-problems.mjs';

const problems = new Map(robustProblems.map((p) => [p.name, p]));

/** Regret of the best *observed* trial, measured on the noise-free function when the problem is noisy. */
function curve(problem, options, budgets) {
  const opt = createOptimizer(problem.space, options);
  const truth = problem.truth ?? problem.f;
  const out = {};
  let best = Infinity;
  let bestTrue = Infinity;
  for (let i = 1; i <= Math.max(...budgets); i++) {
    const { id, params } = opt.ask();
    const value = problem.f(params);
    if (value < best) {
      best = value;
      bestTrue = truth(params);
    }
    opt.tell(id, value);
    if (budgets.includes(i)) out[i] = Math.max(0, bestTrue - problem.minimum);
  }
  return out;
}

parentPort.postMessage(workerData.jobs.map((job) => ({ ...job, regrets: curve(problems.get(job.problem), job.options, job.budgets) })));
