// Pruners: pure functions of (settings, every trial's curve so far, seed, id) -> stop or go on.
import { ashaPruner } from './asha.js';
import { lastStep, maxStepsOf, shown } from './curves.js';
import { hyperbandDecision } from './hyperband.js';
import { medianDecision } from './median.js';
import { HYPERBAND_NOISE_MARGIN_Z, NOISE_MARGIN_Z } from './noise.js';
import { RANK_GATE } from './rank-gate.js';
import { heldBeforeTurn } from './turn-guard.js';
import { heldToConfirm } from './confirm.js';
import { BRACKET_SHARES, CONFIRM_GOOD, KEEP, RUNG_VALUES, PRUNER_NAMES, type PruneContext, type PruneDecision, type PrunerName, type PrunerOptions, type PrunerSettings } from './types.js';

export type { BracketShares, Curve, PruneContext, PruneDecision, PrunerName, PrunerOptions, PrunerSettings } from './types.js';
export { PRUNER_NAMES } from './types.js';
export { bracketOf, bracketWeights } from './hyperband.js';
export { medianOf } from './median.js';
export { lastStep, lossReaching, maxStepsOf } from './curves.js';
export { HYPERBAND_NOISE_MARGIN_Z, NOISE_MARGIN_Z, relativeStepNoise } from './noise.js';

/**
 * Defaults from docs/pruning.md's benchmark: the median's 5 start-up trials (Optuna's), but a warm-up
 * of a third of a full run (Optuna: 0); a first rung at a ninth of a full run (Optuna, Ray: step 1) and
 * eta 3 for both asha (Optuna, Ray: 4) and hyperband (as Optuna's). Judging earlier, or keeping fewer,
 * stopped the runs that learn slowly but end best. A noise margin at rungs of half the curves'
 * step-to-step noise for asha and one noise for hyperband, and hyperband's brackets drawn with the
 * classic counts times eta^-b. asha and hyperband prune at a rung only while that rung's ranking agrees
 * with the next one's (rank correlation at least 0.5), and neither stops a trial that stands at a rung as well
 * as the best complete run stood there. No pruner stops a trial before the step where most good
 * complete curves turn up (the turn guard).
 */
export function resolvePruner(given: PrunerName | PrunerOptions = {}): PrunerSettings {
  const options: PrunerOptions = typeof given === 'string' ? { name: given } : given;
  const name = options.name ?? 'none';
  return {
    name,
    startupTrials: options.startupTrials ?? 5,
    warmupSteps: options.warmupSteps ?? null,
    minSteps: options.minSteps ?? null,
    reductionFactor: options.reductionFactor ?? 3,
    maxSteps: options.maxSteps ?? null,
    noiseMargin: options.noiseMargin ?? (name === 'hyperband' ? HYPERBAND_NOISE_MARGIN_Z : NOISE_MARGIN_Z),
    bracketShares: options.bracketShares ?? 'scaled',
    rankGate: options.rankGate ?? RANK_GATE,
    gateCeiling: options.gateCeiling ?? true,
    turnGuard: options.turnGuard ?? true,
    bestRunGuard: options.bestRunGuard ?? true,
    rungStartup: options.rungStartup ?? null,
    hindsight: options.hindsight ?? 0,
    confirmAfter: options.confirmAfter ?? 2,
    confirmGood: options.confirmGood ?? 'half',
    rungValue: options.rungValue ?? 'at',
  };
}

