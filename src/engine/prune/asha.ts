import { lastStep, maxStepsOf, standingReaching, previousStep, shown, stepsOrShare, FIRST_RUNG_PART } from './curves.js';
import { rungMargin } from './noise.js';
import { asGoodAsBestRun } from './best-run.js';
import { pastEveryFinished, rungAgreement } from './rank-gate.js';
import { KEEP, type Curve, type PruneContext, type PruneDecision } from './types.js';

/**
 * Asynchronous successive halving (Li et al. 2020): rungs at minSteps * eta^(k + rate); a trial
 * crossing a rung goes on only if its value there is among the best 1/eta of every value recorded at
 * that rung so far (its own included; while fewer than eta are recorded, only the best goes on, as in
 * Optuna). Nobody waits for a rung to fill, so it suits many workers. A trial within the noise
 * margin of the cutoff goes on too (noise.ts): a single noisy value should not decide; so does one
 * that stands at the rung as well as the best complete run stood there (best-run.ts). And a rung only
 * prunes while its ranking foretells the next rung's (rank-gate.ts, `rankGate`). `rate` and `peers` are
 * Hyperband's: its bracket's first rung, and which trials it competes with.
 */
export function ashaDecision(context: PruneContext, rate = 0, peers: (curve: Curve) => boolean = () => true, label = 'asha'): PruneDecision {
  const { settings, goal, curves, id } = context;
  const trial = curves.find((curve) => curve.id === id);
  if (trial === undefined || trial.steps.length === 0) return KEEP;
  const step = lastStep(trial);
  const maxSteps = maxStepsOf(settings.maxSteps, curves);
  const minSteps = stepsOrShare(settings.minSteps, maxSteps, FIRST_RUNG_PART, 1);
  if (minSteps === null) return KEEP;
  const rung = rungCrossed(minSteps, settings.reductionFactor, rate, previousStep(trial), step);
  if (rung === null) return KEEP;
  if (maxSteps !== null && rung >= maxSteps) return KEEP;
  const own = standingReaching(trial, rung, goal, settings.rungValue) as number;
  const recorded: number[] = [];
  for (const curve of curves) {
    if (curve.state === 'interrupted' || !peers(curve)) continue;
    const loss = standingReaching(curve, rung, goal, settings.rungValue);
    if (loss !== undefined) recorded.push(loss);
  }
  recorded.sort((a, b) => a - b);
  const kept = Math.max(1, Math.floor(recorded.length / settings.reductionFactor));
  const cutoff = recorded[kept - 1] as number;
  if (own <= cutoff) return KEEP;
  // a start as good as the best finished run's at this rung goes on: that run ended best from it
  // (asked before the noise margin, whose estimate is a pass over every curve)
  if (settings.bestRunGuard && asGoodAsBestRun(curves, rung, own, goal)) return KEEP;
  const margin = rungMargin(cutoff, curves, goal, settings.noiseMargin);
  if (own <= cutoff + margin) return KEEP;
  // a rung whose order the next rung does not keep decides by chance (rank-gate.ts): every trial
  // that reached both counts, whatever its bracket, since the question is about the curves
  if (settings.rankGate > -1) {
    const next = maxSteps === null ? rung * settings.reductionFactor : Math.min(rung * settings.reductionFactor, maxSteps);
    const agreement = rungAgreement(curves, rung, next, goal);
    if (agreement !== null && agreement < settings.rankGate && !(settings.gateCeiling && pastEveryFinished(curves, rung, own, goal))) return KEEP;
  }
  const sign = goal === 'maximize' ? -1 : 1;
  const beyond = margin > 0 ? ` by more than the noise margin ${shown(margin)}` : '';
  return {
    prune: true,
    reason: `pruned at step ${step} (${label}): value ${shown(sign * own)} at the rung of step ${rung} is not among the best ${kept} of ${recorded.length} trials there (cutoff ${shown(sign * cutoff)})${beyond}`,
  };
}

/** The rung in (previous, step], if the trial crossed one with its latest value; null otherwise. */
export function rungCrossed(minSteps: number, eta: number, rate: number, previous: number, step: number): number | null {
  let crossed: number | null = null;
  for (let rung = minSteps * eta ** rate; rung <= step; rung *= eta) if (rung > previous) crossed = rung;
  return crossed;
}

/** asha's complete trials before any rung prunes, under a sampler that models curves (the GP); docs/pruning.md, "Session 32". */
export const MODELLED_RUNG_STARTUP = 5;

/**
 * The `asha` pruner: no rung prunes until `rungStartup` trials are complete (by default five when the
 * sampler models curves, none otherwise). The GP's fidelity input learns from the complete runs how an
 * early value foretells a final one; pruned start-up points leave it almost none to learn from, while
 * the TPE, which reads a pruned trial as a bad one, loses by waiting (a start-up of five costs it 1.3x
 * on curves_visible's epochs to no pruning's regret). Hyperband's brackets already keep some trials
 * from early rungs, and waiting did not change it.
 */
export function ashaPruner(context: PruneContext): PruneDecision {
  const { rungStartup } = context.settings;
  const complete = context.curves.filter((curve) => curve.state === 'complete').length;
  // which sampler is in charge is asked only while it could matter
  const waiting = rungStartup === null ? complete < MODELLED_RUNG_STARTUP && context.curvesModelled?.() === true : complete < rungStartup;
  return waiting ? KEEP : ashaDecision(context);
}
