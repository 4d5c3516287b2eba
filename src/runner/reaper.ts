import { spawn, type ChildProcess } from 'node:child_process';
import { Socket } from 'node:net';
import { REAPER_NAME, REAPER_SCRIPT } from './reaper-script.js';

/**
 * The tuner's side of the reaper (reaper-script.ts): one helper process per tuner process, started
 * with the first trial, told which trial process groups are running. If the tuner dies, even by
 * kill -9, the kernel closes our end of its stdin and it stops those groups, so no trial outlives
 * its tuner (re-run by another worker while still holding the GPU).
 */

type State = { kind: 'none' } | { kind: 'running'; child: ChildProcess } | { kind: 'failed' };
let state: State = { kind: 'none' };

let token: string | undefined;

/** This tuner's mark on its trials (HYPERTUNE_REAPER_TOKEN), by which the reaper finds what no listed group holds. */
export function reaperToken(): string {
  token ??= `${process.pid}-${Array.from(globalThis.crypto.getRandomValues(new Uint8Array(6)), (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
  return token;
}

/** How the reaper is started: /bin/sh with the script, named by $0 so that it is easy to find in `ps`. */
export function reaperCommand(): { file: string; args: string[] } {
  return { file: '/bin/sh', args: ['-c', REAPER_SCRIPT, REAPER_NAME, reaperToken()] };
}

/** The reaper's pid in this process, if one is running: for tests and diagnostics. */
export function reaperPid(): number | undefined {
  return state.kind === 'running' ? state.child.pid : undefined;
}

/**
 * Starts the reaper if it is not running yet: before a trial's program is spawned, not after. Started by
 * the first registration, it came a fork later than the first trial, and a kill -9 between the two left
 * that trial running with no one to stop it (a resume's first trial, in a kill -9 campaign).
 */
export function readyReaper(): void {
  if (state.kind === 'none') state = start();
}

/** Has the trial's process group stopped if this process dies: SIGTERM, then SIGKILL `graceS` later. */
export function registerGroup(pgid: number, graceS: number): void {
  send(`+${pgid} ${Math.ceil(graceS * 1000)}\n`);
}

/** The group is finished (and killed by the runner): the reaper forgets it. */
export function unregisterGroup(pgid: number): void {
  send(`-${pgid}\n`);
}

function send(line: string): void {
  readyReaper();
  if (state.kind !== 'running') return;
  state.child.stdin?.write(line);
}

function start(): State {
  const { file, args } = reaperCommand();
  const child = spawn(file, args, {
    // its own process group and session, so that a terminal's Ctrl-C or hangup does not reach it
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  // neither the process nor its pipe may keep the tuner alive: the tuner's exit is what ends it
  child.unref();
  if (child.stdin instanceof Socket) child.stdin.unref();
  const fail = (why: string): void => {
    if (state.kind !== 'running' || state.child !== child) return; // told once
    state = { kind: 'failed' };
    process.emitWarning(`${why}; trials keep running, but a tuner killed with kill -9 may leave its trials behind`, {
      type: 'HypertuneWarning',
      code: 'HYPERTUNE_REAPER',
    });
  };
  child.once('error', (error) => fail(`cannot start the trial reaper (${file}): ${error.message}`));
  // it only exits once our end of its stdin closes, which happens when this process exits
  child.once('exit', (code, signal) => fail(`the trial reaper (${file}) stopped (${signal ?? `exit code ${code}`})`));
  child.stdin?.on('error', () => undefined); // EPIPE after it died: the exit or error event tells
  return { kind: 'running', child };
}

/** Sends `signal` to the process group `pgid`; false when it is gone already (ESRCH). */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}
