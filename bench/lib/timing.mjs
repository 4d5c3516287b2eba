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
export function askTime(space, history, options, { warmup = 10, repeats = 15 } = {}) {
  const n = history.length;
  for (let k = 0; k < warmup; k++) propose(space, history, n + 100 + k, { ...options, seed: k });
  const samplers = new Set();
  const times = Array.from({ length: repeats }, (_, k) => {
    const started = performance.now();
    const proposal = propose(space, history, n + k, { ...options, seed: k });
    const ms = performance.now() - started;
    if (proposal !== null) samplers.add(proposal.sampler);
    return ms;
  });
  return { ms: summarise(times).median, samplers: [...samplers] };
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
