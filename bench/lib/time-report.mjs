// The `optimizer` section's other targets: the optimizer's own time in a 100-trial study beside
// Optuna's GP, one ask() at 1,000 trials on hartmann6, and 4 trials in flight against sequential.
import { availableParallelism } from 'node:os';
import { methods as methodOptions } from './optimize.mjs';
import { fmt, runJobs, summarise } from './parallel.mjs';
import { referenceProblems } from './problems.mjs';
import { askTimes, randomHistory } from './timing.mjs';

const TIMED = ['auto', 'gp', 'tpe'];

/**
 * Per problem: the median over seeds of ask() + tell() time in the regret runs' first 100 trials, for
 * auto, gp and tpe, beside Optuna 5 GP's median run_wall_s (its whole 100-trial run, almost all of it
 * optimizer time); target auto <= 1/3 of it.
 */
export function printStudyTimes(results, problems, methods, walls, threads) {
  const timed = TIMED.filter((m) => methods.includes(m));
  if (timed.length === 0) return;
  console.log('\n### Optimizer time of a whole 100-trial study (ask() + tell(), seconds, median over the seeds above)\n');
  console.log(`(taken inside the regret runs, on ${threads ?? availableParallelism()} worker threads, so the machine's load counts; Optuna: run_wall_s, one core)\n`);
  const head = ['problem', ...timed, 'Optuna 5 GP', ...(timed.includes('auto') ? ['auto / Optuna GP'] : [])];
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map(() => '---').join('|')}|`);
  const verdict = [];
  for (const problem of problems) {
    const medians = Object.fromEntries(
      timed.map((m) => {
        const ms = results.filter((r) => r.problem === problem.name && r.method === m && r.optimizerMs !== null).map((r) => r.optimizerMs);
        return [m, ms.length === 0 ? undefined : summarise(ms).median / 1000];
      }),
    );
    const optuna = walls.get(`${problem.name}|optuna5_gp`)?.median;
    const row = [problem.name, ...timed.map((m) => (medians[m] === undefined ? '–' : medians[m].toFixed(3))), optuna === undefined ? '–' : optuna.toFixed(1)];
    if (timed.includes('auto')) {
      const ratio = medians.auto !== undefined && optuna !== undefined ? medians.auto / optuna : undefined;
      row.push(ratio === undefined ? '–' : ratio.toFixed(4));
      if (ratio !== undefined) verdict.push({ problem: problem.name, ratio });
    }
    console.log(`| ${row.join(' | ')} |`);
  }
  if (verdict.length > 0) {
    const fails = verdict.filter((v) => v.ratio > 1 / 3);
    console.log(`\nauto's optimizer time <= 1/3 of Optuna's GP: ${verdict.length - fails.length}/${verdict.length} problems` +
      (fails.length > 0 ? `; fails: ${fails.map((f) => `${f.problem} (${f.ratio.toFixed(2)})`).join(', ')}` : ''));
  }
}

/**
 * One ask() on hartmann6 after 1,000 finished trials (by then auto should have handed over to TPE).
 * 150 warm-up calls: after 30, the first optimizer timed in a fresh process still took 2-3x the
 * time it settles at (session 39), which read as `--algo tpe` being slower than `auto`.
 */
export function printAskTime(groups, sampler) {
  const problem = referenceProblems.find((p) => p.name === 'hartmann6');
  const history = randomHistory(problem, 1000);
  console.log('\n### One ask() on hartmann6 after 1,000 finished trials (ms, median of 21 after 150 warm-up calls, the two interleaved)\n');
  console.log('| optimizer | ms | proposed by |');
  console.log('|---|---|---|');
  const timed = ['auto', 'tpe'];
  const figures = askTimes(problem.space, history, timed.map((m) => methodOptions[m](0, sampler)), { warmup: 150, repeats: 21 });
  timed.forEach((m, i) => {
    const f = figures[i];
    console.log(f.error === undefined ? `| ${m} | ${f.ms.toFixed(2)} | ${f.samplers.join(', ')} |` : `| ${m} | – | threw: ${f.error} |`);
  });
  console.log('\n(target: auto < 2 ms)');
}

/** `opts.inflightMethod` (default auto) with 4 trials in flight against sequential, hartmann6, 100 trials. */
export async function printInFlight(opts) {
  const method = opts.inflightMethod;
  const seeds = Array.from({ length: opts.inflightSeeds }, (_, i) => opts.offset + i);
  const jobs = [1, 4].flatMap((inFlight) => seeds.map((seed) => ({ problem: 'hartmann6', method, seed, budgets: [100], inFlight })));
  const results = await runJobs(jobs, { threads: opts.threads, sampler: opts.sampler });
  console.log(`\n### ${method} with 4 trials in flight vs sequential, hartmann6, 100 trials, seeds ${seeds[0]}..${seeds.at(-1)}\n`);
  const failed = results.find((r) => r.error !== null);
  if (failed !== undefined) {
    console.log(`${method} threw: ${failed.error}`);
    return;
  }
  const [one, four] = [1, 4].map((n) => summarise(results.filter((r) => r.inFlight === n).map((r) => r.regrets[100])));
  console.log('| trials in flight | median regret [q1, q3] |');
  console.log('|---|---|');
  for (const [label, s] of [['1 (sequential)', one], ['4', four]]) console.log(`| ${label} | ${fmt(s.median)} [${fmt(s.q1)}, ${fmt(s.q3)}] |`);
  const ratio = Math.max(four.median, 1e-6) / Math.max(one.median, 1e-6);
  console.log(`\n4 in flight / sequential (medians): ${ratio.toFixed(3)} (target <= 1.10)`);
}
