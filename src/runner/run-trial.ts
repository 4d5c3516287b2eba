import type { Result } from 'execa';
import { performance } from 'node:perf_hooks';
import { buildInvocation } from './invocation.js';
import { cannotStart, tooLong, tooLongText } from './start-failures.js';
import { createLineSplitter, createTail } from './lines.js';
import { pollMetricFile, type MetricFilePoll } from './metric-file-poll.js';
import { createMetricReading, type ValueRead } from './metric-reading.js';
import { createAfterPrune } from './after-prune.js';
import { listenForStops } from './stop-orders.js';
import { factsAtStart, STDERR_TAIL_LINES, STDOUT_TAIL_LINES, toOutcome } from './outcome.js';
import { readyReaper, reaperToken, registerGroup, signalGroup, unregisterGroup } from './reaper.js';
import { createGroupStop } from './group-stop.js';
import type { OutputStream, TrialLaunch, TrialOutcome } from './types.js';

/**
 * Runs one trial to its end. A failing program is a `failed` outcome, not an exception; only a
 * command that cannot be started at all (ENOENT, EACCES, a missing cwd) throws a RuntimeFailure.
 * execa starts the program (argument array, no shell, its environment laid over ours, a clear error
 * for a missing program or folder) and waits for its end and its pipes. Two things stay ours:
 * - Stopping. execa's `kill()`, `timeout` and `cancelSignal` signal the program's pid only, while it
 *   lives; its DataLoader workers or torchrun children must get the same SIGTERM and SIGKILL, also
 *   after it has exited. So we signal the process group (`detached` makes one) with process.kill(-pid).
 * - Lines. execa's `lines` split at `\n` only and hold a line of any length; progress bars rewrite
 *   their line with a lone `\r`, and a runaway line must not fill memory (lines.ts handles both).
 */
