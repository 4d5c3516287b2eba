import { silentSlackMs } from '../study/trial-time.js';
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
  const silent = silentMs(trial, now);
  return silent === null ? '' : `, no heartbeat for ${formatDuration(silent / 1000)}`;
}

/** How long a worker's running trial has sent no heartbeat, once past SILENT_SLACK_MS; null while it beats, and for an asked one. */
export function silentMs(trial: Pick<TrialSummary, 'lastSignAt'>, now: number): number | null {
  return trial.lastSignAt !== null && now - trial.lastSignAt > silentSlackMs() ? now - trial.lastSignAt : null;
}
