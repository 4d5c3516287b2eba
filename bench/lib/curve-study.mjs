// One learning-curve study, sequential and in-process: trials report every epoch through
// opt.report() and stop when it says so; a NaN ends a trial at once (as in the Optuna anchors). The
// budget is counted in epochs. Regret: noise-free final loss of the best complete trial (picked by its
// reported value) minus the family's optimum; Infinity while no trial has completed.
import { createOptimizer, parseSpace } from '../../dist/index.js';
import { bestEpoch, minBestOf } from './curve-families.mjs';

const spaces = new Map();

/**
 * Returns { regretAt: Float64Array (regret after each epoch 1..max budget), bestRunAt (the same for the
 * complete trial of lowest noise-free result, whatever its reported value: what the search found, the
 * pick by noisy values aside), trials, pruned }. `stepUnit`:
 * epoch t is reported as step t x stepUnit, as a program that counts iterations labels its lines.
 * `trace`, an array, gets one row per trial: { id, state, spentEnd (budget spent when it ended),
 * regret (its noise-free result's, had it run to the end), incumbent (the study's regret when it was
 * asked) }: what the `prune-trap` section reads. `history`: the optimizer's trials at the end (opt.trials()).
 */
export function runCurveStudy(family, { seed, maxEpochs, pruner = 'none', algo = 'tpe', tpe = {}, gp = {}, stepUnit = 1, objective = 'last', trace = null }) {
  // `objective: min`: a trial's result is its best epoch (a program that keeps its best checkpoint),
  // and so is the regret; pruned trials keep their last value, as the CLI records them
  const result = objective === 'min' ? (losses) => bestEpoch(losses) : (losses) => losses[losses.length - 1];
  const optimum = objective === 'min' ? minBestOf(family) : family.minFinal;
  // audit: a family may maximise (regret = optimum - value), print only every k-th epoch (and its last),
  // count steps in iterations, and end a run before family.epochs (its own early stopping: a shorter curve)
  const goal = family.goal ?? 'minimize';
  const sign = goal === 'maximize' ? -1 : 1;
  if (goal === 'maximize' && objective === 'min') throw new Error('--objective min is not available for a maximised family');
  const every = family.reportEvery ?? 1;
  const unit = stepUnit * (family.stepUnit ?? 1);
  if (!spaces.has(family.name)) spaces.set(family.name, parseSpace(family.space));
  const opt = createOptimizer(spaces.get(family.name), { algo, seed, pruner, tpe, gp, ...(goal === 'maximize' ? { goal } : {}) });
  const regretAt = new Float64Array(maxEpochs).fill(Infinity);
  const bestRunAt = new Float64Array(maxEpochs).fill(Infinity);
  let bestRun = Infinity;
  let spent = 0;
  let bestSeen = Infinity;
  let regret = Infinity;
  let trials = 0;
  let pruned = 0;
  // near-copies: a trial pruned at the same epoch as an earlier pruned one, every parameter within 3 %
  // of its range (the same option for a choice): an ask whose outcome the study already knew
  const stops = [];
  let copies = 0;
  while (spent < maxEpochs) {
    const { id, params } = opt.ask();
    trials += 1;
    const incumbent = regret;
    const values = family.noisy(params, seed);
    // the regret of its noise-free result, had it run to the end
    const own = sign * (result(family.curve(params)) - optimum);
    const length = values.length;
    // how the trial ended, as told; null while it runs
    let state = null;
    let stoppedAt = 0;
    for (let t = 1; t <= length && spent < maxEpochs; t++) {
      const value = values[t - 1];
      regretAt[spent] = regret;
      bestRunAt[spent] = bestRun;
      spent += 1;
      // an epoch the program does not print: it trains on (a NaN shows at the next printed epoch)
      if (t % every !== 0 && t !== length) continue;
      stoppedAt = t;
      if (!Number.isFinite(value)) {
        opt.tell(id, { state: 'failed' });
        state = 'failed';
        break;
      }
      if (opt.report(id, t * unit, value) && t < family.epochs) {
        opt.tell(id, { state: 'pruned' });
        pruned += 1;
        if (stops.some((stop) => stop.t === t && nearEachOther(spaces.get(family.name), stop.params, params))) copies += 1;
        stops.push({ t, params });
        state = 'pruned';
        break;
      }
      if (t === length) {
        const seen = sign * result(values);
        opt.tell(id, sign * seen);
        state = 'complete';
        if (seen < bestSeen) {
          bestSeen = seen;
          regret = own;
        }
        bestRun = Math.min(bestRun, own);
        regretAt[spent - 1] = regret;
        bestRunAt[spent - 1] = bestRun;
      }
    }
    if (state === null) {
      opt.tell(id, { state: 'interrupted' });
      state = 'interrupted';
    }
    if (trace !== null) trace.push({ id, state, spentEnd: spent, regret: own, incumbent, stoppedAt, length, params });
  }
  return { regretAt, bestRunAt, trials, pruned, copies, history: opt.trials() };
}

/** Whether two configurations are within `share` of every numeric parameter's range (log ones in log) and agree on every choice. */
function nearEachOther(space, a, b, share = 0.03) {
  return space.nodes.every((node) => {
    if (node.kind === 'constant') return true;
    const [x, y] = [a[node.label], b[node.label]];
    if (node.kind === 'choice' || typeof x !== 'number' || typeof y !== 'number' || node.low === null || node.high === null) return x === y;
    const f = node.log ? Math.log : (v) => v;
    return Math.abs(f(x) - f(y)) <= share * (f(node.high) - f(node.low));
  });
}
