import type { Store } from '../store/types.js';

/**
 * A trial that runs another again (an interrupted or preempted one, a crash under --retries) is told
 * which, and where that one's folder is on this machine: a program that saves checkpoints into its
 * trial folder (HYPERTUNE_TRIAL_DIR, or --cwd trial) picks up where the other stopped instead of from
 * scratch (a user audit: on a preemptible partition every preemption restarted training at epoch 0;
 * Optuna's RetryFailedTrialCallback gives the retried trial's number, Ray Tune restores a checkpoint).
 * A folder on another machine is not there: then only the id.
 */
export async function retryEnv(store: Store, study: string, retryOf: number | null): Promise<Record<string, string>> {
  if (retryOf === null) return {};
  const folder = await store.earlierTrialFolder(study, retryOf);
  return { HYPERTUNE_RETRY_OF: String(retryOf), ...(folder === null ? {} : { HYPERTUNE_RETRY_DIR: folder }) };
}
