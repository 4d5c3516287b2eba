import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { reaperCommand, reaperPid, reaperToken } from '../../src/runner/reaper.js';
import { REAPER_NAME } from '../../src/runner/reaper-script.js';
import { runTrial } from '../../src/runner/run-trial.js';
import { fixtureLaunch, fixturePrograms } from '../helpers/launch.js';
import { isAlive } from '../helpers/processes.js';
import { childrenRunning } from '../helpers/process-tree.js';

const programs = fixturePrograms;

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !check(); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 25));
  }
}

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) {
    if (child.pid !== undefined && isAlive(child.pid)) child.kill('SIGKILL');
  }
});

/** A `sleep` leading its own process group, as a trial does. */
function group(): number {
  const child = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
  started.push(child);
  if (child.pid === undefined) throw new Error('sleep did not start');
  return child.pid;
}

/** Whether the process ignores (or handles) all these signal numbers (SigIgn, SigCgt in /proc/<pid>/status). */
function withstands(pid: number, signals: number[]): boolean {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mask = (name: string): bigint => BigInt(`0x${new RegExp(`^${name}:\\s*([0-9a-f]+)$`, 'm').exec(status)?.[1] ?? '0'}`);
  const either = mask('SigIgn') | mask('SigCgt');
  return signals.every((signal) => (either >> BigInt(signal - 1)) & 1n);
}

function reaper(): ChildProcess & { pid: number } {
  const { file, args } = reaperCommand();
  const child = spawn(file, args, { detached: true, stdio: ['pipe', 'ignore', 'inherit'] });
  started.push(child);
  if (child.pid === undefined) throw new Error('the reaper did not start');
  return child as ChildProcess & { pid: number };
}

describe('the reaper process', () => {
  it('outlives SIGINT, SIGTERM and SIGHUP, and when its stdin ends stops the groups still registered, no others', async () => {
    const [kept, finished, torn] = [group(), group(), group()];
    const child = reaper();
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.stdin?.write(`+${kept} 2000\n+${finished} 2000\n-${finished}\n+oops\n+${torn}\n`);
    // a line cut short (the tuner died while writing it) may name the wrong group: it is dropped
    child.stdin?.write(`+${torn} 2000`);
    await until(() => withstands(child.pid, [1, 2, 15]), 10_000, 'the reaper to ignore SIGHUP, SIGINT and SIGTERM');
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) child.kill(signal);
    await new Promise((done) => setTimeout(done, 300));
    expect(isAlive(child.pid)).toBe(true);
    expect(isAlive(kept)).toBe(true);

    child.stdin?.end();
    await until(() => !isAlive(kept), 10_000, 'the registered group to be stopped');
    expect(await exited).toBe(0);
    expect(isAlive(finished)).toBe(true);
    expect(isAlive(torn)).toBe(true);
  });

  it("stops the groups of processes that carry the tuner's mark though no listed group holds them: a trial not listed yet, or one that left its group", async () => {
    // each leads a group of its own, as a trial does and as a process that called setsid does
    const marked = (token: string): number => {
      const child = spawn('sleep', ['60'], { detached: true, stdio: 'ignore', env: { ...process.env, HYPERTUNE_REAPER_TOKEN: token } });
      started.push(child);
      if (child.pid === undefined) throw new Error('sleep did not start');
      return child.pid;
    };
    const [ours, another, unmarked] = [marked(reaperToken()), marked('1-abcdef'), group()];
    const child = reaper();
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.stdin?.end();
    await until(() => !isAlive(ours), 10_000, "the marked process to be stopped");
    expect(await exited).toBe(0);
    expect([isAlive(another), isAlive(unmarked)]).toEqual([true, true]);
  });

  it('follows SIGTERM with SIGKILL after the grace for a group that ignores it', async () => {
    const trial = spawn(process.execPath, [join(programs, 'ignores-sigterm.mjs')], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    started.push(trial);
    await new Promise((done) => trial.stdout?.once('data', done)); // its SIGTERM handler is in place
    const child = reaper();
    child.stdin?.end(`+${trial.pid} 500\n`);
    const signal = await new Promise((done) => trial.once('exit', (_code, how) => done(how)));
    expect(signal).toBe('SIGKILL');
  });
  it("sends SIGTERM to the program first, its group once it is gone: a trainer's data-loader workers do not die before it saves", async () => {
    // loader-workers.py: workers that die on any SIGTERM, and a trainer that fails when one dies under it
    // (PyTorch's DataLoader); with the whole group signalled at once it crashed instead of saving
    const folder = mkdtempSync(join(tmpdir(), 'hypertune-reaper-'));
    const trial = spawn('python3', [join(programs, 'loader-workers.py')], { detached: true, stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, HYPERTUNE_TRIAL_DIR: folder, PYTHONUNBUFFERED: '1' } });
    started.push(trial);
    await new Promise((done) => trial.stdout?.once('data', done)); // its first epoch: handlers and workers in place
    const workers = readFileSync(join(folder, 'workers'), 'utf8').trim().split(' ').map(Number);
    const exited = new Promise((done) => trial.once('exit', (code) => done(code)));
    reaper().stdin?.end(`+${trial.pid} 5000\n`);
    expect(await exited).toBe(143);
    expect(existsSync(join(folder, 'ckpt'))).toBe(true);
    await until(() => !workers.some(isAlive), 10_000, 'the workers to end');
  });
});

describe('runTrial and the reaper', () => {
  it('starts one reaper for the whole process, not one per trial', async () => {
    await runTrial(fixtureLaunch('prints-loss.mjs'));
    const first = reaperPid();
    expect(first).toBeDefined();
    await Promise.all([runTrial(fixtureLaunch('prints-loss.mjs')), runTrial(fixtureLaunch('prints-loss.mjs'))]);
    expect(reaperPid()).toBe(first);
    expect(childrenRunning(process.pid, REAPER_NAME)).toEqual([first]);
  });
});

