import { readFileSync, readlinkSync } from 'node:fs';

/**
 * The kernel's start time of a process (clock ticks since boot, Linux only). A lock records it beside
 * the pid, so a pid reused by an unrelated process after a crash is not mistaken for the holder.
 */
export function processStartTime(pid: number): string | null {
  return procStat(pid)?.[19] ?? null;
}

/** Fields 3.. of /proc/<pid>/stat (state first), or null off Linux or when the process is gone. */
function procStat(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name before them may hold spaces and parentheses
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** Is `pid` (on this host) still the process that wrote a lock? */
export function isProcessAlive(pid: number, startTime: string | null): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const fields = procStat(pid);
  if (fields === null) return true;
  // a killed process its parent has not reaped yet is a zombie: dead for our purposes
  if (fields[0] === 'Z' || fields[0] === 'X') return false;
  return startTime === null || fields[19] === startTime;
}

let ownNamespace: string | null | undefined;

/**
 * This process's PID namespace (`pid:[4026532xyz]`), or null off Linux. Two containers that share a
 * host name (`--network host`, `hostNetwork: true`) each have their own pids: a pid recorded in one
 * means nothing in the other, so a holder is judged by its pid only within its own namespace.
 */
export function pidNamespace(): string | null {
  if (ownNamespace === undefined) {
    try {
      ownNamespace = readlinkSync('/proc/self/ns/pid');
    } catch {
      ownNamespace = null;
    }
  }
  return ownNamespace;
}
