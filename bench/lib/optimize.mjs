// One benchmark run: `trials` sequential ask/tell steps; the best regret after each budget.
import { createOptimizer } from '../../dist/engine/index.js';

export const methods = {
  tpe: (seed, extra) => ({ algo: 'tpe', seed, tpe: { ...extra } }),
  hyperopt: (seed) => ({ algo: 'tpe', seed, tpe: { preset: 'hyperopt' } }),
  random: (seed) => ({ algo: 'random', seed }),
};

export function regretCurve(problem, method, seed, budgets, tpeExtra = {}) {
  const opt = createOptimizer(problem.space, methods[method](seed, tpeExtra));
  const last = Math.max(...budgets);
  const out = {};
  let best = Infinity;
  for (let i = 1; i <= last; i++) {
    const { id, params } = opt.ask();
    const value = problem.f(params);
    best = Math.min(best, value);
    opt.tell(id, value);
    if (budgets.includes(i)) out[i] = best - problem.minimum;
  }
  return out;
}
