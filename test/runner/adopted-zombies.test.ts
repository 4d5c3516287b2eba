import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adoptedZombies, isAdoptedZombie } from '../../src/runner/adopted-zombies.js';
import { createZombieAdvice } from '../../src/loop/zombie-advice.js';

/** A /proc of made-up processes: pid -> the fields of its stat line after the command name. */
function procDir(processes: Record<number, { comm: string; rest: string }>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hypertune-proc-'));
  for (const [pid, { comm, rest }] of Object.entries(processes)) {
    mkdirSync(join(dir, pid));
    writeFileSync(join(dir, pid, 'stat'), `${pid} (${comm}) ${rest} 0 0 0\n`);
  }
  mkdirSync(join(dir, 'self'));
  return dir;
}

describe('zombies a PID 1 tuner adopted from its trials', () => {
  it('counts the zombies whose parent is PID 1 that led no process group: what a stopped trial left behind', () => {
    // state, ppid, pgrp
    expect(isAdoptedZombie(40, '40 (python) Z 1 31 31', 1)).toBe(true);
    // a trial's main process (it leads its group, started detached), a moment before Node reaps it
    expect(isAdoptedZombie(31, '31 (python) Z 1 31 31', 1)).toBe(false);
    // alive, or a zombie of another parent (its own parent reaps it)
    expect(isAdoptedZombie(41, '41 (python) S 1 31 31', 1)).toBe(false);
    expect(isAdoptedZombie(42, '42 (python) Z 40 31 31', 1)).toBe(false);
    // a command name with spaces and parentheses does not shift the fields
    expect(isAdoptedZombie(43, '43 (pt_data_worker) :0)) Z 1 31 31', 1)).toBe(true);
  });

  it('reads a /proc: null unless this process is PID 1, else the count', () => {
    const dir = procDir({
      1: { comm: 'node', rest: 'S 0 1 1' },
      12: { comm: 'sh', rest: 'S 1 12 12' },
      31: { comm: 'python', rest: 'Z 1 31 31' },
      40: { comm: 'pt_data_worker', rest: 'Z 1 31 31' },
      41: { comm: 'pt_data_worker', rest: 'Z 1 31 31' },
      50: { comm: 'sleep', rest: 'S 1 31 31' },
    });
    expect(adoptedZombies(dir, 1)).toBe(2);
    expect(adoptedZombies(dir, 4242)).toBeNull();
    expect(adoptedZombies(join(dir, 'missing'), 1)).toBeNull();
  });

  it('is said once per run, naming the count and the container settings that fix it; never when nothing is left or the tuner is not PID 1', () => {
    const said: string[] = [];
    const counts = [null, 0, 3, 5];
    const advise = createZombieAdvice((text) => said.push(text), () => {
      const next = counts.shift();
      return next === undefined ? 9 : next;
    });
    for (let trial = 0; trial < 6; trial += 1) advise();
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^hypertune runs as PID 1 \(a container started without an init\), and 3 processes that trials left behind are zombies it cannot reap: .*"Cannot fork"\. Start the container with an init: docker run --init, tini as its entrypoint, or shareProcessNamespace: true in the Kubernetes pod spec$/);
    const none: string[] = [];
    const quiet = createZombieAdvice((text) => none.push(text), () => null);
    for (let trial = 0; trial < 3; trial += 1) quiet();
    expect(none).toEqual([]);
  });
});
