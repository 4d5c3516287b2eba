// A worker thread: runs the benchmark jobs it is given and posts back their regret curves.
import { parentPort, workerData } from 'node:worker_threads';
import { ownProblems, referenceProblems } from './problems.mjs';
import { regretCurve } from './optimize.mjs';

const problems = new Map([...referenceProblems, ...ownProblems].map((p) => [p.name, p]));
const results = workerData.jobs.map((job) => ({
  ...job,
  regrets: regretCurve(problems.get(job.problem), job.method, job.seed, job.budgets, workerData.tpeExtra),
}));
parentPort.postMessage(results);
