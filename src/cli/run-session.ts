import { crashesRunAgain } from '../study/history.js';
import { hostname } from 'node:os';
import { InterruptedError, RuntimeFailure, StoreUnreachable } from '../errors.js';
import { runStudy, type RunSettings, type StudyRunResult } from '../loop/index.js';
import type { Space } from '../space/types.js';
import type { Store } from '../store/types.js';
import { countByState } from '../study/replay.js';
import { studyTimeBudget, trialTimeMs } from '../study/trial-time.js';
import { hasTrialTarget, trialTarget } from '../study/types.js';
import { formatDuration, formatParamValue, formatValue, trialsOfTarget } from '../report/format.js';
import { bestTrial } from '../loop/index.js';
import { listenForInterrupts } from './interrupts.js';
import type { Output } from './output.js';
import { createProgressPrinter, quietProgressMs } from './progress-printer.js';
import { inSpaceOrder } from '../study/param-order.js';
import { quoteArg } from './shell-words.js';
import { goOnLines } from './go-on.js';
import { repeatedConfigs } from '../report/repeats.js';
import { edgeName, past, rangeEdges } from '../report/range-edges.js';
import { pruneCheckLine, trialsPruneCheck } from '../report/prune-check.js';
import { studyPicture } from '../report/importance-model.js';
import { learnedHistory } from '../study/history.js';
import { readConfigBase } from './config-base.js';
import type { ConfigBase } from '../runner/index.js';

export interface SessionRequest {
  store: Store;
  study: string;
  space: Space;
  command: readonly string[];
  settings: RunSettings;
  shared: boolean;
  verbose: boolean;
  cwd: string | undefined;
  /** Flags that the suggested follow-up commands need (`--dir x`, `--storage ...`). */
  locationFlags: string[];
  /** First line printed, e.g. `Study demo: minimize loss over 20 trials ...`. */
  headline: string;
  /** The study's target as this run began: another worker or a resume may change it meanwhile. */
  target?: number;
  /** `--config-file`'s file as run read and checked it before anything was stored; a resume's is read here. */
  configBase?: ConfigBase | undefined;
}

/** This process as a worker: host:pid, recorded on every trial it runs and in the run lock. */
export const thisWorker = (): string => `${hostname()}:${process.pid}`;

/**
 * Runs `work` holding the study's run lock, taken before `work` changes anything of the study (a new
 * target, budget or stop rule), so that a command refused because another process runs it changes nothing.
 */
export async function withRunLock<T>(store: Store, study: string, work: () => Promise<T>): Promise<T> {
  const release = await store.acquireRunLock(study, thisWorker()).catch((error: unknown) => {
    // a job array's second task on a journal study was told only to wait or pick another name, not how
    // to get what it came for: trials at once, or workers sharing one study (a user audit)
    if (!(error instanceof RuntimeFailure) || !/ is being (run|started) by /.test(error.message)) throw error;
    throw new RuntimeFailure(`${error.message}. A study in a journal folder has one run at a time: --parallel N runs N of its trials at once; for several workers (processes, jobs, machines) on one study, keep it in PostgreSQL (--storage)`, { cause: error });
  });
  try {
    return await work();
  } finally {
    await release();
  }
}