export async function runTrial(launch: TrialLaunch): Promise<TrialOutcome> {
  const { execa } = await import('execa'); // on first use: loading it cost every command 10-20 ms, summary too
  const invocation = buildInvocation(launch, process.env);
  const metricStream = launch.metricStream ?? 'stdout';
  const metricFile = launch.metricFile;
  // before spawning, so that a bad pattern is a usage error, not a failed trial
  const reading = createMetricReading(launch.metric, launch.pattern, launch.objective, metricFile === undefined ? metricStream : 'file', launch.extraMetrics);
  const killGraceS = launch.killGraceS ?? 5; // seconds between SIGTERM and SIGKILL when the caller gives none
  const started = performance.now();
  const tails = { stdout: createTail(STDOUT_TAIL_LINES), stderr: createTail(STDERR_TAIL_LINES), file: createTail(STDOUT_TAIL_LINES) };
  const facts = factsAtStart(launch.signal?.aborted ?? false);
  // a metric file's first line (a CSV's header) and last lines, for the message of one that held no value
  let fileHead: string | null = null;
  const afterPrune = createAfterPrune();
  const finishFacts = (): TrialOutcome =>
    toOutcome({
      ...facts,
      durationS: (performance.now() - started) / 1000,
      timeoutS: launch.timeoutS,
      killGraceS,
      metric: facts.pruned === null ? reading.result() : afterPrune.atDecision(reading.result()),
      metricStream,
      metricFile: metricFile === undefined ? null : { path: metricFile.path, written: metricFile.written(), head: fileHead, tail: tails.file.lines() },
      elsewhere: reading.elsewhere(),
      stdoutTail: tails.stdout.lines(),
      stderrTail: tails.stderr.lines(),
      launch: { command: launch.command, metric: launch.metric, params: launch.params, ...(launch.acceptExit === undefined ? {} : { acceptExit: launch.acceptExit }) },
    });
  if (facts.aborted) return finishFacts();
  readyReaper(); // up before the program is: a kill -9 right after the spawn must find it there
  const subprocess = execa(invocation.file, invocation.args, {
    cwd: launch.cwd,
    env: { ...invocation.env, HYPERTUNE_REAPER_TOKEN: reaperToken() },
    // its own process group, so that one kill(-pid) reaches every grandchild, and so that
    // the terminal's Ctrl-C reaches the tuner alone (the loop decides what the trial gets)
    detached: true,
    stdin: 'ignore',
    // every line goes to the parser and the caller as it comes; nothing is held for a result
    buffer: false,
    reject: false,
    forceKillAfterDelay: false,
  });
  const pid = subprocess.pid;
  // should this process die (even by kill -9), the reaper stops the group: it must not run on unrecorded
  if (pid !== undefined) registerGroup(pid, killGraceS);
  const timers: NodeJS.Timeout[] = [];
  let [callbackError, exited, values]: [unknown, boolean, number] = [null, false, 0];

  const killGroup = (signal: NodeJS.Signals): void => void (pid !== undefined && signalGroup(pid, signal));
  // a caller's callback that throws (the store failed) stops the program: it must not run on unrecorded
  const guarded = (call: () => void): void => {
    try {
      call();
    } catch (error) {
      callbackError ??= error;
      killGroup('SIGKILL');
    }
  };
  const forward = (value: number, step: number): void => guarded(() => launch.onValue?.(value, step));
  const onValues = (read: ValueRead[]): void => {
    for (const { value, step: given } of read) {
      if (callbackError !== null) return;
      values += 1;
      const step = given ?? values;
      // a decision waiting for the next value (the study's runs stop themselves) stops the program now
      stops.value(metricFile === undefined);
      if (afterPrune.passes(value, step)) forward(value, step);
    }
  };
  const onLine = (stream: OutputStream, line: string, rewritten: boolean): void => {
    tails[stream].push(line);
    stops.sign(line);
    const read = reading.push(stream, line, rewritten);
    guarded(() => launch.onLine?.(stream, line, rewritten));
    onValues(read);
  };
  const splitters = {
    stdout: createLineSplitter((line, rewritten) => onLine('stdout', line, rewritten)),
    stderr: createLineSplitter((line, rewritten) => onLine('stderr', line, rewritten)),
  };
  for (const stream of ['stdout', 'stderr'] as const) {
    const pipe = subprocess[stream];
    pipe.on('data', (chunk: Buffer) => splitters[stream].write(chunk));
    pipe.on('end', () => splitters[stream].end());
  }
  // SIGTERM to the group (the program may save a checkpoint), SIGKILL after the grace (group-stop.ts)
  const stopper = createGroupStop(pid, killGraceS);
  const terminate = (): void => stopper.terminate();
  // the tuner stopped (Ctrl-C twice, SIGTERM): the same grace, for a checkpoint (was SIGKILL; a user audit)
  const onAbort = (): void => {
    if (exited) return;
    facts.aborted = true;
    terminate();
  };
  launch.signal?.addEventListener('abort', onAbort, { once: true });
  // pruning, or the study's time budget running out: stopped like a timeout, recorded as pruned or interrupted
  const stops = listenForStops({ pruned: launch.prune, stopped: launch.stop }, () => !exited && facts.pruned === null && facts.stopped === null && facts.failedBy === null && !facts.timedOut, (key, order) => {
    // a diverged run (NaN) is stopped as a pruned one is, and recorded failed
    if (key === 'pruned' && order.failed === true) facts.failedBy = order.text;
    else {
      facts[key] = order.text;
      if (key === 'pruned') afterPrune.decide();
    }
    terminate();
  });
  // a metric file that cannot be read fails this trial (stopped as for a timeout), not the study
  const poll: MetricFilePoll | null =
    metricFile === undefined
      ? null
      : pollMetricFile(metricFile, reading, onValues, (message) => {
          facts.failedBy ??= message;
          if (exited) return;
          terminate();
        }, (line) => {
          fileHead ??= line;
          tails.file.push(line);
        });
  if (launch.timeoutS !== null) {
    // decided after the loop's poll phase: an exit that came just before the timer (not yet heard) wins
    // (a user audit: programs that had printed their result and exited 0 were recorded as timeouts)
    const timedOut = (): void => {
      if (exited) return;
      facts.timedOut = true;
      terminate();
    };
    timers.push(setTimeout(() => setImmediate(timedOut), launch.timeoutS * 1000));
  }
  subprocess.once('exit', (code, signal) => {
    exited = true;
    stops.finished();
    facts.exitCode = code;
    facts.signal = signal;
    for (const timer of timers) clearTimeout(timer);
    timers.length = 0;
    // leftovers of the group may still hold the pipes open: stopped, and the pipes let go when there is no more to wait for
    stopper.exited(() => [subprocess.stdout, subprocess.stderr].forEach((pipe) => pipe.destroy()));
  });

  const result: Result = await subprocess;
  for (const timer of timers) clearTimeout(timer);
  Object.assign(facts, { forceKilled: stopper.forceKilled, heldOutside: stopper.heldOutside });
  // a last line without its ending counts only from a program that ended by itself: a stopped one may have cut it short
  const endedByItself = facts.exitCode === 0 && facts.signal === null && facts.pruned === null && facts.stopped === null && !facts.timedOut;
  poll?.stop(endedByItself);
  launch.signal?.removeEventListener('abort', onAbort);
  stops.off();
  for (const splitter of [splitters.stdout, splitters.stderr]) splitter.end();
  // a progress bar's state still shown stands only for a program that ended by itself: one stopped
  // mid-epoch showed a part of it, and Lightning's bar the epoch before's val_loss at the new step
  // (a pruned trial got that stale point, reached the full run's last step and was recorded complete; a user audit)
  if (endedByItself) onValues(reading.finish());
  if ((facts.pruned !== null || facts.stopped !== null) && !facts.timedOut) {
    // the decision raced the program's last lines: it had reported the full run before the signal landed
    const full = launch.fullRunSteps?.() ?? null;
    if (full !== null && afterPrune.stepAtSignal() >= full) {
      facts.pruned = null;
      facts.stopped = null;
      facts.stoppedAfterFullRun = true;
      // it ended by itself: a bar's last state stands (Keras' evaluate after fit was lost to the race; a flaky CI run)
      if (facts.exitCode === 0 && facts.signal === null) onValues(reading.finish());
      for (const late of afterPrune.held()) forward(late.value, late.step);
    }
  }
  if (pid === undefined) {
    // an argument list longer than the system takes (E2BIG: a long value) fails this trial, not the study (a user audit)
    if (!tooLong(result)) throw cannotStart(invocation, launch.cwd, result);
    facts.failedBy = tooLongText(launch.params, invocation);
  } else {
    stopper.settle();
    unregisterGroup(pid);
  }
  if (callbackError !== null) throw callbackError;
  return finishFacts();
}
