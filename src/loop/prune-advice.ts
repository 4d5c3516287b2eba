import type { TrialOutcome } from '../runner/index.js';
import type { RunSettings } from './settings.js';

/** When a trial's metric values reached the tuner (ms, Date.now()), and when the trial ended. */
export interface ValueArrivals {
  count: number;
  firstAt: number | null;
  lastAt: number | null;
  endedAt: number;
  /** The last step a value gave (0 before any). */
  lastStep?: number;
  /** The first step a value gave. */
  firstStep?: number;
  /** The first time a value's step came before the one already given (a counter that starts again). */
  wentBack?: { from: number; to: number };
  /** How many values came at each step, the fewest and the most (a step's values come together); absent before the first. */
  perStep?: { min: number; max: number; current: number };
}

/** Notes one value's arrival at `at` (Date.now()) with its step. */
export function noteArrival(arrivals: ValueArrivals, step: number, at: number): void {
  arrivals.count += 1;
  arrivals.firstAt ??= at;
  arrivals.lastAt = at;
  if (step < (arrivals.lastStep ?? 0)) arrivals.wentBack ??= { from: arrivals.lastStep ?? 0, to: step };
  const per = arrivals.perStep;
  if (per !== undefined && step === arrivals.lastStep) per.current += 1;
  else if (per === undefined) arrivals.perStep = { min: Infinity, max: 0, current: 1 };
  else Object.assign(per, { min: Math.min(per.min, per.current), max: Math.max(per.max, per.current), current: 1 });
  arrivals.lastStep = step;
  arrivals.firstStep ??= step;
}

/** The fewest and the most values that came at one step, the last step's included; null before any value. */
export function valuesPerStep(arrivals: ValueArrivals): { min: number; max: number } | null {
  const per = arrivals.perStep;
  return per === undefined ? null : { min: Math.min(per.min, per.current), max: Math.max(per.max, per.current) };
}

/** A trial's values all came within this share of its duration, at its very end: they were held back. */
const BURST_SHARE = 0.05;
/** Trials shorter than this are too quick to tell a burst from a fast program. */
const MIN_DURATION_MS = 1000;

/**
 * Why pruning could not work on a trial, said once per run: a pruner judges values as they arrive, so
 * a program that reports one value, or whose output is held in a buffer until it exits, is never
 * stopped early, and without a word the user would take that for a pruner that found nothing to stop.
 */
export function createPruneAdvice(settings: RunSettings, notice: (text: string) => void): (id: number, outcome: TrialOutcome, arrivals: ValueArrivals) => void {
  const said = new Set<'single' | 'burst' | 'steps' | 'back'>();
  const once = (kind: 'single' | 'burst' | 'steps' | 'back', text: string): void => {
    if (said.has(kind)) return;
    said.add(kind);
    notice(text);
  };
  return (id, outcome, arrivals) => {
    if (settings.prune.name === 'none' || outcome.state !== 'complete') return;
    const back = arrivals.wentBack;
    if (back !== undefined) {
      // two fit() calls without initial_epoch count their epochs from 1 again (found by a user audit)
      once('back', `trial ${id}'s steps went back from ${back.from} to ${back.to} (a second training phase counting its epochs from 1 again?): its values share steps, and --prune ${settings.prune.name} compares them at the wrong ones; let the count run on (Keras: fit(..., initial_epoch=${back.from}))`);
    }
    const declared = settings.prune.maxSteps;
    if (declared !== null && (arrivals.lastStep ?? 0) > declared) {
      once('steps', `trial ${id} reported step ${arrivals.lastStep ?? 0}, past max_steps ${declared}: --prune ${settings.prune.name} takes step ${declared} for a full run and judges no step after it; give the run's own length (--max-steps ${arrivals.lastStep ?? 0})`);
    }
    // Lightning's `Epoch 0` ... `Epoch 8` for a max_steps of 9 epochs: the full run never reached, a stop at its last step no late one (a user audit)
    if (declared !== null && arrivals.firstStep === 0 && arrivals.lastStep === declared - 1) {
      once('steps', `trial ${id} counted its steps from 0 and ended at step ${declared - 1}: --prune ${settings.prune.name} takes step ${declared} (max_steps) for a full run, which such a program never reports; a study keeps its pruner's settings: give --max-steps ${declared - 1} to a new study (--study NAME)`);
    }
    if (arrivals.count === 1) {
      once('single', `trial ${id} reported a single value: --prune ${settings.prune.name} judges a trial by the values it prints while it runs; print the metric after every epoch (or evaluation) to have hopeless trials stopped`);
      return;
    }
    const { firstAt, lastAt, endedAt } = arrivals;
    const durationMs = outcome.durationS * 1000;
    if (arrivals.count < 3 || firstAt === null || lastAt === null || durationMs < MIN_DURATION_MS) return;
    const window = BURST_SHARE * durationMs;
    if (lastAt - firstAt > window || endedAt - firstAt > 2 * window + 200) return;
    // a program may hold its log file's lines in a buffer as print holds output
    const held = settings.metricFile
      ? `its metric file ${settings.metricFile} looks written only at the end, so --prune could not judge it while it ran; have the program flush it after each epoch (a file it writes: f.flush(); a TensorBoard writer: writer.flush())`
      : 'its output looks buffered, so --prune could not judge it while it ran; flush after each line (Python: print(..., flush=True); C or C++: fflush(stdout), or run it under stdbuf -oL)';
    once('burst', `trial ${id}'s ${arrivals.count} values all arrived as it ended: ${held}`);
  };
}
