import { RuntimeFailure } from '../errors.js';
import { createGpuPool, type ConfigBase } from '../runner/index.js';
import { floatLabels } from '../space/index.js';
import type { Space } from '../space/types.js';
import type { Store } from '../store/types.js';
import type { LoopListener } from './listener.js';
import { createJudge, fullRunOf } from './judge.js';
import { createRunAdvice } from './run-advice.js';
import { heartbeatEveryMs, reclaimDeadTrials, reclaimNotice } from './reclaim.js';
import type { RunSettings } from './settings.js';
import { newEarlyPacing } from './ask-locked.js';
import { askNextTrial, type Ask } from './ask.js';
import { createFailureWatch } from './retries.js';
import { openStudyView } from './study-view.js';
import { runTrialJob, type TrialJob, type TrialJobContext, type TrialJobResult } from './trial-job.js';
import { finishedInfo, progressOf } from './progress.js';
import { createBudgetStop } from './budget-stop.js';
import { createEndWait, sleep } from './end-wait.js';
import { noMoreTrials, type StopReason, type StudyRunResult } from './stop-check.js';
import { finishedCount, type StudyState } from '../study/replay.js';
import { studyTimeBudget, timeBudgetSpent } from '../study/trial-time.js';

export type { StopReason, StudyRunResult };

export interface StudyRun {
  store: Store;
  study: string;
  space: Space;
  command: readonly string[];
  settings: RunSettings;
  /** host:pid, recorded on every trial this process runs. */
  worker: string;
  /** Other workers write to the same study (PostgreSQL): re-read before each ask, take over stale trials. */
  shared: boolean;
  listener?: LoopListener;
  /** `drain`: stop asking, let running trials finish. `kill`: kill running trials (recorded interrupted). */
  control?: { drain?: AbortSignal; kill?: AbortSignal };
  cwd?: string;
  env?: Record<string, string>;
  configBase?: ConfigBase; // `--config-file`'s file, read and checked by the caller
  /** Heartbeat period; default: a fifth of the heartbeat timeout, at most 5 s. */
  heartbeatMs?: number;
  /** The caller holds the study's run lock already (it took it before changing the study's target or budget). */
  lockHeld?: boolean;
}

/**
 * Runs trials in `settings.parallel` slots until the study has `target` finished trials. Every finish
 * is appended before the next ask, so `kill -9` at any moment loses no finished trial.
 */
export async function runStudy(run: StudyRun): Promise<StudyRunResult> {
  const release = run.lockHeld === true ? async (): Promise<void> => {} : await run.store.acquireRunLock(run.study, run.worker);
  try {
    return await runLocked(run);
  } finally {
    await release();
  }
}

