import { NO_MATCH, type TrialOutcome } from '../runner/index.js';
import type { Trial } from '../study/types.js';
import type { RunSettings } from './settings.js';

/** A crashed trial due to run again, and which run of its parameters that will be after the first (1, 2, ...). */
export interface DueRetry {
  trial: Trial;
  attempt: number;
}

/**
 * `--retries N`: a trial whose program crashed (the runner's `crashed`: an exit code other than 0, or a
 * signal the tuner did not send; not a timeout, not a run that ended without its metric) runs again
 * with the same parameters, up to N times, as Ray Tune's `max_failures` and Optuna's
 * `RetryFailedTrialCallback` do. Each run is a trial of its own (`retryOf`), so each crash stays on
 * record with its exit code and stderr, and each counts toward --trials and --max-failures: the compute
 * was spent, and a program that crashes every time still stops the study. The samplers learn from the
 * last run only (study/history.ts). The worker that saw the crash runs it again at its next ask, before
 * anything else; a worker stopped meanwhile leaves the trial failed.
 */
export interface Retries {
  /** After a trial finished: queues it when it crashed with runs left; the notice to give, or null. */
  afterFinish(id: number, outcome: TrialOutcome): string | null;
  /** Whether a crashed trial waits for its re-run. */
  pending(): boolean;
  /** The oldest crashed trial due to run again (taken off the queue), found among the study's trials; null: none. */
  take(trials: readonly Trial[]): DueRetry | null;
  /**
   * After the ask that took `due`: its re-run was created under the id `created` (a crash of that one
   * counts on from its attempt), or was not (something else was due, or the store failed): it waits on.
   */
  settle(due: DueRetry, created: number | string | null): void;
}

export function createRetries(limit: number): Retries {
  const due: Array<{ id: number; attempt: number }> = [];
  const attempts = new Map<number, number>();
  return {
    afterFinish(id, outcome) {
      if (limit <= 0 || outcome.state !== 'failed' || outcome.crashed !== true) return null;
      const attempt = (attempts.get(id) ?? 0) + 1;
      if (attempt > limit) return null;
      due.push({ id, attempt });
      return `trial ${id}: the program crashed; its parameters run again (retry ${attempt} of ${limit}, --retries)`;
    },
    pending: () => due.length > 0,
    take(trials) {
      for (let next = due.shift(); next !== undefined; next = due.shift()) {
        const trial = trials.find((t) => t.id === next?.id);
        if (trial !== undefined) return { trial, attempt: next.attempt };
      }
      return null;
    },
    settle(retry, created) {
      if (typeof created === 'number') attempts.set(created, retry.attempt);
      else due.unshift({ id: retry.trial.id, attempt: retry.attempt });
    },
  };
}

/** What a run does after each finished trial: run a crashed one again (`--retries`), and stop after too many failures in a row. */
export interface FailureWatch {
  retries: Retries;
  /** `retry`: the notice of a re-run queued; `failures`: why the study stops (`--max-failures`); null: neither. */
  after(id: number, outcome: TrialOutcome): { retry: string | null; failures: string | null };
}

/**
 * A trial whose program ran to its end (exit code 0) and printed not one value of the metric. Two in a
 * row, in a study where no trial has shown a value of it (complete, failed or running): the metric's
 * name or pattern is wrong, and every further trial would run in full to fail the same way (a user
 * audit: `--metric accuracy` for a program printing `acc` spent five full runs before --max-failures).
 * Two, not one: a program that prints its metric for some configurations only lost its study at its
 * first trial (a re-audit). Not on a shared study, whose other workers' values this one may not see yet.
 */
function metricNeverSeen(outcome: TrialOutcome): boolean {
  return outcome.state === 'failed' && outcome.exitCode === 0 && outcome.signal === null && !outcome.timedOut && outcome.intermediate.length === 0 && (outcome.error ?? '').startsWith(NO_MATCH);
}

/**
 * `valueSeen`: whether a trial of the study has shown a value of the metric (true: the rule above is off);
 * `targetMet`: whether the study has its target of finished trials, so that no re-run can start.
 */
export function createFailureWatch(settings: Pick<RunSettings, 'retries' | 'maxFailures'>, valueSeen: () => boolean = () => true, targetMet: () => boolean = () => false): FailureWatch {
  const retries = createRetries(settings.retries);
  let inARow = 0;
  let unreadInARow = 0;
  return {
    retries,
    after(id, outcome) {
      // a pruned trial is no failure, and no proof that the program works either: the count stays.
      // A crash run again counts too: a program that crashes every time still stops the study
      inARow = outcome.state === 'failed' ? inARow + 1 : outcome.state === 'complete' ? 0 : inARow;
      const max = settings.maxFailures;
      unreadInARow = metricNeverSeen(outcome) ? unreadInARow + 1 : 0;
      const unread = max > 0 && unreadInARow >= 2 && !valueSeen();
      const failures = unread
        ? `two trials in a row ran to their end (exit code 0) without printing the metric, and no trial had shown a value of it (--max-failures 0 runs on); the last: trial ${id}: ${outcome.error ?? ''}`
        : max > 0 && inARow >= max ? `${inARow} trial${inARow === 1 ? '' : 's'} failed in a row (--max-failures ${max}); the last: trial ${id}: ${outcome.error ?? 'no reason recorded'}` : null;
      // a study that stops here runs nothing again: no notice that it will (a user audit saw one, then the stop)
      const retry = failures === null ? retries.afterFinish(id, outcome) : null;
      // the study's last trial crashed: a re-run counts toward the target too, so none starts (a re-audit saw "run again", then the end)
      if (retry !== null && targetMet()) return { retry: `trial ${id}: the program crashed; not run again: the study has reached its target of finished trials, which a re-run counts toward (--retries)`, failures };
      return { retry, failures };
    },
  };
}
