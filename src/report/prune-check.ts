// Whether a study's pruning stopped runs at steps whose values did not foretell the end. A pruner
// stops a trial on how it stands early; where the runs that end best start slowly (a learning-rate
// schedule, a long warm-up, momentum that oscillates first: a user audit's numpy MLP whose best run
// stood 29th of 30 at epoch 3), it stops the very runs the search needed, and nothing said so. The
// study itself shows it afterwards: the run that ended best, placed among every trial that reached a
// step where others were stopped, stands in the worse part there. docs/pruning.md, "Did pruning stop
// the runs that end best?" (`npm run bench -- prune-check`) has the screen behind the rule.
import { lastStep, lossReaching, type Curve } from '../engine/index.js';
import type { Goal } from '../space/types.js';
import { stoppedAtStep, type Trial, type TrialCurve, type TrialState } from '../study/types.js';
import { formatValue } from './format.js';
import type { StudySummary } from './summary.js';

/** What the check reads of a trial. */
export interface CheckedTrial {
  id: number;
  state: TrialState;
  value: number | null;
  curve?: TrialCurve;
  /** A pruned trial's step where it was stopped, where known; else its curve's last step. */
  stoppedAt?: number | null;
}

/** The rule's settings (the screen tried others). */
export interface PruneCheckRule {
  /** A run stands badly at a step when more than this share of the trials that reached it stood better. */
  share: number;
  /** A step is looked at when at least this many trials reached it ... */
  minReached: number;
  /** ... and at least this many were stopped there. */
  minStopped: number;
  /** Complete runs needed before anything is said. */
  minComplete: number;
}

export const PRUNE_CHECK_RULE: PruneCheckRule = { share: 0.5, minReached: 8, minStopped: 3, minComplete: 3 };

/** Where the run that ended best stood at one step where trials were stopped. */
export interface StepStanding {
  step: number;
  /** 1 = the best value of every trial that reached the step. */
  rank: number;
  reached: number;
  stopped: number;
}

export interface PruneCheck {
  /** The complete trial with the best result. */
  best: { id: number; value: number };
  /** The steps where trials were stopped and the best run stood badly, in order. */
  badSteps: StepStanding[];
  /** How many steps with stopped trials were looked at. */
  looked: number;
  /**
   * The first step from which the best run stood well at every later step where enough trials
   * reached: where a pruner could begin judging on this study's evidence; null when no such step.
   */
  safeFrom: number | null;
}

/** The check; null when the study has too few complete runs or stopped trials to tell. */
export function pruneCheck(trials: readonly CheckedTrial[], goal: Goal, rule: PruneCheckRule = PRUNE_CHECK_RULE): PruneCheck | null {
  // each trial as a pruner's curve: a value's loss on reaching a step is what a pruner judged there
  const curves: (Curve & { value: number | null; stoppedAt?: number | null })[] = trials
    .filter((t) => t.curve !== undefined && t.curve.steps.length > 0 && (t.state === 'complete' || t.state === 'pruned'))
    .map((t) => ({ id: t.id, state: t.state, value: t.value, stoppedAt: t.stoppedAt, steps: t.curve?.steps ?? [], values: t.curve?.values ?? [] }));
  const sign = goal === 'maximize' ? -1 : 1;
  const complete = curves.filter((t) => t.state === 'complete' && t.value !== null && Number.isFinite(t.value));
  if (complete.length < rule.minComplete) return null;
  const best = complete.reduce((a, b) => (sign * (b.value as number) < sign * (a.value as number) ? b : a));
  const stoppedAt = new Map<number, number>();
  for (const t of curves) {
    if (t.state !== 'pruned') continue;
    const step = t.stoppedAt ?? lastStep(t);
    stoppedAt.set(step, (stoppedAt.get(step) ?? 0) + 1);
  }
  const standing = (step: number): StepStanding | null => {
    const own = lossReaching(best, step, goal);
    if (own === undefined) return null;
    let reached = 0;
    let better = 0;
    for (const curve of curves) {
      const at = lossReaching(curve, step, goal);
      if (at === undefined) continue;
      reached += 1;
      if (curve.id !== best.id && at < own) better += 1;
    }
    return reached >= rule.minReached ? { step, rank: better + 1, reached, stopped: stoppedAt.get(step) ?? 0 } : null;
  };
  const badly = (s: StepStanding): boolean => s.rank - 1 > rule.share * (s.reached - 1);
  const judged = [...stoppedAt.entries()].filter(([, count]) => count >= rule.minStopped).map(([step]) => step).sort((a, b) => a - b);
  const looked = judged.map(standing).filter((s): s is StepStanding => s !== null);
  if (looked.length === 0) return null;
  let safeFrom: number | null = null;
  for (const step of [...new Set(best.steps)].sort((a, b) => a - b)) {
    const s = standing(step);
    if (s === null) continue;
    if (badly(s)) safeFrom = null;
    else safeFrom ??= step;
  }
  return { best: { id: best.id, value: best.value as number }, badSteps: looked.filter(badly), looked: looked.length, safeFrom };
}

