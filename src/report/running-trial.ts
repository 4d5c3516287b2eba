import { SILENT_SLACK_MS } from '../study/trial-time.js';
import { formatDuration, formatValue } from './format.js';
import type { TrialSummary } from './summary.js';

/** `, val_loss 0.412 at step 31`: a running trial's latest reported value, '' before its first. */
export function latestValueText(metric: string, trial: TrialSummary): string {
  const last = trial.intermediate.at(-1);
  return last === undefined ? '' : `, ${metric} ${formatValue(last)} at step ${trial.steps.at(-1) ?? trial.intermediate.length}`;
}

/**
 * `, no heartbeat for 2m10s` once a worker's running trial has been silent past SILENT_SLACK_MS (its
 * tuner killed, its machine down: the trial's time stops counting, and it is taken over after the
 * heartbeat timeout); '' while it beats, and for an asked trial (no heartbeats; its lease says).
 */
export function silenceText(trial: TrialSummary, now: number): string {
  return trial.lastSignAt !== null && now - trial.lastSignAt > SILENT_SLACK_MS ? `, no heartbeat for ${formatDuration((now - trial.lastSignAt) / 1000)}` : '';
}
