import { resolve } from 'node:path';
import { RuntimeFailure } from '../errors.js';
import { retryEnv } from './retry-env.js';
import { configCopyName, configFileText, paramsFileText, runTrial, threadsField, type ConfigBase, type PruneOrder, type TrialLaunch, type TrialOutcome } from '../runner/index.js';
import { openMetricFile } from '../store/metric-file.js';
import { metricFilePath } from './metric-file-path.js';
import type { Store } from '../store/types.js';
import type { TrialEvent } from '../study/events.js';
import type { Config } from '../space/types.js';
import type { RunSettings } from './settings.js';
import { createTrialWriter, type TrialWriter } from './trial-writer.js';
import type { Judge } from './judge.js';
import type { LoopListener } from './listener.js';
import { noteArrival, type ValueArrivals } from './prune-advice.js';
import { createCurveThinning } from './curve-thinning.js';
import { unrecordedNotice } from './unrecorded.js';
import { createJudgedWrites } from './judged-writes.js';
import { beforeStart, BeforeStart, interruptedBeforeStart, unlessStoppedWithTuner } from './stopped-with-tuner.js';

export interface TrialJob {
  id: number;
  params: Config;
  retryOf: number | null;
}

export interface TrialJobContext {
  store: Store;
  study: string;
  command: readonly string[];
  settings: RunSettings;
  worker: string;
  listener: LoopListener;
  /** Aborted to kill the trial (second Ctrl-C, or the study stopping at once). */
  kill: AbortSignal;
  /** Aborted to stop the trial as a pruned one is, and record it interrupted (`--at-budget stop`), with the reason. */
  stop?: AbortSignal | undefined;
  record(event: TrialEvent): void;
  heartbeatMs: number;
  gpu: string | null;
  cwd?: string | undefined;
  env?: Record<string, string> | undefined;
  /** Every parameter label of the space (TrialLaunch.labels). */
  labels?: readonly string[] | undefined;
  /** The labels whose values are floats (TrialLaunch.floats). */
  floats?: readonly string[] | undefined;
  configBase?: ConfigBase | undefined; // `--config-file`'s file as read at the run's start, copied for each trial
  /**
   * Set when a pruner is on: judges the trial at its latest stored value (the loop's pruner over the
   * study as the store holds it now); resolves to why it should stop, or null.
   */
  judge?: Judge | undefined;
  /** The steps of a full run as the study knows it now; null while unknown. */
  fullRun?: (() => number | null) | undefined;
}

export interface TrialJobResult {
  outcome: TrialOutcome;
  /** Set when the command could not be started at all: the study must stop. */
  startFailure: RuntimeFailure | null;
  /** When its metric values reached the tuner (prune-advice.ts). */
  arrivals: ValueArrivals;
  /** Another worker took the trial over while this one could not reach the store: nothing of this run was recorded since. */
  takenOver: boolean;
}

