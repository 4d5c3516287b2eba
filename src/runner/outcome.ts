import { constants } from 'node:os';
import type { MetricResult } from './metrics.js';
import { booleanWordHint, lastWords, metricNameHint, switchHint, unknownFlagHint, valueFlagHint, envNameHint } from './failure-hints.js';
import type { MetricStream, OutputStream, TrialOutcome } from './types.js';

export const STDERR_TAIL_LINES = 20;
export const STDOUT_TAIL_LINES = 10;

/** What happened to one child process, gathered while it ran. */
export interface TrialFacts {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** SIGTERM was not enough and SIGKILL followed. */
  forceKilled: boolean;
  /** After the program ended, a process outside its process group (setsid, a daemon) still held its output. */
  heldOutside: boolean;
  aborted: boolean;
  /** Why the trial was stopped early (the prune signal's reason); null when it was not. */
  pruned: string | null;
  /** Why the trial was stopped before its end for the study's sake (the stop signal's reason): recorded interrupted. */
  stopped: string | null;
  /** A prune signal landed after the program had reported its full run's last step: the run is complete, the exit ours. */
  stoppedAfterFullRun: boolean;
  durationS: number;
  timeoutS: number | null;
  killGraceS: number;
  metric: MetricResult;
  metricStream: MetricStream;
  /** Why the tuner failed the trial itself: its metric file could not be read (it was stopped for it), or its values were too long to start it; null when neither. */
  failedBy: string | null;
  /** The file the metric is read from instead of the streams, and whether the program wrote it; null: the streams. */
  metricFile: { path: string; written: boolean; head?: string | null; tail?: string[] } | null;
  /** The same rules run over the stream not read, to hint when the metric went there; null with `both`. */
  elsewhere: { stream: OutputStream; result: MetricResult } | null;
  stdoutTail: string[];
  stderrTail: string[];
  /** The user's command (after `--`), to tell a flag of theirs from one hypertune added; the metric's name. */
  launch: { command: readonly string[]; metric: string; params?: Readonly<Record<string, unknown>>; acceptExit?: readonly number[] };
}

const SIGNAL_WORDS: Record<string, string> = {
  SIGABRT: 'aborted',
  SIGBUS: 'bus error',
  SIGFPE: 'floating point exception',
  SIGHUP: 'hangup',
  SIGILL: 'illegal instruction',
  SIGINT: 'interrupted',
  SIGKILL: 'killed; often the kernel out-of-memory killer',
  SIGPIPE: 'broken pipe',
  SIGSEGV: 'segmentation fault',
  SIGTERM: 'terminated',
};

export function describeSignal(signal: string): string {
  const words = SIGNAL_WORDS[signal];
  return words === undefined ? signal : `${signal} (${words})`;
}

function signalNamed(number: number): string | undefined {
  return Object.entries(constants.signals).find(([, value]) => value === number)?.[0];
}

function describeExit(code: number): string {
  // shells report a child killed by signal N as exit code 128 + N
  const signal = code > 128 ? signalNamed(code - 128) : undefined;
  return signal === undefined ? `exited with code ${code}` : `exited with code ${code} (128 + ${describeSignal(signal)})`;
}

function block(title: string, lines: string[]): string {
  return `\n${title}:\n${lines.map((line) => `  ${line}`).join('\n')}`;
}

function noValueDetail(facts: TrialFacts): string {
  const elsewhere = facts.elsewhere;
  const found = elsewhere?.result.intermediate.length ?? 0;
  if (facts.metricFile !== null) {
    const { path, written } = facts.metricFile;
    const where = written ? `; the metric file ${path} held no such line` : `; the metric file ${path} was not written (is it where the program writes? A relative path is taken from the folder the program runs in)`;
    // the hint first, on the line `run` prints: it is what fixes the study
    // the names the file does hold (`val.loss` in nested JSON lines, a CSV's `val_loss`), as for the streams (a user audit)
    const hint = elsewhere !== null && found > 0 ? `; ${elsewhere.stream} held ${found} matching line(s): leave out metric_file to read it there` : metricNameHint(facts.launch.metric, facts.metricFile.tail ?? [], { source: 'the metric file', header: facts.metricFile.head ?? null });
    const tail = facts.metricFile.tail ?? [];
    return `${hint}${where}${tail.length === 0 ? '' : block(`last ${tail.length} lines of the metric file`, tail)}`;
  }
  const hint =
    elsewhere !== null && found > 0
      ? `; ${elsewhere.stream} held ${found} matching line(s), but hypertune reads ${facts.metricStream}: ` +
        `give --metric-stream ${elsewhere.stream} (or both), or metric_stream: ${elsewhere.stream} in the space file, to a new study (--study NAME: a study keeps how it reads its metric)` +
        (elsewhere.stream === 'stderr' ? ' (Python logging writes to stderr by default)' : '')
      : metricNameHint(facts.launch.metric, [...facts.stdoutTail, ...facts.stderrTail]);
  const streams: OutputStream[] = facts.metricStream === 'both' ? ['stdout', 'stderr'] : [facts.metricStream];
  const tails = streams
    .map((stream) => {
      const tail = stream === 'stdout' ? facts.stdoutTail : facts.stderrTail;
      return tail.length === 0 ? `\n${stream} was empty` : block(`last ${tail.length} lines of ${stream}`, tail);
    })
    .join('');
  return `${hint}${tails}`;
}

/** The program's own end other than success, as a shell would give it (128 + N for signal N); null: exit 0, or the tuner's doing. */
function endCode(facts: TrialFacts): number | null {
  if (facts.timedOut) return null;
  if (facts.signal !== null) {
    const number = (constants.signals as Record<string, number | undefined>)[facts.signal];
    return number === undefined ? null : 128 + number;
  }
  return facts.exitCode !== null && facts.exitCode !== 0 ? facts.exitCode : null;
}

