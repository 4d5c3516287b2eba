// One benchmark study: ask/tell until `max(budgets)` trials have finished, with `inFlight` trials
// running at once (1: sequential), and the regret of the best trial after each budget.
import { createOptimizer } from '../../dist/engine/index.js';
import { createRng } from '../../dist/util/rng.js';

/**
 * Optimizer options per benchmark method. `sampler` holds the sampler options of the command line
 * ({ tpe, gp, auto }); `auto` gets all three because it hands trials to the GP and to the TPE.
 */
export const methods = {
  auto: (seed, sampler = {}) => ({ algo: 'auto', seed, tpe: { ...sampler.tpe }, gp: { ...sampler.gp }, auto: { ...sampler.auto } }),
  gp: (seed, sampler = {}) => ({ algo: 'gp', seed, gp: { ...sampler.gp } }),
  tpe: (seed, sampler = {}) => ({ algo: 'tpe', seed, tpe: { ...sampler.tpe } }),
  hyperopt: (seed) => ({ algo: 'tpe', seed, tpe: { preset: 'hyperopt' } }),
  random: (seed) => ({ algo: 'random', seed }),
};

/**
 * Runs one study. Trials in flight finish in a seeded random order (durations uniform in [0.5, 1.5),
 * the oldest-ending told first), as the `workers` section has always simulated them.
 * Returns { regrets: {budget: regret}, optimizerMs (ask() + tell() time until `timeUntil` trials
 * finished, or null), error (message, or null) }. A method that throws keeps the budgets it reached.
 * On a noisy problem the best trial is picked by the value the optimizer saw (as a user picks it) and
 * its regret is measured on the noise-free value.
 */
export function runStudy(problem, options, seed, budgets, { inFlight = 1, timeUntil = null } = {}) {
  const out = studyTold(problem, options, seed, budgets, { inFlight, timeUntil });
  // A study is told its length, as `--trials` tells a run, and a GP study told it ends within
  // gp.shortBudget trials starts its model sooner (docs/gp.md, "Start-up trials"): so a checkpoint
  // that short is read from a study of that length, as a user who asked for that many trials gets it
  const short = options.gp?.shortBudget ?? 10;
  const longest = Math.max(...budgets);
  if (options.algo === 'auto' || options.algo === 'gp') {
    for (const budget of budgets.filter((b) => b <= short && b < longest)) {
      const alone = studyTold(problem, options, seed, [budget], { inFlight, timeUntil: null });
      if (alone.regrets[budget] !== undefined) out.regrets[budget] = alone.regrets[budget];
    }
  }
  return out;
}

function studyTold(problem, givenOptions, seed, budgets, { inFlight, timeUntil }) {
  // samplers: which proposed the trials (`startup`, `gp`, `tpe`, ...): where `auto` was the GP throughout,
  // a `gp` study of the same seed is the same study (the optimizer section runs it once)
  const out = { regrets: {}, optimizerMs: null, error: null, samplers: [] };
  const samplers = new Set();
  const trials = Math.max(...budgets);
  const options = { ...givenOptions, budget: trials };
  const durations = createRng(`workers-bench-${seed}`);
  const running = [];
  let spent = 0;
  const timed = (fn) => {
    const started = performance.now();
    const result = fn();
    spent += performance.now() - started;
    return result;
  };
  let asked = 0;
  let told = 0;
  let now = 0;
  let bestSeen = Infinity;
  let bestTrue = Infinity;
  try {
    const optimizer = timed(() => createOptimizer(problem.space, options));
    const askOne = () => {
      const { id, params, sampler } = timed(() => optimizer.ask());
      samplers.add(sampler);
      asked += 1;
      // a noisy problem's noise-free value is needed only for a trial that becomes the best seen, and
      // may be dear (the mean of several training runs: real-training.mjs), so it waits until then
      const seen = problem.observe ? problem.observe(params, seed, id) : problem.f(params);
      const truth = problem.observe ? () => problem.f(params) : () => seen;
      running.push({ id, seen, truth, endsAt: now + 0.5 + durations.next() });
    };
    while (asked < Math.min(inFlight, trials)) askOne();
    while (running.length > 0) {
      running.sort((a, b) => a.endsAt - b.endsAt);
      const done = running.shift();
      now = done.endsAt;
      timed(() => optimizer.tell(done.id, done.seen));
      told += 1;
      if (done.seen < bestSeen) {
        bestSeen = done.seen;
        bestTrue = done.truth();
      }
      if (budgets.includes(told)) out.regrets[told] = bestTrue - problem.minimum;
      if (told === timeUntil) out.optimizerMs = spent;
      if (asked < trials) askOne();
    }
  } catch (error) {
    out.error = error instanceof Error ? error.message : String(error);
  }
  out.samplers = [...samplers].sort();
  return out;
}

/** The `tpe` sections' form: sequential, regrets only (`tpeExtra`: TPE options for the `tpe` method). */
export function regretCurve(problem, method, seed, budgets, tpeExtra = {}) {
  const result = runStudy(problem, methods[method](seed, { tpe: tpeExtra }), seed, budgets);
  if (result.error !== null) throw new Error(result.error);
  return result.regrets;
}