/** Runs the study with progress output and Ctrl-C handling, then prints how it ended. */
export async function runSession(request: SessionRequest, output: Output): Promise<void> {
  const { settings } = request;
  // read at each run's start, as the command's own files are: a resume takes the file as it is now
  const configBase = request.configBase ?? await readConfigBase(settings, request.space, `study ${request.study}'s space`, request.cwd ?? process.cwd());
  const printer = createProgressPrinter(output, settings.metric, request.verbose, quietProgressMs(), settings.parallel);
  const interrupts = listenForInterrupts(printer.say);
  interrupts.drain.addEventListener('abort', () => printer.stopping(), { once: true });
  const started = Date.now();
  let result: StudyRunResult;
  try {
    result = await runStudy({
      store: request.store,
      study: request.study,
      space: request.space,
      command: request.command,
      settings,
      worker: thisWorker(),
      shared: request.shared,
      lockHeld: true,
      listener: { ...printer.listener, ready: () => output.out(`${request.headline}\n`) },
      control: { drain: interrupts.drain, kill: interrupts.kill },
      ...(request.cwd === undefined ? {} : { cwd: request.cwd }),
      ...(configBase === undefined ? {} : { configBase }),
    });
  } catch (error) {
    const flags = [`--study ${quoteArg(request.study)}`, ...request.locationFlags].join(' ');
    // a full or read-only disk: the line's `hypertune resume` named no study nor folder, and typed where the
    // run started it found another study or none (a user audit)
    if (typeof (error as NodeJS.ErrnoException | null)?.code === 'string') Object.assign(error as object, { resume: `hypertune resume ${flags}` });
    // the database away past the retry window: the line said only why, not what of the study is safe nor how to go on (a user audit)
    if (!(error instanceof StoreUnreachable)) throw error;
    throw new StoreUnreachable(`${error.message}. The trials recorded before are kept; once the server answers, run the same command again (or \`hypertune resume ${flags}\`): trials this worker could not record run again`, { cause: error });
  } finally {
    printer.stop();
    interrupts.dispose();
  }
  if (result.reason === 'start-failure') throw new RuntimeFailure(result.error ?? 'the command could not be started');
  // on the journal the loop does not re-read the study: what ask, tell or add wrote meanwhile counts in the end report (a user audit)
  if (!request.shared) result = { ...result, state: (await request.store.load(request.study).catch(() => null)) ?? result.state };
  output.out(endReport(request, result, (Date.now() - started) / 1000));
  const lastFailed = result.state.trials.filter((trial) => trial.state === 'failed').at(-1);
  const flags = [`--study ${quoteArg(request.study)}`, ...request.locationFlags].join(' ');
  const seeIt = lastFailed === undefined ? '' : `; see \`hypertune show ${lastFailed.id} ${flags} --output\``;
  // its first line: the stderr tail is in the `stopping:` notice above, not worth a second copy
  if (result.reason === 'failures') throw new RuntimeFailure(`${(result.error ?? 'too many trials failed in a row').split('\n')[0] ?? ''}${seeIt}`);
  if (result.reason === 'interrupted') throw new InterruptedError('interrupted; the study is saved');
  // every trial failed: a script or CI job must not carry on as if the tuning had worked
  const counts = countByState(result.state);
  if (counts.complete === 0 && lastFailed !== undefined) {
    const reason = (lastFailed.error ?? 'failed').split('\n')[0];
    throw new RuntimeFailure(`no trial completed: ${counts.failed} failed, the last (trial ${lastFailed.id}): ${reason}${seeIt}`);
  }
}

/**
 * The best run's configuration, when it ran more than once: with a noisy metric the best single value is
 * the luckiest (a noise audit: resume ran the re-runs the summary asked for and still printed trial 12's
 * 1274.97 alone, where its four runs averaged 527).
 */
function ofRepeats(state: StudyRunResult['state'], bestId: number, goal: RunSettings['goal']): string {
  const repeat = repeatedConfigs(state.trials, goal).find((r) => r.ids.includes(bestId));
  if (repeat === undefined || repeat.complete < 2) return '';
  const median = repeat.complete >= 3 ? `, median ${formatValue(repeat.median)}` : '';
  return `, one of ${repeat.complete} complete runs of its configuration: mean ${formatValue(repeat.mean)}${median} (summary compares the configurations run more than once)`;
}

