// Trials that run outside hypertune: asked by `hypertune ask` (a cluster job trains, then calls
// `tell`), or recorded whole by `hypertune add` (results of runs made before or elsewhere).
import { UsageError } from '../errors.js';
import type { Space } from '../space/types.js';
import type { RecordedFinish, Store } from '../store/types.js';
import type { Config } from '../study/types.js';
import { askNextTrial } from './ask.js';
import type { RunSettings } from './settings.js';
import { openStudyView } from './study-view.js';

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
  state: 'complete' | 'failed' | 'pruned';
  value: number | null;
  error: string | null;
}

/** Finish an asked trial; an unknown, finished or worker-run trial is a usage error (exit 2). */
export async function tellExternal(store: Store, study: string, id: number, outcome: TellOutcome, intermediate: readonly number[] = []): Promise<void> {
  const state = await store.load(study);
  const trial = state?.trials.find((t) => t.id === id);
  if (trial === undefined) throw new UsageError(`study "${study}" has no trial ${id} (its trials are 0 to ${(state?.trials.length ?? 0) - 1})`);
  if (trial.state === 'interrupted' && trial.external && trial.leaseUntil !== undefined) {
    const again = state?.retried.has(id) === true ? ' and was given again to a later ask' : '';
    throw new UsageError(
      `trial ${id} of study "${study}" was not told within its lease (until ${new Date(trial.leaseUntil).toISOString()})${again}: ` +
        'its result is not recorded here; keep it with `hypertune add`, and ask with a longer --lease',
    );
  }
  if (trial.state !== 'running') {
    const value = trial.value === null ? '' : ` with ${trial.value}`;
    throw new UsageError(`trial ${id} of study "${study}" is already ${trial.state}${value}; tell finishes a running trial once`);
  }
  if (!trial.external) {
    throw new UsageError(`trial ${id} of study "${study}" is being run by ${trial.worker ?? 'a worker'}; tell finishes only trials from \`hypertune ask\``);
  }
  // the values a log held, in order, so the report draws the job's learning curve like a worker's
  for (const value of intermediate) await store.append(study, { type: 'trial_intermediate', id, value, at: store.now() });
  await store.append(study, { type: 'trial_finished', id, state: outcome.state, value: outcome.value, exitCode: null, error: outcome.error, at: store.now() });
}

export interface AddedResult {
  params: Config;
  finish: RecordedFinish;
}

/** Record finished results without running anything; returns their new ids, in order. */
export async function addResults(store: Store, study: string, worker: string, results: readonly AddedResult[]): Promise<number[]> {
  const ids: number[] = [];
  for (const result of results) {
    ids.push(await store.recordTrial(study, { params: result.params, startup: false, sampler: 'added', worker, at: result.finish.at, retryOf: null }, result.finish));
  }
  return ids;
}