/** At most this many steps are named in the note. */
const STEPS_SHOWN = 3;

/**
 * The note, or [] when the check found nothing: how the run that ended best stood where others were
 * stopped, and from which step on it stood well.
 */
export function pruneCheckLines(check: PruneCheck | null, metric: string): string[] {
  if (check === null || check.badSteps.length === 0) return [];
  const shown = check.badSteps.slice(0, STEPS_SHOWN).map((s) => `${s.rank} of the ${s.reached} trials at step ${s.step} (${s.stopped} stopped there)`);
  const more = check.badSteps.length - shown.length;
  const from = check.safeFrom === null ? 'It never stood in the better half at a step most trials reached.' : `It stood in the better half from step ${check.safeFrom} on.`;
  return [
    `Pruning check: the trial that ended best (trial ${check.best.id}, ${metric} ${formatValue(check.best.value)}) ranked ${shown.join(', ')}${more > 0 ? `, and as low at ${more} more step${more === 1 ? '' : 's'}` : ''}.`,
    `  Early values did not foretell the end here: trials stopped at those steps may have ended better. ${from}`,
  ];
}

/** The check on a study's trials (a run's end). */
export function trialsPruneCheck(trials: readonly Trial[], goal: Goal): PruneCheck | null {
  if (!trials.some((t) => t.state === 'pruned')) return null;
  return pruneCheck(trials.map((t) => checked(t, t.state === 'pruned' ? stoppedAtStep(t) : null)), goal);
}

/** The note in one line, for the end of a run (summary gives it whole); null when there is nothing to say. */
export function pruneCheckLine(check: PruneCheck | null): string | null {
  const first = check?.badSteps[0];
  if (check === null || first === undefined) return null;
  return `Pruning check: the trial that ended best (trial ${check.best.id}) ranked ${first.rank} of the ${first.reached} trials at step ${first.step}, where ${first.stopped} were stopped: early values did not foretell the end (summary says more)`;
}

/** The check on a summary's trials (their values per step and where each pruned one was stopped). */
export function summaryPruneCheck(summary: StudySummary): PruneCheck | null {
  if (summary.counts.pruned === 0) return null;
  return pruneCheck(summary.trials.map((t) => checked(t, t.stoppedAt)), summary.goal);
}

/** A stored trial or a summary's, as the check reads it. */
function checked(t: Pick<Trial, 'id' | 'state' | 'value' | 'steps' | 'intermediate'>, stoppedAt: number | null): CheckedTrial {
  return { id: t.id, state: t.state, value: t.value, curve: { steps: t.steps, values: t.intermediate }, stoppedAt };
}

/** The check as data for `summary --format json`; null where nothing could be told. */
export function pruneCheckJson(check: PruneCheck | null): object | null {
  if (check === null) return null;
  return { best_trial: check.best.id, steps_looked: check.looked, bad_steps: check.badSteps.map(({ step, rank, reached, stopped }) => ({ step, rank, reached, stopped })), safe_from: check.safeFrom };
}