function endReport(request: SessionRequest, result: StudyRunResult, elapsedS: number): string {
  const { state } = result;
  const counts = countByState(state);
  const finished = counts.complete + counts.failed + counts.pruned;
  const flags = [`--study ${quoteArg(request.study)}`, ...request.locationFlags].join(' ');
  const lines = [''];
  const how = {
    target: 'Done',
    budget: 'Time budget spent',
    'stop-rule': 'Stopped early',
    exhausted: 'Grid exhausted',
    interrupted: 'Interrupted',
    failures: 'Stopped',
    'start-failure': 'Stopped',
  }[result.reason];
  const budgetS = studyTimeBudget(state, request.settings.timeBudgetS);
  const spentS = trialTimeMs(state.trials, request.store.now()) / 1000;
  const trialTime = budgetS === null ? '' : `; trial time ${formatDuration(spentS)} of the ${formatDuration(budgetS)} budget`;
  // crashes run again with their parameters (--retries): failed, but not the configurations' answers
  const rerun = crashesRunAgain(state.trials);
  lines.push(
    `${how}: ${trialsOfTarget(finished, trialTarget(state.target))} finished (${counts.complete} complete, ${counts.failed} failed${rerun > 0 ? ` (${rerun} run again)` : ''}` +
      `${counts.pruned > 0 ? `, ${counts.pruned} pruned` : ''}` +
      `${counts.interrupted > 0 ? `, ${counts.interrupted} interrupted` : ''}) in ${elapsedS.toFixed(1)}s${trialTime}.`,
  );
  // a worker ended by a target another worker set ended early or late without a word (a user audit)
  if (request.target !== undefined && state.target !== request.target && hasTrialTarget(state.target)) lines.push(`The study's target changed while this ran, from ${hasTrialTarget(request.target) ? request.target : 'no count'} to ${state.target} trials (another worker, or a resume, set it).`);
  const pruneNote = pruneCheckLine(trialsPruneCheck(state.trials, request.settings.goal));
  if (pruneNote !== null) lines.push(pruneNote);
  if (result.reason === 'stop-rule') lines.push(`Stopped because ${result.error ?? 'the stop rule was met'}.`);
  const best = bestTrial(inSpaceOrder(state, request.space.nodes.map((node) => node.label)), request.settings.goal);
  if (best === null) {
    lines.push('No trial completed yet.');
  } else {
    lines.push(`Best ${request.settings.metric}: ${formatValue(best.value)} (trial ${best.id})${ofRepeats(state, best.id, request.settings.goal)}`);
    for (const [label, value] of Object.entries(best.params)) lines.push(`  ${label}: ${formatParamValue(value)}`);
    if (result.reason !== 'interrupted') lines.push(...edgeLines(request, state));
  }
  lines.push('See more:', `  hypertune summary ${flags}`, `  hypertune summary ${flags} --format csv > ${quoteArg(`${request.study}.csv`)}`);
  // the values above are shortened: the best trial's command line, every digit, to run it again by hand (a user audit)
  if (best !== null) lines.push(`  hypertune show best ${flags}   (its command line, to run it again)`);
  const lastFailed = state.trials.filter((trial) => trial.state === 'failed').at(-1);
  // nothing completed: more of the same budget would fail the same way (found by a user audit)
  if (counts.complete === 0 && lastFailed !== undefined) lines.push('See why the trials failed with:', `  hypertune show ${lastFailed.id} ${flags} --output`);
  else lines.push(...goOnLines({ result, settings: request.settings, space: request.space, finished, where: flags, spentS, budgetS }));
  return `${lines.join('\n')}\n`;
}

/**
 * A best value at the end of its range that the model says holds the search back (report/range-edges.ts),
 * one line each: the end of a run is where it is read, and summary gives the figures and the way past it.
 */
function edgeLines(request: SessionRequest, state: StudyRunResult['state']): string[] {
  const { space, settings } = request;
  const records = learnedHistory(state.trials);
  const edges = rangeEdges(space, studyPicture(space, records, settings.goal, { pruner: settings.prune }), records, settings.goal);
  return edges.map((e) => `At the end of its range: ${e.label} ${formatParamValue(e.value)}, ${edgeName(e)}, where the model expects worse inside; ${past(e)} (summary says how to search there)`);
}
