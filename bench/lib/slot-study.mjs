// One learning-curve study in-process with trials in parallel slots, on a simulated clock: a trial
// costs `startMs` before its first epoch (a program's start-up, the tuner's ask) and `epochMs` per
// epoch; values are reported as the epochs end, across slots in time order, so a pruner sees the
// other slot's curve as it grows. The study ends at `trials` trials, or once the clock passes
// `budgetMs` (no trial starts after it; the running ones finish), as `--time-budget` does.
import { createOptimizer } from '../../dist/index.js';

/** Returns { regret (noise-free final of the best complete trial, picked by its reported value), wallMs, trials, pruned }. */
export function runSlotStudy(family, space, { seed, pruner, algo = 'tpe', slots = 2, trials = Infinity, budgetMs = Infinity, startMs = 100, epochMs = 20, options = {} }) {
  const opt = createOptimizer(space, { algo, seed, pruner, ...options });
  let asked = 0;
  let clock = 0;
  const running = [];
  const done = [];
  const start = () => {
    const { id, params } = opt.ask();
    asked += 1;
    running.push({ id, params, epoch: 0, next: clock + startMs + epochMs, values: family.noisy(params, seed) });
  };
  while (running.length < slots && asked < trials) start();
  while (running.length > 0) {
    running.sort((a, b) => a.next - b.next || a.id - b.id);
    const trial = running[0];
    clock = trial.next;
    const value = trial.values[trial.epoch];
    trial.epoch += 1;
    let state = null;
    if (!Number.isFinite(value)) state = 'failed';
    else if (opt.report(trial.id, trial.epoch, value) && trial.epoch < family.epochs) state = 'pruned';
    else if (trial.epoch === family.epochs) state = 'complete';
    if (state === null) {
      trial.next = clock + epochMs;
      continue;
    }
    opt.tell(trial.id, state === 'complete' ? value : { state });
    running.shift();
    done.push({ state, seen: value, regret: family.curve(trial.params)[family.epochs - 1] - family.minFinal });
    if (asked < trials && clock < budgetMs) start();
  }
  const complete = done.filter((t) => t.state === 'complete').sort((a, b) => a.seen - b.seen);
  return { regret: complete.length > 0 ? complete[0].regret : Infinity, wallMs: clock, trials: done.length, pruned: done.filter((t) => t.state === 'pruned').length };
}
