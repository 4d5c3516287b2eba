import { readdirSync, readFileSync } from 'node:fs';

/**
 * Processes that trials left behind, ended and never reaped, when the tuner is PID 1: the first
 * process of a container started without an init (`docker run` without `--init`, a Kubernetes pod
 * without `shareProcessNamespace`). A trial's processes that outlive its main one (a trainer stopped
 * by a pruner or a timeout, its DataLoader workers ending a moment later) are handed to PID 1, and
 * Node waits only for the children it started: each stays a zombie, holding its PID until the
 * container ends, and under the container's PID limit trials then fail with "Cannot fork" (measured:
 * 15 trials of a program leaving three processes under a limit of 60). Null when this process is
 * not PID 1, or off Linux: someone else reaps them there (init, systemd, tini).
 */
export function adoptedZombies(procDir = '/proc', pid: number = process.pid): number | null {
  if (pid !== 1) return null;
  let entries: string[];
  try {
    entries = readdirSync(procDir).filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  let count = 0;
  for (const entry of entries) {
    const stat = readStat(`${procDir}/${entry}/stat`);
    if (stat !== null && isAdoptedZombie(Number(entry), stat, pid)) count += 1;
  }
  return count;
}

/**
 * One line of /proc/<pid>/stat: a zombie whose parent is `parent` and that led no process group. A
 * trial's main process and the reaper each lead their own group (they are started detached), and
 * they are reaped by Node, so a zombie of theirs is only a moment's; what trials leave behind are
 * members of a trial's group.
 */
export function isAdoptedZombie(pid: number, stat: string, parent: number): boolean {
  // the command name (field 2) may hold spaces and parentheses: the fields after it start past its last ')'
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [state, ppid, pgrp] = [fields[0], Number(fields[1]), Number(fields[2])];
  return state === 'Z' && ppid === parent && pgrp !== pid;
}

function readStat(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    // gone between the listing and the read
    return null;
  }
}