/** One trial: started, heartbeats, intermediate values, output, and its finish, all in the store. */
export async function runTrialJob(job: TrialJob, context: TrialJobContext): Promise<TrialJobResult> {
  const { store, study } = context;
  // taken over by another worker while this one could not reach the store (a network partition
  // longer than the heartbeat timeout): the re-run is the trial now, so this run stops and frees its GPU
  // (one signal for both, made by hand: AbortSignal.any needs Node 20.3)
  const stopping = new AbortController();
  const forward = (): void => stopping.abort();
  if (context.kill.aborted) stopping.abort();
  else context.kill.addEventListener('abort', forward, { once: true });
  let ended: TrialOutcome | null = null;
  const lost = (why?: string): void => {
    // a run that had ended already (its finish waited for the store) is not "stopped", and its result is not the trial's
    const result = ended === null ? 'stopped it here' : `its run here had ${ended.state === 'complete' ? `ended (${context.settings.metric}=${String(ended.value)})` : `ended ${ended.state}`}; that result is not recorded`;
    context.listener.notice?.(`trial ${job.id} ${why === undefined ? 'was taken over by another worker while this one sent no heartbeat (cut off from the store, or stopped)' : `is not recorded: ${why}`}: ${result}`);
    stopping.abort();
  };
  const writer = createTrialWriter(store, study, job.id, context.settings.keepOutput, context.record, lost);
  const kill = stopping.signal;
  // not written on its own: the program starts at once, and the start goes with the first write
  // with the folder it runs in, which `show` names: a worker that joined from elsewhere runs it there
  const ranIn = context.settings.cwdMode === 'start' ? { cwd: resolve(context.cwd ?? process.cwd()) } : {};
  writer.later({ type: 'trial_started', id: job.id, worker: context.worker, at: store.now(), ...ranIn });
  // while the store is slow or away, heartbeats are not queued up behind one another
  let beating = false;
  const heartbeat = setInterval(() => {
    if (beating) return;
    beating = true;
    const beat = writer.now({ type: 'trial_heartbeat', id: job.id, worker: context.worker, at: store.now() });
    void beat.catch(() => undefined).then(() => (beating = false));
  }, context.heartbeatMs);
  heartbeat.unref();
  const started = Date.now();
  const arrivals: ValueArrivals = { count: 0, firstAt: null, lastAt: null, endedAt: started };
  const skipped: { last: TrialEvent | null; drain?: () => void } = { last: null };
  let outcome: TrialOutcome;
  let startFailure: RuntimeFailure | null = null;
  let systemError: unknown = null;
  try {
    outcome = kill.aborted ? interruptedBeforeStart() : await unlessStoppedWithTuner(await runTrial(await launchOf(job, { ...context, kill }, writer, arrivals, skipped).catch(beforeStart)), kill);
  } catch (error) {
    // a system error before the start (its folder: a read-only or full disk) stops the study, but the
    // trial is recorded interrupted first, not left running for others to take over (a user audit)
    if (error instanceof BeforeStart) systemError = error.cause;
    else if (error instanceof RuntimeFailure) startFailure = error;
    else {
      clearInterval(heartbeat);
      throw error;
    }
    outcome = { ...interruptedBeforeStart(), error: error.message, durationS: (Date.now() - started) / 1000 };
  } finally {
    clearInterval(heartbeat);
    context.kill.removeEventListener('abort', forward);
    arrivals.endedAt = Date.now();
  }
  ended = outcome;
  const value = outcome.state === 'complete' || outcome.state === 'pruned' ? outcome.value : null;
  const finished = { type: 'trial_finished', id: job.id, state: outcome.state, value, exitCode: outcome.exitCode, error: outcome.state === 'complete' ? null : outcome.error, at: store.now(), ...(outcome.extras === undefined ? {} : { extras: outcome.extras }) } as const;
  // in order after the values still on their way (`later` would join the first batch out, ahead of them)
  skipped.drain?.();
  if (skipped.last !== null) void writer.now(skipped.last).catch(() => undefined);
  await writer.finish(finished).catch(async (error: unknown) => {
    // the store stayed away: the result would be lost without a word (a user audit), so it is said here
    const result = value === null ? outcome.state : `${outcome.state} (${context.settings.metric}=${String(value)})`;
    context.listener.notice?.(await unrecordedNotice(store, study, job.id, outcome.state, result, job.params, error));
    throw error;
  });
  if (systemError !== null) throw systemError;
  return { outcome, startFailure, arrivals, takenOver: writer.takenOver() };
}

