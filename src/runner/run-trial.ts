import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { RuntimeFailure } from '../errors.js';
import { buildInvocation, type Invocation } from './invocation.js';
import { createLineSplitter, createTail } from './lines.js';
import { createMetricParser } from './metrics.js';
import { readStep } from './steps.js';
import { STDERR_TAIL_LINES, STDOUT_TAIL_LINES, toOutcome } from './outcome.js';
import { registerGroup, unregisterGroup } from './reaper.js';
import type { OutputStream, TrialLaunch, TrialOutcome } from './types.js';

const DEFAULT_KILL_GRACE_S = 5;

/**
 * Runs one trial to its end. A failing program is a `failed` outcome, not an exception; only a
 * command that cannot be started at all (ENOENT, EACCES) throws a RuntimeFailure.
 */
export async function runTrial(launch: TrialLaunch): Promise<TrialOutcome> {
  const invocation = buildInvocation(launch);
  // created before spawning so that a bad pattern is a usage error, not a failed trial
  const parsers = {
    stdout: createMetricParser(launch.metric, launch.pattern, launch.objective),
    stderr: createMetricParser(launch.metric, launch.pattern, launch.objective),
  };
  const killGraceS = launch.killGraceS ?? DEFAULT_KILL_GRACE_S;
  const started = performance.now();
  const facts = {
    exitCode: null as number | null,
    signal: null as string | null,
    timedOut: false,
    forceKilled: false,
    aborted: launch.signal?.aborted ?? false,
    pruned: null as string | null,
  };
  const finishFacts = (stdoutTail: string[], stderrTail: string[]): TrialOutcome =>
    toOutcome({
      ...facts,
      durationS: (performance.now() - started) / 1000,
      timeoutS: launch.timeoutS,
      killGraceS,
      metric: parsers.stdout.result(),
      stderrMetric: parsers.stderr.result(),
      stdoutTail,
      stderrTail,
    });
  if (facts.aborted) return finishFacts([], []);

  const child = spawn(invocation.file, invocation.args, {
    cwd: launch.cwd,
    env: { ...process.env, ...invocation.env },
    // its own process group, so that one kill(-pid) reaches every grandchild, and so that
    // the terminal's Ctrl-C reaches the tuner alone (the loop decides what the trial gets)
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // should this process die (even by kill -9), the reaper stops the group: it must not run on unrecorded
  if (child.pid !== undefined) registerGroup(child.pid, killGraceS);

  return new Promise<TrialOutcome>((resolve, reject) => {
    const timers: NodeJS.Timeout[] = [];
    const tails = { stdout: createTail(STDOUT_TAIL_LINES), stderr: createTail(STDERR_TAIL_LINES) };
    let callbackError: unknown = null;
    let settled = false;
    let values = 0;

    const killGroup = (signal: NodeJS.Signals): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // ESRCH: the whole group is already gone
      }
    };

    const onLine = (stream: OutputStream, line: string): void => {
      tails[stream].push(line);
      const value = parsers[stream].push(line);
      try {
        launch.onLine?.(stream, line);
        if (stream === 'stdout' && value !== undefined) {
          values += 1;
          launch.onValue?.(value, readStep(line) ?? values);
        }
      } catch (error) {
        callbackError ??= error;
        killGroup('SIGKILL');
      }
    };
    const splitters = {
      stdout: createLineSplitter((line) => onLine('stdout', line)),
      stderr: createLineSplitter((line) => onLine('stderr', line)),
    };
    for (const stream of ['stdout', 'stderr'] as const) {
      const pipe = child[stream];
      pipe?.on('data', (chunk: Buffer) => splitters[stream].write(chunk));
      pipe?.on('end', () => splitters[stream].end());
      pipe?.on('error', () => undefined); // a torn pipe ends the stream; the exit status tells the story
    }

    const finish = (): void => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      launch.signal?.removeEventListener('abort', onAbort);
      launch.prune?.removeEventListener('abort', onPrune);
      splitters.stdout.end();
      splitters.stderr.end();
      killGroup('SIGKILL'); // anything of the group that outlived the program
      if (child.pid !== undefined) unregisterGroup(child.pid);
      if (callbackError !== null) reject(callbackError);
      else resolve(finishFacts(tails.stdout.lines(), tails.stderr.lines()));
    };

    const escalate = (): void => {
      timers.push(
        setTimeout(() => {
          facts.forceKilled = true;
          killGroup('SIGKILL');
          if (child.exitCode !== null || child.signalCode !== null) forceClose(child, finish);
        }, killGraceS * 1000),
      );
    };

    const onAbort = (): void => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      facts.aborted = true;
      killGroup('SIGKILL');
    };
    launch.signal?.addEventListener('abort', onAbort, { once: true });

    // pruning: stopped like a timeout, recorded as pruned
    const onPrune = (): void => {
      if (child.exitCode !== null || child.signalCode !== null || facts.pruned !== null || facts.timedOut) return;
      facts.pruned = String(launch.prune?.reason ?? 'pruned');
      killGroup('SIGTERM');
      escalate();
    };
    launch.prune?.addEventListener('abort', onPrune, { once: true });

    if (launch.timeoutS !== null) {
      timers.push(
        setTimeout(() => {
          facts.timedOut = true;
          killGroup('SIGTERM');
          escalate();
        }, launch.timeoutS * 1000),
      );
    }

    child.once('error', (error: NodeJS.ErrnoException) => {
      if (child.pid !== undefined || settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      launch.signal?.removeEventListener('abort', onAbort);
      reject(cannotStart(invocation, launch.cwd, error));
    });
    child.once('exit', (code, signal) => {
      facts.exitCode = code;
      facts.signal = signal;
      for (const timer of timers) clearTimeout(timer);
      timers.length = 0;
      // leftovers of the group may still hold the pipes open: ask them to go, then make them
      killGroup('SIGTERM');
      escalate();
    });
    child.once('close', finish);
  });
}

/** Stops waiting for pipes held open by a process that left the group (setsid) and outlived the kill. */
function forceClose(child: ChildProcess, finish: () => void): void {
  child.stdout?.destroy();
  child.stderr?.destroy();
  finish();
}

function cannotStart(invocation: Invocation, cwd: string | undefined, error: NodeJS.ErrnoException): RuntimeFailure {
  const why: Record<string, string> = {
    ENOENT: cwd === undefined ? 'not found (check the name and PATH)' : `not found (check the name, PATH and the folder ${cwd})`,
    EACCES: 'permission denied (is it executable?)',
  };
  const reason = why[error.code ?? ''] ?? error.message;
  return new RuntimeFailure(`cannot start the command ${JSON.stringify(invocation.file)}: ${reason}`, { cause: error });
}