async function runLocked(run: StudyRun): Promise<StudyRunResult> {
  const { store, study, settings, listener = {} } = run;
  const view = await openStudyView(store, study, run.shared, run.worker);
  const heartbeatTimeoutMs = settings.heartbeatTimeoutS * 1000;
  const heartbeatMs = run.heartbeatMs ?? heartbeatEveryMs((settings.heartbeatPaceS ?? settings.heartbeatTimeoutS) * 1000);
  const own = new Set<number>();
  listener.ready?.();
  // alone on the study, every trial still marked running was left by a tuner that died
  const reclaimed = run.shared ? [] : await reclaimDeadTrials(store, study, view, view.snapshot(), 'all', own, run.worker);
  // the budget as last changed, by this run's flag or by another worker's resume
  const budgetOf = (state: StudyState): number | null => studyTimeBudget(state, settings.timeBudgetS);
  if (reclaimed.length > 0) listener.notice?.(reclaimNotice(reclaimed, timeBudgetSpent(view.snapshot().trials, budgetOf(view.snapshot()), store.now())));

  const killer = new AbortController();
  const onKill = (): void => killer.abort();
  if (run.control?.kill?.aborted === true) killer.abort();
  else run.control?.kill?.addEventListener('abort', onKill, { once: true });
  const gpus = settings.gpus.length > 0 ? createGpuPool(settings.gpus) : null;
  const active = new Set<Promise<void>>();
  const stop = { asking: false, reason: null as StopReason | null, error: null as string | null };
  let fatal: unknown = null;
  let finishedThisRun = 0;
  let exhausted = false;
  const progress = (): void => listener.progress?.(progressOf(view.snapshot(), settings.goal, finishedThisRun, budgetOf(view.snapshot()), store.now()));
  const drained = (): boolean => run.control?.drain?.aborted === true || killer.signal.aborted;
  const spent = (): void => {
    stop.asking = true;
    stop.reason ??= 'budget';
    listener.notice?.(`time budget spent: stopping the ${own.size} running trial${own.size === 1 ? '' : 's'} (--at-budget stop)`);
  };
  const budgetStop = settings.atBudget === 'stop' ? createBudgetStop({ budgetOf, snapshot: view.snapshot, current: view.refresh, now: () => store.now(), running: () => own.size > 0, spent }) : null;
  const finish = (job: TrialJob, result: TrialJobResult, gpu: string | null): void => {
    if (gpu !== null) gpus?.release(gpu);
    own.delete(job.id);
    const { outcome } = result;
    if (result.startFailure !== null) {
      stop.asking = true;
      if (stop.reason !== 'start-failure') stop.error = result.startFailure.message;
      stop.reason = 'start-failure';
      killer.abort();
      return;
    }
    // the other worker's run is the trial now (trial-job.ts said so): this one counts for nothing here
    if (result.takenOver) return progress();
    if (outcome.state !== 'interrupted') finishedThisRun += 1;
    listener.trialFinished?.(finishedInfo(job, outcome, view.snapshot(), settings.goal));
    advise(job.id, outcome, result.arrivals);
    const { retry, failures } = failed.after(job.id, outcome);
    if (retry !== null) listener.notice?.(retry);
    if (failures !== null && stop.reason === null) {
      [stop.asking, stop.reason, stop.error] = [true, 'failures', failures];
      listener.notice?.(`stopping: ${failures}`);
    }
    progress();
  };

  const judge = createJudge(view, settings, run.shared, run.space, (text) => listener.notice?.(text));
  const advise = createRunAdvice(settings, (text) => listener.notice?.(text));
  const failed = createFailureWatch(settings, () => run.shared || view.snapshot().trials.some((t) => t.state === 'complete' || t.intermediate.length > 0), () => { const state = view.snapshot(); return finishedCount(state) >= state.target; });
  const fullRun = fullRunOf(view, settings);
  const labels = run.space.nodes.map((node) => node.label);
  const floats = floatLabels(run.space);
  const start = (job: TrialJob): void => {
    own.add(job.id);
    budgetStop?.watch();
    const gpu = gpus?.acquire() ?? null;
    listener.trialStarted?.({ id: job.id, params: job.params, retryOf: job.retryOf, gpu });
    const { command, worker, cwd, env } = run;
    const context: TrialJobContext = { store, study, command, settings, worker, listener, kill: killer.signal, stop: budgetStop?.signal, record: view.record, heartbeatMs, gpu, cwd, env, judge, fullRun, labels, floats, configBase: run.configBase };
    const promise: Promise<void> = runTrialJob(job, context)
      .then((result) => finish(job, result, gpu))
      .catch((error: unknown) => {
        fatal ??= error;
        stop.asking = true;
        killer.abort();
      })
      .finally(() => active.delete(promise));
    active.add(promise);
    progress();
  };

  const ask: Ask = {
    store,
    study,
    space: run.space,
    settings,
    worker: run.worker,
    view,
    own,
    staleAfterMs: run.shared ? heartbeatTimeoutMs : null,
    pacing: newEarlyPacing(),
    notice: (text) => listener.notice?.(text),
    retries: failed.retries,
  };
  const drainWake = new Promise<void>((resolve) => {
    run.control?.drain?.addEventListener('abort', () => resolve(), { once: true });
    killer.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  const endWait = createEndWait(heartbeatMs, (text) => listener.notice?.(text), heartbeatTimeoutMs);
  try {
    while (!stop.asking && !drained()) {
      let wait = false;
      while (active.size < settings.parallel && !stop.asking && !drained()) {
        // a shared study is read before every check, also by a worker started without a budget or a stop
        // rule: one that another machine's resume sets must stop this worker before its next trial, not after
        const fresh = run.shared ? await view.refresh() : view.snapshot();
        const over = noMoreTrials(fresh, settings, budgetOf(fresh), store.now());
        if (over !== null) {
          stop.asking = true;
          stop.reason ??= over.reason;
          if (over.reason === 'stop-rule') stop.error ??= over.text;
          const why = over.reason === 'stop-rule' ? over.text : budgetStop === null ? 'time budget spent' : null;
          if (active.size > 0 && why !== null) listener.notice?.(`${why}: no new trial starts; waiting for the ${active.size} running`);
          break;
        }
        const next = await askNextTrial(ask);
        if (next === 'exhausted') exhausted = true;
        if (next === 'wait') wait = true;
        if (typeof next === 'string') break;
        start(next);
      }
      if (exhausted || (active.size === 0 && !wait)) break;
      const waits: Promise<unknown>[] = [...active, drainWake];
      if (wait) waits.push(sleep(endWait.next(view.snapshot(), active.size === 0)));
      else endWait.reset();
      await Promise.race(waits);
    }
    await Promise.all(active);
  } finally {
    run.control?.kill?.removeEventListener('abort', onKill);
    budgetStop?.close();
  }
  if (fatal !== null) throw fatal;
  const state = await view.refresh();
  // Ctrl-C while the last trials ran is an interruption; a budget spent or a stop rule met just as the target was reached, the target
  const early = stop.reason === 'budget' || stop.reason === 'stop-rule' ? (drained() ? 'interrupted' : finishedCount(state) >= state.target ? 'target' : stop.reason) : null;
  const reason: StopReason = early ?? stop.reason ?? (drained() ? 'interrupted' : exhausted ? 'exhausted' : 'target');
  if (reason === 'start-failure' && stop.error === null) throw new RuntimeFailure('the command could not be started');
  return { reason, error: stop.error, state, reclaimed };
}
