// A value a job reports while it runs (`hypertune tell ID VALUE --step N`), judged by the study's
// pruner as a worker's running trial is: Optuna's trial.report and should_prune, for trials that are
// cluster jobs (a user audit: a job had no way to be pruned, nor to show its curve until its end).
import { UsageError } from '../errors.js';
import type { Space } from '../space/types.js';
import type { Store } from '../store/types.js';
import { lastSignOfLife } from '../store/stale.js';
import type { TrialEvent } from '../study/events.js';
import type { StudyState } from '../study/replay.js';
import type { Trial } from '../study/types.js';
import { tellRefusal } from './external.js';
import { judgeTrial } from './judge.js';
import type { RunSettings } from './settings.js';

/**
 * Stores the value at its step if the trial is still a running asked one; returns why the pruner
 * would stop it, or null (go on). `before`: the study as the caller read it, to refuse an unknown,
 * finished or worker-run trial; the store's own check then guards the write.
 */
export async function reportExternal(store: Store, study: string, before: StudyState, id: number, value: number, step: number, settings: RunSettings, space: Space): Promise<string | null> {
  const refused = tellRefusal(before, study, id);
  if (refused !== null) throw refused;
  // steps never go back, as the library's report() has it: the pruner would judge a curve out of order (a re-audit)
  const trial = before.trials.find((t) => t.id === id);
  const last = trial?.steps.at(-1);
  if (last !== undefined && step < last) throw new UsageError(`tell --step ${step} comes after step ${last} of trial ${id}; steps never go back`);
  // the same tell again (a retry after a lost reply, as the docs advise) is not a second value (a user audit)
  const repeated = last === step && Object.is(trial?.intermediate.at(-1), value);
  // a diverged run is stopped at once, before its value is stored, as a worker's is
  if (!Number.isFinite(value)) return `stopped at step ${step}: the metric was ${value}`;
  // written only while the trial runs: an ask that gave it again past its lease, or a tell, came first
  const at = store.now();
  // the same tell again renews the lease too: the job is alive (a re-audit: it said continue, the lease stayed run out)
  const events: TrialEvent[] = [...(repeated ? [] : [{ type: 'trial_intermediate' as const, id, value, step, at }]), ...leaseRenewal(trial, at)];
  if (events.length > 0 && !(await store.finishRunning(study, id, events))) {
    throw tellRefusal(await store.load(study), study, id) ?? new UsageError(`trial ${id} of study "${study}" is no longer running`);
  }
  if (settings.prune.name === 'none') return null;
  const state = await store.load(study);
  const decision = state === null ? null : judgeTrial(state, settings, space, id, step);
  return decision?.prune === true ? decision.reason : null;
}

/**
 * A step reported is a sign of life: an asked trial's lease runs on from it by its length (a user
 * audit: a job reporting every 2 s lost its trial to another job when its 5 s lease ran out). The length
 * is the lease's last span, from its last renewal (the ask at first) to its end.
 */
function leaseRenewal(trial: Trial | undefined, at: number): TrialEvent[] {
  if (trial?.external !== true || trial.leaseUntil === undefined || trial.worker === null) return [];
  const length = trial.leaseUntil - lastSignOfLife(trial);
  return length > 0 ? [{ type: 'trial_heartbeat', id: trial.id, worker: trial.worker, at, leaseUntil: at + length }] : [];
}
