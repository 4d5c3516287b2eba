// Programs with their own early stopping (Keras' EarlyStopping, a patience loop) end their runs at
// different steps. A pruner's decision may then be about a run's last value, taken while the program
// saves and exits: stopped there, it lost its checkpoint and was recorded pruned, though it had
// finished (a user audit: 3 of 20 pruned trials of such a program). Once the study's complete trials
// show it, a decision waits for the run's next value (runner/stop-orders.ts, `untilValue`).
import { lastStep, maxStepsOf, type Curve } from '../engine/index.js';

/** Two complete trials that ended at different steps: one short of a full run, and the longest. */
export interface SelfStopping {
  short: { id: number; step: number };
  full: { id: number | null; step: number };
}

/** Whether complete trials ended short of a full run (`maxSteps`, else the longest complete one: maxStepsOf); null while none did. */
export function selfStoppingRuns(curves: readonly Curve[], maxSteps: number | null): SelfStopping | null {
  const full = maxStepsOf(maxSteps, curves);
  if (full === null) return null;
  const complete = curves.filter((curve) => curve.state === 'complete' && curve.steps.length > 0);
  const short = complete.find((curve) => lastStep(curve) < full);
  if (short === undefined) return null;
  const longest = maxSteps === null ? (complete.find((curve) => lastStep(curve) === full)?.id ?? null) : null;
  return { short: { id: short.id, step: lastStep(short) }, full: { id: longest, step: full } };
}

/** The run's notice, once: what the study saw and what a decision does about it. */
export function selfStoppingNotice(pruner: string, seen: SelfStopping, waitS: number): string {
  const { short, full } = seen;
  const ended = full.id === null ? `trial ${short.id} ended by itself at step ${short.step}, short of max_steps ${full.step}` : `trial ${short.id} ended by itself at step ${short.step}, where trial ${full.id} ran ${full.step} steps`;
  const length = full.id === null ? '' : `; a full run is taken to be ${full.step} steps, the longest complete one (give --max-steps N to a new study if runs can go longer)`;
  return `--prune ${pruner}: ${ended} (the program's own early stopping, or a run length that varies): a decision now waits up to ${waitS} s for the run's next value, so that a run ending meanwhile stays complete${length}`;
}
