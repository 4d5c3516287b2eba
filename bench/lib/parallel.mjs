import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * Run jobs on worker threads (one per core, at most `threads`), interleaved so that each gets a fair share.
 * `sampler` ({ tpe, gp, auto }) goes to every job's method; `tpeExtra` is the `tpe` sections' shorthand for { tpe }.
 */
export async function runJobs(jobs, { threads = availableParallelism(), tpeExtra = {}, sampler = { tpe: tpeExtra } } = {}) {
  const n = Math.max(1, Math.min(threads, jobs.length));
  const chunks = Array.from({ length: n }, (_, w) => jobs.filter((_, i) => i % n === w));
  const parts = await Promise.all(
    chunks.map(
      (chunk) =>
        new Promise((resolve, reject) => {
          const worker = new Worker(new URL('./worker.mjs', import.meta.url), { workerData: { jobs: chunk, sampler } });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  return parts.flat();
}

export function quantile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function summarise(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), q1: quantile(sorted, 0.25), q3: quantile(sorted, 0.75), n: sorted.length };
}

export function fmt(x) {
  if (x === undefined || Number.isNaN(x)) return '–';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1000) return x.toFixed(0);
  if (a >= 100) return x.toFixed(0);
  return x.toPrecision(3).replace(/\.?0+e/, 'e');
}
