import { readdirSync, readFileSync } from 'node:fs';

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // the process ended while we looked
  }
}

/** The parent pid from /proc/<pid>/stat; the command name before it may hold spaces and parentheses. */
function parentOf(pid: number): number | undefined {
  const stat = readOrEmpty(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return stat === '' ? undefined : Number(fields[1]);
}

export function commandLine(pid: number): string[] {
  return readOrEmpty(`/proc/${pid}/cmdline`).split('\0').filter((word) => word !== '');
}

/** The live children of `pid` (Linux /proc) whose command line has a word ending with `suffix`. */
export function childrenRunning(pid: number, suffix: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((child) => parentOf(child) === pid && commandLine(child).some((word) => word.endsWith(suffix)));
}