/** What is wrong with the settings, naming the setting as a user writes it; null when they are usable. */
export function prunerProblem(settings: PrunerSettings): string | null {
  if (!PRUNER_NAMES.includes(settings.name)) return `prune must be one of ${PRUNER_NAMES.join(', ')} (got ${JSON.stringify(settings.name)})`;
  const whole = (value: number, min: number): boolean => Number.isInteger(value) && value >= min;
  if (!whole(settings.startupTrials, 0)) return `startup trials must be a whole number >= 0 (got ${settings.startupTrials})`;
  if (settings.warmupSteps !== null && !whole(settings.warmupSteps, 0)) return `warm-up steps must be a whole number >= 0 (got ${settings.warmupSteps})`;
  if (settings.minSteps !== null && !whole(settings.minSteps, 1)) return `min steps must be a whole number >= 1 (got ${settings.minSteps})`;
  if (!(Number.isFinite(settings.reductionFactor) && settings.reductionFactor >= 2)) {
    return `reduction factor must be a number >= 2 (got ${settings.reductionFactor})`;
  }
  if (settings.maxSteps !== null && !whole(settings.maxSteps, 1)) return `max steps must be a whole number >= 1 (got ${settings.maxSteps})`;
  if (settings.maxSteps !== null && settings.minSteps !== null && settings.maxSteps < settings.minSteps) {
    return `max steps (${settings.maxSteps}) must be at least min steps (${settings.minSteps})`;
  }
  if (!(Number.isFinite(settings.noiseMargin) && settings.noiseMargin >= 0)) return `noise margin must be a number >= 0 (got ${settings.noiseMargin})`;
  if (settings.rungStartup !== null && !whole(settings.rungStartup, 0)) return `rung start-up trials must be a whole number >= 0 (got ${settings.rungStartup})`;
  if (!(whole(settings.hindsight, 0) || (settings.hindsight > 0 && settings.hindsight < 1))) return `hindsight must be a whole number >= 0 or a share below 1 (got ${settings.hindsight})`;
  if (!whole(settings.confirmAfter, 0)) return `confirm after must be a whole number >= 0 (got ${settings.confirmAfter})`;
  if (!CONFIRM_GOOD.includes(settings.confirmGood)) return `confirm good must be one of ${CONFIRM_GOOD.join(', ')} (got ${JSON.stringify(settings.confirmGood)})`;
  if (!(settings.rankGate >= -1 && settings.rankGate <= 1)) return `rank gate must be a number from -1 to 1 (got ${settings.rankGate})`;
  if (!RUNG_VALUES.includes(settings.rungValue)) return `rung value must be one of ${RUNG_VALUES.join(', ')} (got ${JSON.stringify(settings.rungValue)})`;
  if (!BRACKET_SHARES.includes(settings.bracketShares)) return `bracket shares must be one of ${BRACKET_SHARES.join(', ')} (got ${JSON.stringify(settings.bracketShares)})`;
  return null;
}

/**
 * Whether the trial `context.id` should stop now, judged at its latest value. With any pruner on, a
 * NaN or infinite value stops it at once: a diverged run does not come back.
 */
export function decidePrune(context: PruneContext): PruneDecision {
  const { settings, curves, id } = context;
  if (settings.name === 'none') return KEEP;
  const trial = curves.find((curve) => curve.id === id);
  const last = trial?.values[trial.values.length - 1];
  if (trial === undefined || last === undefined) return KEEP;
  if (!Number.isFinite(last)) return { prune: true, reason: `stopped at step ${lastStep(trial)}: the metric was ${shown(last)}` };
  // no trial is pruned once it reached the full run's last step: it is done anyway
  const full = maxStepsOf(settings.maxSteps, curves);
  if (full !== null && Math.max(lastStep(trial), context.reached ?? 0) >= full) return KEEP;
  const rule: Record<Exclude<PrunerName, 'none'>, (context: PruneContext) => PruneDecision> = {
    median: medianDecision,
    asha: ashaPruner,
    hyperband: hyperbandDecision,
  };
  const decision = rule[settings.name](context);
  // every rule: a step before the good curves turn up ranks how fast runs learn, not where they end
  // (turn-guard.ts); the value a rule judges is the trial's latest, so the guard asks at its step
  if (!decision.prune) return decision;
  const confirm = heldToConfirm(context, lastStep(trial));
  if (confirm !== null) return { prune: false, reason: null, held: confirm };
  if (!settings.turnGuard) return decision;
  return heldBeforeTurn(context, lastStep(trial)) ?? decision;
}