/** The end code of a run that printed its metric and ended with a code --accept-exit names; null: none. */
function acceptedCode(facts: TrialFacts, code: number | null = endCode(facts)): number | null {
  return code !== null && facts.metric.value !== null && (facts.launch.acceptExit ?? []).includes(code) ? code : null;
}

// Codes that mostly mean a crash midway, not at teardown: any Python exception (1), Ctrl-C (130), the
// out-of-memory killer (137), a scheduler's SIGTERM (143). Accepting them would hide real crashes from
// --retries and the failure model (a re-audit), so no hint proposes it; --accept-exit still takes them.
const MIDWAY_CODES = new Set([1, 130, 137, 143]);

/** A program that printed its result and then crashed (at teardown, say): what --accept-exit would do about it. */
function printedHint(facts: TrialFacts, code: number | null): string {
  const value = facts.metric.value;
  if (code === null || value === null || MIDWAY_CODES.has(code)) return '';
  const codes = [...new Set([...(facts.launch.acceptExit ?? []), code])].sort((a, b) => a - b).join(',');
  return `; it had printed ${facts.launch.metric} ${value} (if it fails only after its result, --accept-exit ${codes} counts such runs complete)`;
}

function failureReason(facts: TrialFacts): string | null {
  if (facts.failedBy !== null) return facts.failedBy;
  const code = endCode(facts);
  if (acceptedCode(facts, code) !== null) return facts.metric.problem;
  if (facts.timedOut) {
    const how = facts.forceKilled ? `SIGTERM, then SIGKILL after ${facts.killGraceS} s` : 'SIGTERM';
    return `timeout: still running after ${facts.timeoutS} s, its process group was killed (${how})`;
  }
  if (facts.signal !== null) return `killed by ${describeSignal(facts.signal)}${lastWords(facts.stderrTail, true)}${printedHint(facts, code)}`;
  if (facts.exitCode !== null && facts.exitCode !== 0) {
    return `${describeExit(facts.exitCode)}${lastWords(facts.stderrTail)}${unknownFlagHint(facts.stderrTail, facts.launch.command)}${switchHint(facts.stderrTail)}${booleanWordHint(facts.stderrTail, facts.launch.command, facts.launch.params ?? {})}${valueFlagHint(facts.stderrTail, facts.launch.params ?? {})}${envNameHint(facts.stderrTail, facts.launch.command, facts.launch.params ?? {})}${printedHint(facts, code)}`;
  }
  const problem = facts.metric.problem;
  if (problem === null) return null;
  return facts.metric.value === null ? `${problem}${noValueDetail(facts)}` : problem;
}

/** What is known of a process before it runs, and changes while it does. */
export type LiveFacts = Pick<TrialFacts, 'exitCode' | 'signal' | 'timedOut' | 'forceKilled' | 'aborted' | 'pruned' | 'stopped' | 'stoppedAfterFullRun' | 'failedBy' | 'heldOutside'>;

export function factsAtStart(aborted: boolean): LiveFacts {
  return { exitCode: null, signal: null, timedOut: false, forceKilled: false, aborted, pruned: null, stopped: null, stoppedAfterFullRun: false, failedBy: null, heldOutside: false };
}

export function toOutcome(facts: TrialFacts): TrialOutcome {
  const base = {
    intermediate: facts.metric.intermediate,
    exitCode: facts.exitCode,
    signal: facts.signal,
    timedOut: facts.timedOut,
    durationS: facts.durationS,
    ...(facts.metric.extras === undefined ? {} : { extras: facts.metric.extras }),
    ...(facts.heldOutside ? { heldOutside: true as const } : {}),
  };
  const how = facts.forceKilled ? `SIGTERM, then SIGKILL after ${facts.killGraceS} s` : 'SIGTERM';
  if (facts.aborted) return { ...base, state: 'interrupted', value: null, error: `interrupted: stopped on request (${how})` };
  if (facts.stopped !== null) return { ...base, state: 'interrupted', value: null, error: `${facts.stopped}; its process group was stopped (${how})` };
  if (facts.pruned !== null) {
    const last = facts.metric.intermediate[facts.metric.intermediate.length - 1];
    const value = last !== undefined && Number.isFinite(last) ? last : null;
    return { ...base, state: 'pruned', value, error: `${facts.pruned}; its process group was stopped (${how})` };
  }
  const reason = facts.stoppedAfterFullRun ? facts.metric.problem : failureReason(facts);
  // a run killed by a signal its --accept-exit names keeps the code a shell would give it (139), not null
  if (reason === null) return { ...base, state: 'complete', value: facts.metric.value, error: null, exitCode: acceptedCode(facts) ?? facts.exitCode };
  // a missing metric read from stderr has shown its tail already
  const ranToEnd = !facts.timedOut && facts.signal === null && (facts.exitCode === null || facts.exitCode === 0);
  const shown = ranToEnd && facts.metric.value === null && facts.metricStream !== 'stdout';
  const stderr =
    facts.stderrTail.length === 0 || shown ? '' : block(`last ${facts.stderrTail.length === 1 ? 'line' : `${facts.stderrTail.length} lines`} of stderr`, facts.stderrTail);
  // the program's own end, not the tuner's stop nor its clock: what `--retries` runs again
  const crashed = !facts.timedOut && facts.failedBy === null && (facts.signal !== null || (facts.exitCode !== null && facts.exitCode !== 0));
  return { ...base, state: 'failed', value: null, error: `${reason}${stderr}`, ...(crashed ? { crashed: true as const } : {}) };
}