async function launchOf(job: TrialJob, context: TrialJobContext, writer: TrialWriter, arrivals: ValueArrivals, skipped: { last: TrialEvent | null; drain?: () => void }): Promise<TrialLaunch> {
  const { settings, store, study, judge } = context;
  const stopper = new AbortController();
  // outrun: the program had printed past the judged step by the time of the decision; untilValue: the study's runs stop themselves (runner/stop-orders.ts)
  const stop = (order: PruneOrder): void => {
    if (!stopper.signal.aborted) stopper.abort(order);
  };
  // the latest step the program reported, which runs ahead of what is stored and judged
  let reached = 0;
  const thinning = createCurveThinning();
  // values of one write (a buffered program's output at its end) arrive in one millisecond: a decision
  // about them waits to see whether the program ends (runner/stop-orders.ts)
  let burst = false;
  const judged = judge === undefined ? undefined : createJudgedWrites(writer, () => judge(job.id, () => reached), () => reached, () => stopper.signal.aborted, (verdict, outrun) => stop({ text: verdict.reason, outrun: outrun || burst, ...(verdict.untilValue ? { untilValue: true } : {}) }));
  skipped.drain = () => judged?.drain();
  const env = { ...context.env, ...(context.gpu === null ? {} : { CUDA_VISIBLE_DEVICES: context.gpu }), ...(await retryEnv(store, study, job.retryOf)) };
  const trialDir = await store.trialFolder(study, job.id);
  const paramsFile = settings.pass === 'json-file' ? await store.writeTrialFile(study, job.id, 'params.json', paramsFileText(job.params, context.floats ?? [])) : undefined;
  const { configBase: base } = context, configFile = base === undefined ? undefined : await store.writeTrialFile(study, job.id, configCopyName(base.name), configFileText(base, job.params, context.floats ?? []));
  const cwd = settings.cwdMode === 'trial' ? trialDir : context.cwd;
  const launched = { command: [...context.command], params: job.params, ...(context.labels === undefined ? {} : { labels: context.labels }), ...(context.floats === undefined ? {} : { floats: context.floats }), trialId: job.id, study, pass: settings.pass, env, trialDir, ...(paramsFile === undefined ? {} : { paramsFile }), ...(configFile === undefined ? {} : { configFile }), ...threadsField(settings.parallel) };
  const file = settings.metricFile ?? null;
  // opened just before the program starts: a file already there is an earlier run's (store/metric-file.ts)
  const found = file === null ? null : metricFilePath(file, cwd ?? process.cwd(), launched);
  const metricFile = found === null ? undefined : openMetricFile(found.path, found.glob);
  return {
    ...launched,
    metric: settings.metric,
    metricStream: settings.metricStream,
    ...(metricFile === undefined ? {} : { metricFile }),
    pattern: settings.pattern,
    objective: settings.objective,
    ...(settings.extraMetrics.length === 0 ? {} : { extraMetrics: settings.extraMetrics }),
    timeoutS: settings.trialTimeoutS,
    killGraceS: settings.killGraceS,
    ...(settings.acceptExit.length === 0 ? {} : { acceptExit: settings.acceptExit }),
    ...(cwd === undefined ? {} : { cwd }),
    signal: context.kill,
    ...(context.stop === undefined ? {} : { stop: context.stop }),
    ...(judge === undefined ? {} : { prune: stopper.signal }),
    ...(context.fullRun === undefined ? {} : { fullRunSteps: context.fullRun }),
    onLine: (stream, line, rewritten) => {
      writer.output(stream, line);
      context.listener.output?.(job.id, stream, line, rewritten);
    },
    onValue: (value, step) => {
      reached = Math.max(reached, step);
      const at = Date.now();
      burst = arrivals.lastAt !== null && at - arrivals.lastAt <= 1;
      noteArrival(arrivals, step, at);
      // a diverged run is stopped at once, before its value is even stored
      if (judge !== undefined && !Number.isFinite(value)) stop({ text: `stopped at step ${step}: the metric was ${value}`, outrun: false, failed: true });
      const event = { type: 'trial_intermediate', id: job.id, value, step, at: store.now() } as const;
      // a long curve is thinned (curve-thinning.ts); the value it ends on is stored at the trial's end
      if (!thinning.keep(step)) return void (skipped.last = event);
      skipped.last = null;
      // no pruner: nobody needs the value before the trial's next write
      if (judge === undefined) return writer.later(event);
      // judged once the value is in the store, so the other workers' pruners see it too (judged-writes.ts)
      judged?.add(event);
    },
  };
}
