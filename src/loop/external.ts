// Trials that run outside hypertune: asked by `hypertune ask` (a cluster job trains, then calls
// `tell`), or recorded whole by `hypertune add` (results of runs made before or elsewhere).
import { UsageError } from '../errors.js';
import type { Space } from '../space/types.js';
import type { RecordedFinish, Store } from '../store/types.js';
import type { StudyState } from '../study/replay.js';
import type { Config } from '../study/types.js';
import { askNextTrial } from './ask.js';
import type { RunSettings } from './settings.js';
import { openStudyView } from './study-view.js';
import { createCurveThinning } from './curve-thinning.js';

export interface ExternalStudy {
  store: Store;
  study: string;
  space: Space;
  settings: RunSettings;
  /** Who asks, e.g. `ask@host:pid`; shown by summary. */
  worker: string;
  /** `ask --lease`: not told within this many ms, the trial is given again by a later ask. */
  leaseMs?: number;
}

export type ExternalAsk = { id: number; params: Config; retryOf: number | null } | 'covered' | 'exhausted';

/**
 * One new running trial, proposed exactly as a worker's would be (an interrupted trial is re-run
 * first). Several shells asking at once get distinct trials: each is created through the store's
 * atomic check that no other trial took its id since the history was read.
 */
export async function askExternal(study: ExternalStudy): Promise<ExternalAsk> {
  const view = await openStudyView(study.store, study.study, true);
  const result = await askNextTrial({ ...study, view, own: new Set(), staleAfterMs: null, external: true, notice: () => undefined });
  return result === 'wait' ? 'covered' : result;
}

export interface TellOutcome {
  /** interrupted: handed back (a preempted job), its parameters given again to the next ask. */
  state: 'complete' | 'failed' | 'pruned' | 'interrupted';
  value: number | null;
  error: string | null;
  /** The other metrics the job printed or was told (`extra_metrics:`, `tell --extra`); absent: none. */
  extras?: Record<string, number>;
}

/**
 * Finish an asked trial; an unknown, finished or worker-run trial is a usage error (exit 2). 'already':
 * the trial was finished with this very outcome before, by this tell's own write whose reply was lost
 * (the store's retry then finds it finished), or by the same tell run again as the docs advise after
 * one that exited 1: both are the job's result recorded, not a second one (a user audit: exit 2).
 */
export async function tellExternal(store: Store, study: string, id: number, outcome: TellOutcome, intermediate: ReadonlyArray<{ value: number; step: number }> = []): Promise<'told' | 'already'> {
  const before = await store.load(study);
  if (toldAlready(before, id, outcome)) return 'already';
  const refused = tellRefusal(before, study, id);
  if (refused !== null) throw refused;
  // the values a log held, in order, so the report draws the job's learning curve like a worker's;
  // written only if the trial is still running then: an ask past its lease or a second tell may have come between
  // thinned as a running trial's curve is (curve-thinning.ts), its last value kept: a per-batch log of a long run holds millions
  const thinning = createCurveThinning();
  const kept = intermediate.filter(({ step }, i) => thinning.keep(step) || i === intermediate.length - 1);
  const values = kept.map(({ value, step }) => ({ type: 'trial_intermediate', id, value, step, at: store.now() }) as const);
  const extras = outcome.extras === undefined || Object.keys(outcome.extras).length === 0 ? {} : { extras: outcome.extras };
  const finish = { type: 'trial_finished', id, state: outcome.state, value: outcome.value, exitCode: null, error: outcome.error, at: store.now(), ...extras } as const;
  if (await store.finishRunning(study, id, [...values, finish])) return 'told';
  const after = await store.load(study);
  if (toldAlready(after, id, outcome)) return 'already';
  throw tellRefusal(after, study, id) ?? new UsageError(`trial ${id} of study "${study}" was finished by another tell meanwhile; its result is not recorded`);
}

/** Whether asked trial `id` is finished with exactly this outcome (state, value and error). */
function toldAlready(state: StudyState | null, id: number, outcome: TellOutcome): boolean {
  const trial = state?.trials.find((t) => t.id === id);
  if (trial === undefined || !trial.external || trial.state !== outcome.state) return false;
  return Object.is(trial.value, outcome.value) && (trial.error ?? null) === outcome.error;
}

/** Why trial `id` cannot be told now (unknown, finished, past its lease, a worker's), or null. */
export function tellRefusal(state: StudyState | null, study: string, id: number): UsageError | null {
  const trial = state?.trials.find((t) => t.id === id);
  if (trial === undefined) return new UsageError(`study "${study}" has no trial ${id} (its trials are 0 to ${(state?.trials.length ?? 0) - 1})`);
  if (trial.state === 'interrupted' && trial.external && trial.leaseUntil !== undefined) {
    const again = state?.retried.has(id) === true ? ' and was given again to a later ask' : '';
    return new UsageError(
      `trial ${id} of study "${study}" was not told within its lease (until ${new Date(trial.leaseUntil).toISOString()})${again}: ` +
        'its result is not recorded here; keep it with `hypertune add`, and ask with a longer --lease',
    );
  }
  if (trial.state === 'queued') return new UsageError(`trial ${id} of study "${study}" is queued and has not been asked yet; tell finishes a trial that \`hypertune ask\` gave (its id is in ask's output)`);
  if (trial.state !== 'running') {
    const value = trial.value === null ? '' : ` with ${trial.value}`;
    return new UsageError(`trial ${id} of study "${study}" is already ${trial.state}${value}; tell finishes a running trial once`);
  }
  if (!trial.external) return new UsageError(`trial ${id} of study "${study}" is being run by ${trial.worker ?? 'a worker'}; tell finishes only trials from \`hypertune ask\``);
  return null;
}

export interface AddedResult {
  params: Config;
  finish: RecordedFinish;
}

/** Record finished results without running anything; returns their new ids, in order. */
export async function addResults(store: Store, study: string, worker: string, results: readonly AddedResult[]): Promise<number[]> {
  const records = results.map((result) => ({ trial: { params: result.params, startup: false, sampler: 'added' as const, worker, at: result.finish.at, retryOf: null }, finish: result.finish }));
  return store.recordTrials(study, records);
}
