// The time of one ask() after n finished trials, and of a whole study's optimizer work.
import { propose } from '../../dist/engine/index.js';
import { sampleConfig } from '../../dist/space/sample.js';
import { createRng } from '../../dist/util/rng.js';
import { runStudy } from './optimize.mjs';
import { summarise } from './parallel.mjs';

/** `n` finished trials drawn at random (the same ones for every optimizer timed). */
export function randomHistory(problem, n, seed = 'bench-timing') {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, id) => {
    const params = sampleConfig(problem.space, rng);
    return { id, params, state: 'complete', value: problem.f(params) };
  });
}

/**
 * Median ms of one propose() over `history` with the given optimizer options (`seed` varied per call),
 * after `warmup` calls: a study calls ask() over and over, so compiled code is the realistic case.
 * Also says which sampler made the proposals (so `auto` shows whether it has handed over to TPE).
 */
export function askTime(space, history, options, counts = {}) {
  return askTimes(space, history, [options], counts)[0];
}

/**
 * askTime for several optimizers at once, their calls interleaved, so that the machine's load and
 * the JIT's state weigh on all alike (measured one after the other, the first one is often slower).
 * An optimizer that throws gets { error }.
 */
export function askTimes(space, history, optionsList, { warmup = 10, repeats = 15 } = {}) {
  const n = history.length;
  const out = optionsList.map(() => ({ times: [], samplers: new Set(), error: null }));
  const call = (i, id, seed, record) => {
    if (out[i].error !== null) return;
    try {
      const started = performance.now();
      const proposal = propose(space, history, id, { ...optionsList[i], seed });
      const ms = performance.now() - started;
      if (record) {
        out[i].times.push(ms);
        if (proposal !== null) out[i].samplers.add(proposal.sampler);
      }
    } catch (error) {
      out[i].error = error instanceof Error ? error.message : String(error);
    }
  };
  for (let k = 0; k < warmup; k++) optionsList.forEach((_, i) => call(i, n + 100 + k, k, false));
  for (let k = 0; k < repeats; k++) optionsList.forEach((_, i) => call(i, n + k, k, true));
  return out.map((o) => (o.error !== null ? { error: o.error } : { ms: summarise(o.times).median, samplers: [...o.samplers] }));
}

/**
 * Optimizer time (ask() + tell(), ms) of whole `trials`-trial sequential studies, one per seed, run
 * here on the calling thread so no benchmark job competes with it. { median, q1, q3, n } or { error }.
 */
export function studyTime(problem, makeOptions, seeds, trials = 100) {
  const times = [];
  for (const seed of seeds) {
    const result = runStudy(problem, makeOptions(seed), seed, [trials], { timeUntil: trials });
    if (result.error !== null) return { error: result.error };
    times.push(result.optimizerMs);
  }
  return summarise(times);
}
